/**
 * Authentication for the API and pages. A bearer token (API clients) or the session cookies
 * (pages, same JWT) identify the user; the user row is read on every request, so a deactivated
 * user is refused at once and a supervisor's units are always current.
 *
 * Cookie-authenticated state-changing requests must carry the CSRF token (double submit: the
 * `mc_csrf` cookie echoed in an `X-CSRF-Token` header or a `_csrf` form field).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Clock } from '../../clock.ts';
import type { Config } from '../../config.ts';
import type { Role } from '../../db/schema.ts';
import { AppError } from '../../lib/errors.ts';
import type { UserStore } from './store.ts';
import { ACCESS_TTL_SECONDS, signAccessToken, verifyAccessToken } from './tokens.ts';

export interface Auth {
  userId: number;
  orgId: number;
  role: Role;
  email: string;
  /** The staff member's employee (staff only). */
  employeeId: number | null;
  /** Supervisors: their units and every unit below them. Empty for other roles. */
  unitIds: number[];
  via: 'bearer' | 'cookie';
}

export type AuthVariables = { auth: Auth | null };

export const COOKIE = { access: 'mc_at', refresh: 'mc_rt', csrf: 'mc_csrf' } as const;

export interface AuthDeps {
  config: Config;
  clock: Clock;
  users: UserStore;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export const unauthorized = (message = 'Sign in first') => new AppError(401, 'unauthorized', message);
export const forbidden = () => new AppError(403, 'forbidden', 'Your role cannot do this');

function cookieOpts(config: Config, maxAge: number) {
  return {
    httpOnly: true,
    sameSite: 'Lax' as const,
    secure: config.publicBaseUrl.startsWith('https://'),
    path: '/',
    maxAge,
  };
}

/** Sets the session cookies after a login or a refresh. */
export function setSessionCookies(c: Context, config: Config, accessToken: string, refreshToken: string) {
  setCookie(c, COOKIE.access, accessToken, cookieOpts(config, ACCESS_TTL_SECONDS));
  setCookie(c, COOKIE.refresh, refreshToken, cookieOpts(config, 30 * 24 * 3600));
  if (!getCookie(c, COOKIE.csrf)) setCookie(c, COOKIE.csrf, randomBytes(24).toString('base64url'), cookieOpts(config, 30 * 24 * 3600));
}

export function clearSessionCookies(c: Context) {
  for (const name of Object.values(COOKIE)) deleteCookie(c, name, { path: '/' });
}

/** The CSRF token to embed in forms (creating the cookie if needed). */
export function csrfToken(c: Context, config: Config): string {
  let token = getCookie(c, COOKIE.csrf);
  if (!token) {
    token = randomBytes(24).toString('base64url');
    setCookie(c, COOKIE.csrf, token, cookieOpts(config, 30 * 24 * 3600));
  }
  return token;
}

/** Identifies the caller, if any; never refuses by itself (see requireAuth). */
export function authentication(deps: AuthDeps): MiddlewareHandler<{ Variables: AuthVariables }> {
  const secret = deps.config.jwtSecret;
  if (!secret || secret.length < 32) throw new Error('authentication: JWT_SECRET of at least 32 bytes is required');

  return async function authenticate(c, next) {
    c.set('auth', null);
    const header = c.req.header('authorization');
    let via: Auth['via'] = 'bearer';
    let claims;
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      claims = match ? await verifyAccessToken(secret, deps.clock, match[1]!) : undefined;
    } else {
      via = 'cookie';
      const access = getCookie(c, COOKIE.access);
      claims = access ? await verifyAccessToken(secret, deps.clock, access) : undefined;
      const refresh = getCookie(c, COOKIE.refresh);
      if (!claims && refresh) {
        // The page session outlives the 15-minute access token: rotate quietly.
        const rotated = await deps.users.rotateRefresh(refresh, deps.clock.now());
        if ('userId' in rotated) {
          const user = await deps.users.getActive(rotated.userId);
          if (user) {
            claims = { userId: user.id, orgId: user.orgId, role: user.role };
            setSessionCookies(c, deps.config, await signAccessToken(secret, deps.clock, claims), rotated.token);
          }
        } else {
          clearSessionCookies(c);
        }
      }
    }
    if (claims) {
      const user = await deps.users.getActive(claims.userId);
      if (user && user.orgId === claims.orgId) {
        c.set('auth', {
          userId: user.id,
          orgId: user.orgId,
          role: user.role,
          email: user.email,
          employeeId: user.role === 'staff' ? user.employeeId : null,
          unitIds: user.scopeUnitIds,
          via,
        });
      }
    }
    await next();
  };
}

async function csrfOk(c: Context): Promise<boolean> {
  const expected = getCookie(c, COOKIE.csrf);
  if (!expected) return false;
  let given = c.req.header('x-csrf-token');
  if (!given) {
    const type = c.req.header('content-type') ?? '';
    if (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data')) {
      const body = await c.req.parseBody();
      given = typeof body._csrf === 'string' ? body._csrf : undefined;
    }
  }
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Refuses anonymous callers (401, or a redirect to /login for pages) and roles not listed (403);
 * checks CSRF on cookie-authenticated state-changing requests.
 */
export function requireAuth(opts: { roles?: readonly Role[]; page?: boolean } = {}): MiddlewareHandler<{ Variables: AuthVariables }> {
  return async function requireAuthenticated(c, next) {
    const auth = c.get('auth');
    if (!auth) {
      if (opts.page && c.req.method === 'GET') {
        const next = encodeURIComponent(c.req.path + (new URL(c.req.url).search || ''));
        return c.redirect(`/login?next=${next}`, 303);
      }
      throw unauthorized();
    }
    if (opts.roles && !opts.roles.includes(auth.role)) throw forbidden();
    if (auth.via === 'cookie' && UNSAFE.has(c.req.method) && !(await csrfOk(c))) {
      throw new AppError(403, 'csrf_failed', 'Missing or wrong CSRF token');
    }
    await next();
  };
}

/** The authenticated caller (after requireAuth). */
export function authOf(c: Context): Auth {
  const auth = c.get('auth') as Auth | null;
  if (!auth) throw unauthorized();
  return auth;
}
