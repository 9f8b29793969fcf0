import { createHmac } from 'node:crypto';
import { sign } from 'hono/jwt';
import { beforeEach, describe, expect, test } from 'vitest';
import { fixedClock } from '../src/clock.ts';
import { hashPassword, verifyPassword } from '../src/features/auth/password.ts';
import { signAccessToken, TOKEN_AUDIENCE, TOKEN_ISSUER } from '../src/features/auth/tokens.ts';
import { cookieHeader, cookies, makeFixture, PASSWORD, postForm, postJson, type Fixture } from './support/fixture.ts';

let f: Fixture;
beforeEach(async () => {
  f = await makeFixture();
});

const login = (body: unknown, ip = '10.0.0.1') =>
  f.app.request('/api/v1/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  }, { incoming: { socket: { remoteAddress: ip } } });

/** Any authenticated route works as a probe: 200 with a good token, 401 without. */
const probe = (token: string) => f.app.request('/api/v1/touchpoints', { headers: { authorization: `Bearer ${token}` } });

const b64 = (x: unknown) => Buffer.from(JSON.stringify(x)).toString('base64url');

describe('passwords', () => {
  test('are hashed with scrypt and a random salt, and verified', async () => {
    const a = await hashPassword('s3cret-pass-word', { N: 1024, r: 8, p: 1 });
    const b = await hashPassword('s3cret-pass-word', { N: 1024, r: 8, p: 1 });
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('s3cret');
    expect(await verifyPassword('s3cret-pass-word', a)).toBe(true);
    expect(await verifyPassword('s3cret-pass-wore', a)).toBe(false);
    expect(await verifyPassword('x', 'not-a-hash')).toBe(false);
  });

  test('are never stored in clear', () => {
    const rows = f.db.$client.prepare('SELECT password_hash FROM users').all() as { password_hash: string }[];
    for (const r of rows) expect(r.password_hash).not.toContain(PASSWORD);
  });
});

describe('POST /api/v1/auth/login', () => {
  test('answers tokens for the right org, e-mail and password', async () => {
    const res = await login({ org: 'hanbit', email: 'Admin@Hanbit.example', password: PASSWORD });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { accessToken: string; refreshToken: string; expiresIn: number; tokenType: string };
    expect(body.expiresIn).toBe(900);
    expect(body.tokenType).toBe('Bearer');
    expect((await probe(body.accessToken)).status).toBe(200);
    const [header, payload] = body.accessToken.split('.').slice(0, 2).map((p) => JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>);
    expect(header).toMatchObject({ alg: 'HS256' });
    expect(payload).toMatchObject({ iss: TOKEN_ISSUER, aud: TOKEN_AUDIENCE, role: 'admin', org: f.org.id });
    expect((payload!.exp as number) - (payload!.iat as number)).toBe(900);
    // The refresh token is stored only as a hash.
    const stored = f.db.$client.prepare('SELECT token_hash FROM refresh_tokens').all() as { token_hash: string }[];
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token_hash).not.toBe(body.refreshToken);
  });

  test('unknown user, wrong password, wrong org and deactivated user all answer the same 401', async () => {
    await postJson(f.app, `/api/v1/users/${f.users.staffLee.id}/deactivate`, {}, await f.as(f.users.admin));
    f.db.$client.prepare('UPDATE users SET active = 0 WHERE id = ?').run(f.users.staffLee.id);
    const answers = await Promise.all([
      login({ org: 'hanbit', email: 'nobody@hanbit.example', password: PASSWORD }, '1.1.1.1'),
      login({ org: 'hanbit', email: 'admin@hanbit.example', password: 'wrong password!' }, '1.1.1.2'),
      login({ org: 'other', email: 'admin@hanbit.example', password: PASSWORD }, '1.1.1.3'),
      login({ org: 'hanbit', email: 'lee@hanbit.example', password: PASSWORD }, '1.1.1.4'),
    ]);
    const bodies = await Promise.all(answers.map(async (r) => [r.status, await r.text()]));
    expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1);
    expect(bodies[0]![0]).toBe(401);
    expect(JSON.parse(bodies[0]![1] as string).error.code).toBe('invalid_credentials');
  });

  test('bad bodies are 400 in the error shape', async () => {
    const res = await login({ org: 'hanbit', email: 'admin@hanbit.example' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { issues: { path: string }[] } }).error.issues[0]!.path).toBe('password');
  });

  test('failed attempts are rate-limited per account, with Retry-After', async () => {
    for (let i = 0; i < 5; i++) {
      expect((await login({ org: 'hanbit', email: 'admin@hanbit.example', password: `wrong-${i}` }, `2.2.2.${i}`)).status).toBe(401);
    }
    // Even the right password is refused while the account is locked, from any address.
    const locked = await login({ org: 'hanbit', email: 'admin@hanbit.example', password: PASSWORD }, '3.3.3.3');
    expect(locked.status).toBe(429);
    expect(((await locked.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    // Other accounts are unaffected.
    expect((await login({ org: 'hanbit', email: 'kim@hanbit.example', password: PASSWORD }, '3.3.3.3')).status).toBe(200);
    f.clock.advance(15 * 60_000 + 1);
    expect((await login({ org: 'hanbit', email: 'admin@hanbit.example', password: PASSWORD }, '3.3.3.3')).status).toBe(200);
  });

  test('attempts are rate-limited per IP address', async () => {
    for (let i = 0; i < 30; i++) await login({ org: 'hanbit', email: `user${i}@hanbit.example`, password: 'x' }, '9.9.9.9');
    expect((await login({ org: 'hanbit', email: 'kim@hanbit.example', password: PASSWORD }, '9.9.9.9')).status).toBe(429);
    expect((await login({ org: 'hanbit', email: 'kim@hanbit.example', password: PASSWORD }, '9.9.9.10')).status).toBe(200);
  });
});

describe('access token tampering is refused', () => {
  const secret = () => f.config.jwtSecret!;
  const claims = () => {
    const iat = Math.floor(f.clock.now().getTime() / 1000);
    return { sub: String(f.users.admin.id), org: f.org.id, role: 'admin', iss: TOKEN_ISSUER, aud: TOKEN_AUDIENCE, iat, exp: iat + 900 };
  };

  test('a good token is accepted (control)', async () => {
    expect((await probe(await sign(claims(), secret(), 'HS256'))).status).toBe(200);
  });

  test('alg none', async () => {
    const token = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.`;
    expect((await probe(token)).status).toBe(401);
  });

  test('another algorithm with the same secret', async () => {
    expect((await probe(await sign(claims(), secret(), 'HS512'))).status).toBe(401);
    expect((await probe(await sign(claims(), secret(), 'HS384'))).status).toBe(401);
  });

  test('a header that lies about its algorithm', async () => {
    const head = b64({ alg: 'HS256', typ: 'JWT' });
    const body = b64(claims());
    const sig = createHmac('sha512', secret()).update(`${head}.${body}`).digest('base64url');
    expect((await probe(`${head}.${body}.${sig}`)).status).toBe(401);
  });

  test('a wrong signature', async () => {
    expect((await probe(await sign(claims(), 'another-secret-another-secret-0000', 'HS256'))).status).toBe(401);
    const good = await sign(claims(), secret(), 'HS256');
    const [h, , s] = good.split('.');
    const elevated = b64({ ...claims(), sub: String(f.users.otherAdmin.id), org: f.other.org.id });
    expect((await probe(`${h}.${elevated}.${s}`)).status).toBe(401);
  });

  test('an expired token', async () => {
    const early = fixedClock(new Date(f.clock.now().getTime() - 16 * 60_000));
    const token = await signAccessToken(secret(), early, { userId: f.users.admin.id, orgId: f.org.id, role: 'admin' });
    expect((await probe(token)).status).toBe(401);
    f.clock.advance(0);
    const fresh = await f.tokenFor(f.users.admin);
    f.clock.advance(15 * 60_000);
    expect((await probe(fresh)).status).toBe(401);
  });

  test('a token without exp', async () => {
    const { exp: _exp, ...noExp } = claims();
    expect((await probe(await sign(noExp, secret(), 'HS256'))).status).toBe(401);
  });

  test('a wrong issuer or audience', async () => {
    expect((await probe(await sign({ ...claims(), iss: 'someone-else' }, secret(), 'HS256'))).status).toBe(401);
    expect((await probe(await sign({ ...claims(), aud: 'another-api' }, secret(), 'HS256'))).status).toBe(401);
  });

  test('a token whose org does not match the user', async () => {
    expect((await probe(await sign({ ...claims(), org: f.other.org.id }, secret(), 'HS256'))).status).toBe(401);
  });

  test('garbage', async () => {
    for (const t of ['x', 'a.b.c', '', '..']) expect((await probe(t)).status).toBe(401);
    const res = await f.app.request('/api/v1/touchpoints', { headers: { authorization: 'Basic abc' } });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
  });
});

describe('refresh tokens', () => {
  async function tokens() {
    return (await (await login({ org: 'hanbit', email: 'admin@hanbit.example', password: PASSWORD })).json()) as {
      accessToken: string;
      refreshToken: string;
    };
  }
  const refresh = (refreshToken: string) => postJson(f.app, '/api/v1/auth/refresh', { refreshToken });

  test('rotate on use', async () => {
    const first = await tokens();
    const res = await refresh(first.refreshToken);
    expect(res.status).toBe(200);
    const second = (await res.json()) as { accessToken: string; refreshToken: string };
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect((await probe(second.accessToken)).status).toBe(200);
    expect((await refresh(second.refreshToken)).status).toBe(200);
  });

  test('reuse of a rotated token revokes the whole family', async () => {
    const first = await tokens();
    const second = (await (await refresh(first.refreshToken)).json()) as { refreshToken: string };
    const reuse = await refresh(first.refreshToken);
    expect(reuse.status).toBe(401);
    expect(((await reuse.json()) as { error: { code: string } }).error.code).toBe('refresh_token_reused');
    // The legitimate-looking newer token is dead too.
    expect((await refresh(second.refreshToken)).status).toBe(401);
    // Another sign-in (another family) is untouched.
    const other = await tokens();
    expect((await refresh(other.refreshToken)).status).toBe(200);
  });

  test('expire after 30 days', async () => {
    const first = await tokens();
    f.clock.advance(30 * 86_400_000 + 1);
    expect((await refresh(first.refreshToken)).status).toBe(401);
  });

  test('logout revokes', async () => {
    const first = await tokens();
    const res = await postJson(f.app, '/api/v1/auth/logout', { refreshToken: first.refreshToken });
    expect(res.status).toBe(204);
    expect((await refresh(first.refreshToken)).status).toBe(401);
  });

  test('an unknown token is 401', async () => {
    expect((await refresh('nope')).status).toBe(401);
  });
});

describe('web sessions', () => {

  async function signIn(email = 'desk.lead@hanbit.example') {
    const page = await f.app.request('/login?lang=en');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Sign in');
    const jar = cookies(page);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
    const res = await postForm(f.app, '/login?lang=en', { _csrf: csrf, org: 'hanbit', email, password: PASSWORD, next: '/admin/touchpoints/sheet' }, { cookie: cookieHeader(jar) });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/touchpoints/sheet');
    const set = res.headers.getSetCookie().join('\n');
    expect(set).toMatch(/mc_at=[^;]+;.*HttpOnly/);
    expect(set).toMatch(/SameSite=Lax/);
    expect(set).not.toMatch(/Secure/); // http base URL
    return { ...jar, ...cookies(res) };
  }

  test('the login page signs in with cookies, and pages then work', async () => {
    const jar = await signIn();
    const sheet = await f.app.request('/admin/touchpoints/sheet', { headers: { cookie: cookieHeader(jar) } });
    expect(sheet.status).toBe(200);
    expect(await sheet.text()).toContain('Front desk');
  });

  test('the login form is refused without the CSRF token, and a wrong password re-shows the form', async () => {
    const noCsrf = await postForm(f.app, '/login', { org: 'hanbit', email: 'admin@hanbit.example', password: PASSWORD });
    expect(noCsrf.status).toBe(403);
    const page = await f.app.request('/login?lang=ko');
    const jar = cookies(page);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
    const wrong = await postForm(f.app, '/login?lang=ko', { _csrf: csrf, org: 'hanbit', email: 'admin@hanbit.example', password: 'nope nope nope' }, { cookie: cookieHeader(jar) });
    expect(wrong.status).toBe(401);
    const html = await wrong.text();
    expect(html).toContain('조직, 이메일 또는 비밀번호가 올바르지 않습니다.');
    expect(html).toContain('value="admin@hanbit.example"');
  });

  test('cookie-authenticated writes need the CSRF token; bearer calls do not', async () => {
    const jar = await signIn('admin@hanbit.example');
    const path = `/api/v1/touchpoints/${f.touchpoints.bib.id}/deactivate`;
    const withoutToken = await f.app.request(path, { method: 'POST', headers: { cookie: cookieHeader(jar), 'content-type': 'application/json' }, body: '{}' });
    expect(withoutToken.status).toBe(403);
    expect(((await withoutToken.json()) as { error: { code: string } }).error.code).toBe('csrf_failed');
    const wrongToken = await f.app.request(path, { method: 'POST', headers: { cookie: cookieHeader(jar), 'x-csrf-token': 'forged', 'content-type': 'application/json' }, body: '{}' });
    expect(wrongToken.status).toBe(403);
    expect((await f.app.request(`/t/${f.touchpoints.bib.code}`)).status).toBe(200); // untouched so far
    const ok = await f.app.request(path, { method: 'POST', headers: { cookie: cookieHeader(jar), 'x-csrf-token': jar.mc_csrf!, 'content-type': 'application/json' }, body: '{}' });
    expect(ok.status).toBe(200);
  });

  test('an expired access cookie is renewed from the refresh cookie', async () => {
    const jar = await signIn();
    f.clock.advance(20 * 60_000);
    const res = await f.app.request('/admin/touchpoints/sheet', { headers: { cookie: cookieHeader(jar) } });
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie().join('\n')).toMatch(/mc_at=/);
  });

  test('sign-out ends the session', async () => {
    const jar = await signIn();
    const out = await postForm(f.app, '/logout', { _csrf: jar.mc_csrf! }, { cookie: cookieHeader(jar) });
    expect(out.status).toBe(303);
    f.clock.advance(20 * 60_000);
    const res = await f.app.request('/admin/touchpoints/sheet', { headers: { cookie: cookieHeader(jar) } });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(/^\/login\?next=/);
  });

  test('next= never redirects off-site', async () => {
    const page = await f.app.request('/login');
    const jar = cookies(page);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
    const res = await postForm(f.app, '/login', { _csrf: csrf, org: 'hanbit', email: 'kim@hanbit.example', password: PASSWORD, next: '//evil.example/x' }, { cookie: cookieHeader(jar) });
    expect(res.headers.get('location')).toBe('/me');
  });
});
