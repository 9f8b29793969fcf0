/** Login, refresh and logout, shared by the JSON API and the login page. */
import type { Clock } from '../../clock.ts';
import type { Config } from '../../config.ts';
import { AppError } from '../../lib/errors.ts';
import type { OrganizationStore } from '../organizations/store.ts';
import { dummyHash, verifyPassword } from './password.ts';
import type { RateLimiter } from './rate-limit.ts';
import type { UserStore } from './store.ts';
import { ACCESS_TTL_SECONDS, signAccessToken } from './tokens.ts';

export interface SessionDeps {
  config: Config & { jwtSecret: string };
  clock: Clock;
  users: UserStore;
  organizations: OrganizationStore;
  limiter: RateLimiter;
}

export interface Tokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  tokenType: 'Bearer';
  userId: number;
  role: string;
}

export const LIMITS = {
  /** Failed attempts per account. */
  account: { max: 5, windowMs: 15 * 60_000 },
  /** All attempts per client address. */
  ip: { max: 30, windowMs: 15 * 60_000 },
};

export const invalidCredentials = () =>
  new AppError(401, 'invalid_credentials', 'The organization, e-mail or password is not right');

function rateLimited(seconds: number) {
  const err = new AppError(429, 'rate_limited', `Too many sign-in attempts; try again in ${seconds} seconds`);
  return Object.assign(err, { retryAfter: seconds });
}

export async function login(deps: SessionDeps, input: { org: string; email: string; password: string }, ip: string): Promise<Tokens> {
  const accountKey = `acct:${input.org.toLowerCase()}:${input.email.toLowerCase()}`;
  const ipKey = `ip:${ip}`;
  const wait = Math.max(deps.limiter.retryAfter(accountKey, LIMITS.account), deps.limiter.retryAfter(ipKey, LIMITS.ip));
  if (wait > 0) throw rateLimited(wait);
  deps.limiter.hit(ipKey, LIMITS.ip);

  const org = await deps.organizations.getBySlug(input.org.toLowerCase());
  const user = org ? await deps.users.findByEmail(org.id, input.email) : undefined;
  // Unknown user and wrong password cost the same time and answer the same 401.
  const ok = await verifyPassword(input.password, user?.passwordHash ?? (await dummyHash()));
  if (!user || !ok || !user.active) {
    deps.limiter.hit(accountKey, LIMITS.account);
    throw invalidCredentials();
  }
  deps.limiter.reset(accountKey);
  const now = deps.clock.now();
  return {
    accessToken: await signAccessToken(deps.config.jwtSecret, deps.clock, { userId: user.id, orgId: user.orgId, role: user.role }),
    refreshToken: await deps.users.issueRefresh(user.id, now),
    expiresIn: ACCESS_TTL_SECONDS,
    tokenType: 'Bearer',
    userId: user.id,
    role: user.role,
  };
}

export async function refresh(deps: SessionDeps, refreshToken: string): Promise<Tokens> {
  const rotated = await deps.users.rotateRefresh(refreshToken, deps.clock.now());
  if (!('userId' in rotated)) {
    throw rotated.error === 'reused'
      ? new AppError(401, 'refresh_token_reused', 'This refresh token was already used; every session from that sign-in is ended')
      : new AppError(401, 'invalid_refresh_token', 'The refresh token is unknown, expired or revoked');
  }
  const user = await deps.users.getActive(rotated.userId);
  if (!user) throw new AppError(401, 'invalid_refresh_token', 'The refresh token is unknown, expired or revoked');
  return {
    accessToken: await signAccessToken(deps.config.jwtSecret, deps.clock, { userId: user.id, orgId: user.orgId, role: user.role }),
    refreshToken: rotated.token,
    expiresIn: ACCESS_TTL_SECONDS,
    tokenType: 'Bearer',
    userId: user.id,
    role: user.role,
  };
}
