/**
 * The authorization matrix: every route × every kind of caller → the expected status, kept as
 * one table. The test enumerates the app's registered routes, so a route missing from the
 * table fails the suite.
 *
 * Callers: anonymous; staff A (Lee, front desk) and staff B (Kim, caddies); supervisor X (front
 * desk) and supervisor Y (golf club); admin 1 (this organization) and admin 2 (another one).
 * The targets of :id routes live in the front desk unit, inside supervisor X's scope only.
 */
import { describe, expect, test } from 'vitest';
import { createApp } from '../src/app.ts';
import { fixedClock } from '../src/clock.ts';
import { testConfig } from '../src/config.ts';
import { openMigratedDatabase } from '../src/db/client.ts';
import { makeFixture, PASSWORD, postJson, type Fixture } from './support/fixture.ts';

const ACTORS = ['anon', 'staffA', 'staffB', 'supX', 'supY', 'admin1', 'admin2'] as const;
type Actor = (typeof ACTORS)[number];
type Expect = [anon: number, staffA: number, staffB: number, supX: number, supY: number, admin1: number, admin2: number];

interface Targets {
  heldCardId: number;
  heldPraiseId: number;
  flagId: number;
  webhookId: number;
  deadNotificationId: number;
}

interface Req {
  path: string;
  body?: unknown;
  form?: Record<string, string>;
  csv?: string;
}

const all = (s: number): Expect => [s, s, s, s, s, s, s];
const staffOnly = (ok: number): Expect => [401, ok, ok, 403, 403, 403, 403];
const members = (ok: number): Expect => [401, ok, ok, ok, ok, ok, ok];
const managersList = (ok: number): Expect => [401, 403, 403, ok, ok, ok, ok];
/** A target in the front desk: supervisor X and admin 1 reach it; Y and admin 2 get 404. */
const managersScoped = (ok: number): Expect => [401, 403, 403, ok, 404, ok, 404];
const adminsOnly = (ok: number, otherOrg = ok): Expect => [401, 403, 403, 403, 403, ok, otherOrg];
const pages = (ok: number, staff = 403): Expect => [303, staff, staff, ok, ok, ok, ok];

const MATRIX: Record<string, { req: (f: Fixture, t: Targets) => Req; expect: Expect }> = {
  'GET /healthz': { req: () => ({ path: '/healthz' }), expect: all(200) },
  'GET /': { req: () => ({ path: '/' }), expect: all(302) },
  'GET /openapi.json': { req: () => ({ path: '/openapi.json' }), expect: all(200) },
  'GET /docs': { req: () => ({ path: '/docs' }), expect: all(200) },

  // The customer's path: open to everyone, whoever else they are.
  'POST /api/v1/t/:code/cards': { req: (f) => ({ path: `/api/v1/t/${f.touchpoints.frontDesk.code}/cards`, body: { overall: 5 } }), expect: all(201) },
  'POST /api/v1/t/:code/praise': { req: (f) => ({ path: `/api/v1/t/${f.touchpoints.bib.code}/praise`, body: { body: '감사합니다' } }), expect: all(201) },
  'GET /t/:code': { req: (f) => ({ path: `/t/${f.touchpoints.frontDesk.code}` }), expect: all(200) },
  'GET /t/:code/praise': { req: (f) => ({ path: `/t/${f.touchpoints.frontDesk.code}/praise` }), expect: all(200) },
  'GET /t/:code/thanks': { req: (f) => ({ path: `/t/${f.touchpoints.frontDesk.code}/thanks` }), expect: all(200) },
  'POST /t/:code': { req: (f) => ({ path: `/t/${f.touchpoints.frontDesk.code}`, form: { overall: '4' } }), expect: all(303) },
  'POST /t/:code/praise': { req: (f) => ({ path: `/t/${f.touchpoints.bib.code}/praise`, form: { body: 'Thanks!' } }), expect: all(303) },

  // Signing in and out.
  'POST /api/v1/auth/login': { req: () => ({ path: '/api/v1/auth/login', body: { org: 'hanbit', email: 'admin@hanbit.example', password: PASSWORD } }), expect: all(200) },
  'POST /api/v1/auth/refresh': { req: () => ({ path: '/api/v1/auth/refresh', body: { refreshToken: 'not-a-token' } }), expect: all(401) },
  'POST /api/v1/auth/logout': { req: () => ({ path: '/api/v1/auth/logout', body: { refreshToken: 'not-a-token' } }), expect: all(204) },
  'GET /login': { req: () => ({ path: '/login' }), expect: all(200) },
  'POST /login': { req: () => ({ path: '/login', form: { org: 'hanbit', email: 'admin@hanbit.example', password: PASSWORD } }), expect: all(403) }, // no CSRF token
  'POST /logout': { req: () => ({ path: '/logout', form: {} }), expect: all(403) }, // no CSRF token

  // Staff: their own feed, numbers and flags.
  'GET /api/v1/me/feed': { req: () => ({ path: '/api/v1/me/feed' }), expect: staffOnly(200) },
  'POST /api/v1/me/feed/read': { req: () => ({ path: '/api/v1/me/feed/read', body: {} }), expect: staffOnly(204) },
  'GET /me': { req: () => ({ path: '/me' }), expect: [303, 200, 200, 303, 303, 303, 303] }, // others are sent to the wall
  'POST /me/read': { req: () => ({ path: '/me/read', form: {} }), expect: staffOnly(303) },
  'GET /api/v1/me/appraisal': { req: () => ({ path: '/api/v1/me/appraisal' }), expect: staffOnly(200) },
  'GET /me/numbers': { req: () => ({ path: '/me/numbers' }), expect: [303, 200, 200, 403, 403, 403, 403] },
  'GET /api/v1/me/flags': { req: () => ({ path: '/api/v1/me/flags' }), expect: staffOnly(200) },

  // Every member of the organization.
  'GET /api/v1/wall': { req: () => ({ path: '/api/v1/wall' }), expect: members(200) },
  'GET /wall': { req: () => ({ path: '/wall' }), expect: [303, 200, 200, 200, 200, 200, 200] },

  // Administration.
  'GET /api/v1/units': { req: () => ({ path: '/api/v1/units' }), expect: managersList(200) },
  'POST /api/v1/units': { req: (f) => ({ path: '/api/v1/units', body: { name: 'Night desk', kind: 'team', parentId: f.units.desk.id } }), expect: adminsOnly(201, 400) },
  'PATCH /api/v1/units/:id': { req: (f) => ({ path: `/api/v1/units/${f.units.desk.id}`, body: { name: 'Reception' } }), expect: adminsOnly(200, 404) },
  'GET /api/v1/employees': { req: () => ({ path: '/api/v1/employees' }), expect: managersList(200) },
  'GET /api/v1/employees/:id': { req: (f) => ({ path: `/api/v1/employees/${f.employees.park.id}` }), expect: managersScoped(200) },
  'POST /api/v1/employees': { req: (f) => ({ path: '/api/v1/employees', body: { employeeNo: 'H-900', displayName: 'New', fullName: '신입', unitId: f.units.desk.id } }), expect: adminsOnly(201, 400) },
  'PATCH /api/v1/employees/:id': { req: (f) => ({ path: `/api/v1/employees/${f.employees.park.id}`, body: { displayName: 'Mr. Park' } }), expect: adminsOnly(200, 404) },
  'POST /api/v1/employees/:id/deactivate': { req: (f) => ({ path: `/api/v1/employees/${f.employees.park.id}/deactivate`, body: {} }), expect: adminsOnly(200, 404) },
  'POST /api/v1/employees/import': {
    req: (f) => ({ path: '/api/v1/employees/import', csv: `employee_no,display_name,full_name,unit_id\nH-901,Ahn,안지수,${f.units.desk.id}\n` }),
    expect: adminsOnly(200),
  },
  'GET /api/v1/templates': { req: () => ({ path: '/api/v1/templates' }), expect: managersList(200) },
  'POST /api/v1/templates': { req: () => ({ path: '/api/v1/templates', body: { name: 'standard', dimensions: [{ key: 'courtesy', label: { ko: '친절', en: 'Courtesy' } }] } }), expect: adminsOnly(201) },
  'GET /api/v1/users': { req: () => ({ path: '/api/v1/users' }), expect: adminsOnly(200) },
  'POST /api/v1/users': { req: () => ({ path: '/api/v1/users', body: { email: 'new.admin@example.com', password: 'long enough password', role: 'admin' } }), expect: adminsOnly(201) },
  'POST /api/v1/users/:id/reset-password': { req: (f) => ({ path: `/api/v1/users/${f.users.staffKim.id}/reset-password`, body: {} }), expect: adminsOnly(200, 404) },
  'POST /api/v1/users/:id/deactivate': { req: (f) => ({ path: `/api/v1/users/${f.users.staffKim.id}/deactivate`, body: {} }), expect: [401, 403, 403, 403, 403, 200, 404] },
  'GET /api/v1/audit': { req: () => ({ path: '/api/v1/audit' }), expect: adminsOnly(200) },

  // Touchpoints and QR codes.
  'GET /api/v1/touchpoints': { req: () => ({ path: '/api/v1/touchpoints' }), expect: managersList(200) },
  'GET /api/v1/touchpoints/:id': { req: (f) => ({ path: `/api/v1/touchpoints/${f.touchpoints.frontDesk.id}` }), expect: managersScoped(200) },
  'POST /api/v1/touchpoints': { req: (f) => ({ path: '/api/v1/touchpoints', body: { name: 'Lobby', unitId: f.units.desk.id, templateId: f.template.id } }), expect: adminsOnly(201, 400) },
  'POST /api/v1/touchpoints/:id/deactivate': { req: (f) => ({ path: `/api/v1/touchpoints/${f.touchpoints.frontDesk.id}/deactivate`, body: {} }), expect: adminsOnly(200, 404) },
  'POST /api/v1/touchpoints/:id/rotate-code': { req: (f) => ({ path: `/api/v1/touchpoints/${f.touchpoints.frontDesk.id}/rotate-code`, body: {} }), expect: adminsOnly(200, 404) },
  'GET /api/v1/touchpoints/:id/qr.svg': { req: (f) => ({ path: `/api/v1/touchpoints/${f.touchpoints.frontDesk.id}/qr.svg` }), expect: managersScoped(200) },
  'GET /api/v1/touchpoints/:id/qr.png': { req: (f) => ({ path: `/api/v1/touchpoints/${f.touchpoints.frontDesk.id}/qr.png` }), expect: managersScoped(200) },
  'GET /admin/touchpoints/sheet': { req: () => ({ path: '/admin/touchpoints/sheet' }), expect: pages(200) },

  // Appraisal.
  'GET /api/v1/appraisal': { req: () => ({ path: '/api/v1/appraisal' }), expect: managersList(200) },
  'POST /api/v1/appraisal/close': { req: (f) => ({ path: '/api/v1/appraisal/close', body: { unit: f.units.desk.id, from: '2026-10-01', to: '2026-10-31' } }), expect: managersScoped(201) },
  'GET /api/v1/employees/:id/appraisal': { req: (f) => ({ path: `/api/v1/employees/${f.employees.park.id}/appraisal` }), expect: managersScoped(200) },
  'GET /team': { req: () => ({ path: '/team' }), expect: pages(200) },
  'GET /team/:id': { req: (f) => ({ path: `/team/${f.employees.park.id}` }), expect: [303, 403, 403, 200, 404, 200, 404] },

  // Coaching flags and the digest.
  'GET /api/v1/flags': { req: () => ({ path: '/api/v1/flags' }), expect: managersList(200) },
  'GET /api/v1/flags/:id': { req: (_f, t) => ({ path: `/api/v1/flags/${t.flagId}` }), expect: managersScoped(200) },
  'PATCH /api/v1/flags/:id': { req: (_f, t) => ({ path: `/api/v1/flags/${t.flagId}`, body: { state: 'acknowledged' } }), expect: managersScoped(200) },
  'GET /api/v1/flags-rule': { req: () => ({ path: '/api/v1/flags-rule' }), expect: managersList(200) },
  'PUT /api/v1/flags-rule': { req: () => ({ path: '/api/v1/flags-rule', body: { windowDays: 30, minNegatives: 3, minDistinctDays: 2, minProbability: 0.9 } }), expect: adminsOnly(200) },
  'GET /api/v1/digest/today': { req: () => ({ path: '/api/v1/digest/today' }), expect: managersList(200) },
  'GET /today': { req: () => ({ path: '/today' }), expect: pages(200) },
  'GET /flags': { req: () => ({ path: '/flags' }), expect: pages(200) },
  'POST /flags/:id': { req: (_f, t) => ({ path: `/flags/${t.flagId}`, form: { state: 'acknowledged' } }), expect: managersScoped(303) },

  // Moderation.
  'GET /api/v1/moderation': { req: () => ({ path: '/api/v1/moderation' }), expect: managersList(200) },
  'POST /api/v1/moderation/cards/:id': { req: (_f, t) => ({ path: `/api/v1/moderation/cards/${t.heldCardId}`, body: { decision: 'publish' } }), expect: managersScoped(200) },
  'POST /api/v1/moderation/praise/:id': { req: (_f, t) => ({ path: `/api/v1/moderation/praise/${t.heldPraiseId}`, body: { decision: 'reject' } }), expect: managersScoped(200) },

  // Notifications.
  'GET /api/v1/webhooks': { req: () => ({ path: '/api/v1/webhooks' }), expect: adminsOnly(200) },
  'POST /api/v1/webhooks': { req: () => ({ path: '/api/v1/webhooks', body: { url: 'https://hooks.example.com/mirrorcard', events: ['flag.opened'] } }), expect: adminsOnly(201) },
  'POST /api/v1/webhooks/:id/deactivate': { req: (_f, t) => ({ path: `/api/v1/webhooks/${t.webhookId}/deactivate`, body: {} }), expect: adminsOnly(200, 404) },
  'GET /api/v1/notifications': { req: () => ({ path: '/api/v1/notifications' }), expect: adminsOnly(200) },
  'POST /api/v1/notifications/:id/retry': { req: (_f, t) => ({ path: `/api/v1/notifications/${t.deadNotificationId}/retry`, body: {} }), expect: adminsOnly(200, 404) },
};

/** Data that the :id routes need: a flag in the front desk, a webhook, a dead notification. */
async function targets(f: Fixture): Promise<Targets> {
  const flagId = (await f.stores.flags.open({
    orgId: f.org.id,
    employeeId: f.employees.lee.id,
    unitId: f.units.desk.id,
    rule: { windowDays: 30, minNegatives: 3, minDistinctDays: 2, minProbability: 0.9 },
    evidence: { window: { from: '2026-10-22', to: '2026-11-20', since: '2026-10-21T15:00:00.000Z' }, cardIds: [], personCards: 5, negatives: 3, negativeDays: 3, employeeRate: 0.6, unitRate: 0.05, unitPersonCards: 40, unitNegatives: 2, probability: 0.99 },
    explanation: 'test flag',
    previousFlagId: null,
    now: f.clock.now(),
  }))!;
  const c = f.db.$client;
  const webhookId = Number(c.prepare("INSERT INTO webhooks (org_id, url, secret, events) VALUES (?, 'https://hooks.example.com/x', 'whsec_dGVzdHRlc3R0ZXN0dGVzdHRlc3R0ZXN0dGVzdA==', '[\"flag.opened\"]')").run(f.org.id).lastInsertRowid);
  const now = f.clock.now().getTime();
  const deadNotificationId = Number(
    c.prepare("INSERT INTO outbox (org_id, event, channel, target, message_id, payload, status, attempts, next_attempt_at, created_at) VALUES (?, 'flag.opened', 'webhook', ?, 'msg_matrix', '{}', 'dead', 8, ?, ?)")
      .run(f.org.id, String(webhookId), now, now).lastInsertRowid,
  );
  // Held for moderation, at the front desk.
  const held = async (path: string, body: unknown) => ((await (await postJson(f.app, path, body)).json()) as { id: number }).id;
  const heldCardId = await held(`/api/v1/t/${f.touchpoints.frontDesk.code}/cards`, { overall: 1, comment: '씨발 진짜', employeeId: f.employees.lee.id });
  const heldPraiseId = await held(`/api/v1/t/${f.touchpoints.frontDesk.code}/praise`, { body: 'visit http://spam.example', employeeId: f.employees.lee.id });
  return { heldCardId, heldPraiseId, flagId, webhookId, deadNotificationId };
}

function userOf(f: Fixture, actor: Actor) {
  const map = { staffA: f.users.staffLee, staffB: f.users.staffKim, supX: f.users.supervisorDesk, supY: f.users.supervisorGolf, admin1: f.users.admin, admin2: f.users.otherAdmin } as const;
  return actor === 'anon' ? undefined : map[actor];
}

async function call(f: Fixture, method: string, r: Req, actor: Actor): Promise<number> {
  const user = userOf(f, actor);
  const headers: Record<string, string> = user ? { authorization: `Bearer ${await f.tokenFor(user)}` } : {};
  let body: string | undefined;
  if (r.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(r.body);
  } else if (r.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(r.form).toString();
  } else if (r.csv !== undefined) {
    headers['content-type'] = 'text/csv; charset=utf-8';
    body = r.csv;
  }
  const res = await f.app.request(r.path, { method, headers, ...(body !== undefined ? { body } : {}) });
  await res.arrayBuffer();
  return res.status;
}

function registeredRoutes(): string[] {
  const app = createApp({ db: openMigratedDatabase(':memory:'), config: testConfig(), clock: fixedClock('2026-11-20T03:00:00Z') });
  return [...new Set(app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`))];
}

describe('authorization matrix', () => {
  test('every registered route is in the table, and every row of the table is a route', () => {
    const routes = registeredRoutes().sort();
    expect(routes).toEqual(Object.keys(MATRIX).sort());
  });

  test.each(Object.entries(MATRIX))('%s', async (route, { req, expect: expected }) => {
    const method = route.split(' ')[0]!;
    const got: Record<string, number> = {};
    // Each caller gets a fresh world, so one caller's write never changes what the next one sees.
    for (const actor of ACTORS) {
      const f = await makeFixture();
      const t = await targets(f);
      got[actor] = await call(f, method, req(f, t), actor);
    }
    expect(got).toEqual(Object.fromEntries(ACTORS.map((a, i) => [a, expected[i]])));
  });
});
