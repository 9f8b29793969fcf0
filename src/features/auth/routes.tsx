/** @jsxImportSource hono/jsx */
/**
 * `POST /api/v1/auth/login|refresh|logout` and the web sign-in: `GET/POST /login`, `POST /logout`.
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono, type Context } from 'hono';
import { getCookie } from 'hono/cookie';
import * as v from 'valibot';
import type { AppEnv } from '../../app.ts';
import { AppError } from '../../lib/errors.ts';
import { readJson } from '../../lib/http.ts';
import { negotiateLocale, translator, type Locale } from '../../lib/i18n.ts';
import { Layout } from '../../ui/layout.tsx';
import { clearSessionCookies, COOKIE, csrfToken, setSessionCookies } from './middleware.ts';
import { LoginSchema, RefreshSchema } from './schemas.ts';
import { login, refresh, type SessionDeps } from './service.ts';

export function clientIp(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

function withRetryAfter(c: Context, err: unknown): never {
  if (err instanceof AppError && 'retryAfter' in err) c.header('Retry-After', String(err.retryAfter));
  throw err;
}

/** Where a role lands after signing in. */
export const homeOf = (role: string) => (role === 'staff' ? '/me' : '/today');

function LoginPage(props: { locale: Locale; org: string; email: string; next: string; error?: string; csrf: string }) {
  const t = translator(props.locale);
  const other = props.locale === 'ko' ? 'en' : 'ko';
  return (
    <Layout locale={props.locale} title={`${t('login.title')} · mirrorcard`}>
      <div class="top">
        <span>mirrorcard</span>
        <a href={`/login?lang=${other}&next=${encodeURIComponent(props.next)}`} lang={other}>
          {t('lang.switch')}
        </a>
      </div>
      <h1>{t('login.title')}</h1>
      {props.error ? (
        <div class="alert" role="alert">
          {props.error}
        </div>
      ) : null}
      <form method="post" action={`/login?lang=${props.locale}`}>
        <input type="hidden" name="_csrf" value={props.csrf} />
        <input type="hidden" name="next" value={props.next} />
        {(['org', 'email', 'password'] as const).map((name) => (
          <div style="margin-bottom:.9rem">
            <label class="q" for={name}>
              {t(`login.${name}`)}
            </label>
            <input
              id={name}
              name={name}
              type={name === 'password' ? 'password' : name === 'email' ? 'email' : 'text'}
              value={name === 'org' ? props.org : name === 'email' ? props.email : ''}
              autocomplete={name === 'password' ? 'current-password' : name === 'email' ? 'username' : 'organization'}
              required
            />
          </div>
        ))}
        <button type="submit">{t('login.submit')}</button>
      </form>
    </Layout>
  );
}

/** Only same-site paths are followed after sign-in (no open redirect). */
const safeNext = (next: unknown) => (typeof next === 'string' && /^\/(?!\/)[^\s\\]*$/.test(next) ? next : undefined);

export function authRoutes(deps: SessionDeps) {
  const app = new Hono<AppEnv>();

  app.post('/api/v1/auth/login', async (c) => {
    const input = await readJson(c, LoginSchema);
    const tokens = await login(deps, input, clientIp(c)).catch((e: unknown) => withRetryAfter(c, e));
    const { userId: _u, role: _r, ...body } = tokens;
    return c.json(body, 200);
  });

  app.post('/api/v1/auth/refresh', async (c) => {
    const input = await readJson(c, RefreshSchema);
    const { userId: _u, role: _r, ...body } = await refresh(deps, input.refreshToken);
    return c.json(body, 200);
  });

  app.post('/api/v1/auth/logout', async (c) => {
    const input = await readJson(c, RefreshSchema);
    await deps.users.revokeRefresh(input.refreshToken, deps.clock.now());
    return c.body(null, 204);
  });

  const locale = (c: Context) =>
    negotiateLocale({ query: c.req.query('lang'), acceptLanguage: c.req.header('accept-language'), fallback: 'ko' });

  app.get('/login', (c) => {
    c.header('Cache-Control', 'no-store');
    return c.html(
      <LoginPage
        locale={locale(c)}
        org={c.req.query('org') ?? ''}
        email=""
        next={safeNext(c.req.query('next')) ?? ''}
        csrf={csrfToken(c, deps.config)}
      />,
    );
  });

  app.post('/login', async (c) => {
    const body = await c.req.parseBody();
    const loc = locale(c);
    const t = translator(loc);
    // Login CSRF: the form must echo the cookie's token.
    const expected = getCookie(c, COOKIE.csrf);
    const given = typeof body._csrf === 'string' ? body._csrf : '';
    const str = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');
    const again = (error: string, status: 400 | 401 | 403 | 429) =>
      c.html(
        <LoginPage locale={loc} org={str('org')} email={str('email')} next={safeNext(body.next) ?? ''} error={error} csrf={csrfToken(c, deps.config)} />,
        status,
      );
    if (!expected || given !== expected) return again(t('login.failed'), 403);
    const parsed = v.safeParse(LoginSchema, { org: str('org'), email: str('email'), password: str('password') });
    if (!parsed.success) return again(t('login.failed'), 400);
    try {
      const tokens = await login(deps, parsed.output, clientIp(c));
      setSessionCookies(c, deps.config, tokens.accessToken, tokens.refreshToken);
      return c.redirect(safeNext(body.next) ?? homeOf(tokens.role), 303);
    } catch (err) {
      if (err instanceof AppError && err.status === 429) {
        c.header('Retry-After', String((err as AppError & { retryAfter: number }).retryAfter));
        return again(t('login.limited'), 429);
      }
      if (err instanceof AppError && err.status === 401) return again(t('login.failed'), 401);
      throw err;
    }
  });

  app.post('/logout', async (c) => {
    const body = await c.req.parseBody();
    const expected = getCookie(c, COOKIE.csrf);
    if (!expected || body._csrf !== expected) throw new AppError(403, 'csrf_failed', 'Missing or wrong CSRF token');
    const rt = getCookie(c, COOKIE.refresh);
    if (rt) await deps.users.revokeRefresh(rt, deps.clock.now());
    clearSessionCookies(c);
    return c.redirect('/login', 303);
  });

  return app;
}
