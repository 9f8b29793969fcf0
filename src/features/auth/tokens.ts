/**
 * Access tokens: HS256 JWTs signed with hono/jwt. The algorithm is pinned, `exp` is always set
 * (15 minutes) and required, `iss` and `aud` are checked, and expiry is judged by the injected
 * clock rather than the wall clock.
 */
import { sign, verify } from 'hono/jwt';
import type { Clock } from '../../clock.ts';
import { ROLES, type Role } from '../../db/schema.ts';

export const ACCESS_TTL_SECONDS = 15 * 60;
export const TOKEN_ISSUER = 'mirrorcard';
export const TOKEN_AUDIENCE = 'mirrorcard-api';

export interface AccessClaims {
  userId: number;
  orgId: number;
  role: Role;
}

export async function signAccessToken(secret: string, clock: Clock, claims: AccessClaims): Promise<string> {
  const iat = Math.floor(clock.now().getTime() / 1000);
  return sign(
    {
      sub: String(claims.userId),
      org: claims.orgId,
      role: claims.role,
      iss: TOKEN_ISSUER,
      aud: TOKEN_AUDIENCE,
      iat,
      exp: iat + ACCESS_TTL_SECONDS,
    },
    secret,
    'HS256',
  );
}

/** The claims of a valid token, or undefined for anything else (never throws). */
export async function verifyAccessToken(secret: string, clock: Clock, token: string): Promise<AccessClaims | undefined> {
  try {
    const payload = await verify(token, secret, {
      alg: 'HS256',
      iss: TOKEN_ISSUER,
      aud: TOKEN_AUDIENCE,
      // Time claims are checked below against the injected clock.
      exp: false,
      nbf: false,
      iat: false,
    });
    const now = clock.now().getTime() / 1000;
    if (typeof payload.exp !== 'number' || payload.exp <= now) return undefined;
    if (typeof payload.nbf === 'number' && payload.nbf > now + 5) return undefined;
    const userId = Number(payload.sub);
    const orgId = payload.org;
    const role = payload.role;
    if (!Number.isInteger(userId) || typeof orgId !== 'number' || !ROLES.includes(role as Role)) return undefined;
    return { userId, orgId, role: role as Role };
  } catch {
    return undefined;
  }
}
