import { randomBytes } from 'node:crypto';

/** A public touchpoint code: 128 bits from the CSPRNG, base64url (22 characters). */
export function generateTouchpointCode(): string {
  return randomBytes(16).toString('base64url');
}

/** Shape check before any database look-up: cheap rejection of junk paths. */
export const TOUCHPOINT_CODE = /^[A-Za-z0-9_-]{16,64}$/;
