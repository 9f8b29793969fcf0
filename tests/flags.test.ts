import { describe, expect, test } from 'vitest';
import { evaluate, probGreater, validateRule, DEFAULT_RULE } from '../src/features/flags/rule.ts';
import { makeFixture, postJson, type Fixture } from './support/fixture.ts';
import fc from 'fast-check';

const DAY = 86_400_000;
/** 2026-10-01 12:00 in Seoul. */
const T0 = Date.parse('2026-10-01T03:00:00Z');

interface Flag {
  id: number;
  employeeId: number;
  state: string;
  explanation: string;
  previousFlagId: number | null;
  coachingDate: string | null;
  evidence: { cardIds: number[]; negatives: number; personCards: number; negativeDays: number; probability: number; unitRate: number; employeeRate: number };
}

/** A desk unit with five more colleagues, so the unit's rate means something. */
async function deskWithColleagues() {
  const f = await makeFixture({ now: new Date(T0).toISOString() });
  const colleagues = [];
  for (let i = 0; i < 5; i++) {
    colleagues.push(await f.stores.employees.create(f.org.id, { unitId: f.units.desk.id, employeeNo: `H-1${i}`, displayName: `Colleague ${i}`, fullName: `동료 ${i}` }));
  }
  return { f, colleagues };
}

async function card(f: Fixture, employeeId: number, overall: number, at: number, about: 'person' | 'process' = 'person') {
  f.clock.set(new Date(at));
  const res = await postJson(f.app, `/api/v1/t/${f.touchpoints.frontDesk.code}/cards`, { overall, about, employeeId });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: number }).id;
}

async function flags(f: Fixture, query = '') {
  const res = await f.app.request(`/api/v1/flags${query}`, { headers: await f.as(f.users.admin) });
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: Flag[] }).items;
}

/** Colleagues' everyday good cards over the 30 days (a unit that usually does well). */
async function goodBackground(f: Fixture, ids: number[], perPerson = 6) {
  for (const id of ids) for (let i = 0; i < perPerson; i++) await card(f, id, 5 - (i % 2), T0 + i * 4 * DAY + id * 60_000);
}

describe('the rule (pure)', () => {
  test('P(X > Y) for Beta variables: symmetric cases and a known value', () => {
    expect(probGreater(3, 3, 3, 3)).toBeCloseTo(0.5, 3);
    expect(probGreater(2, 1, 1, 1)).toBeCloseTo(2 / 3, 3); // E[x²]... P(max-ish) for Beta(2,1) vs U(0,1)
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 30 }), (a, b, c, d) => {
        const p = probGreater(a, b, c, d);
        const q = probGreater(c, d, a, b);
        expect(p + q).toBeCloseTo(1, 3);
      }),
      { numRuns: 50 },
    );
  });

  test('persistence alone is not enough, and neither is one bad day', () => {
    expect(evaluate({ personCards: 10, negatives: 5, negativeDays: 1, unitPersonCards: 100, unitNegatives: 2 }).flag).toBe(false);
    expect(evaluate({ personCards: 10, negatives: 4, negativeDays: 3, unitPersonCards: 100, unitNegatives: 2 }).flag).toBe(true);
    expect(evaluate({ personCards: 10, negatives: 4, negativeDays: 3, unitPersonCards: 100, unitNegatives: 40 }).flag).toBe(false);
  });

  test('rule parameters are validated', () => {
    expect(validateRule(DEFAULT_RULE)).toEqual([]);
    expect(validateRule({ ...DEFAULT_RULE, minProbability: 1.2, windowDays: 0 })).toHaveLength(3);
  });
});

describe('coaching flags through the public API', () => {
  test('(a) one bad day — 5 negative cards on the same day — opens no flag', async () => {
    const { f, colleagues } = await deskWithColleagues();
    await goodBackground(f, colleagues.map((c) => c.id));
    for (let i = 0; i < 6; i++) await card(f, f.employees.lee.id, 5, T0 + i * 3 * DAY);
    for (let i = 0; i < 5; i++) await card(f, f.employees.lee.id, 1, T0 + 20 * DAY + i * 3600_000);
    expect(await flags(f)).toEqual([]);
  });

  test('(b) negatives spread over three weeks open exactly one flag, with its evidence', async () => {
    const { f, colleagues } = await deskWithColleagues();
    await goodBackground(f, colleagues.map((c) => c.id));
    for (let i = 0; i < 6; i++) await card(f, f.employees.lee.id, 4, T0 + i * 3 * DAY + 7200_000);
    const negatives = [];
    for (const day of [2, 9, 16]) negatives.push(await card(f, f.employees.lee.id, 2, T0 + day * DAY + 3600_000));
    const list = await flags(f);
    expect(list).toHaveLength(1);
    const flag = list[0]!;
    expect(flag).toMatchObject({ employeeId: f.employees.lee.id, state: 'open', previousFlagId: null });
    expect(flag.evidence.cardIds).toEqual(negatives);
    expect(flag.evidence).toMatchObject({ negatives: 3, negativeDays: 3 });
    expect(flag.evidence.probability).toBeGreaterThanOrEqual(0.9);
    expect(flag.explanation).toMatch(/^최근 30일 동안 카드 \d+장 중 3장이 부정적이었고, 서로 다른 3일에 걸쳐 있었습니다\. 부서의 부정 비율은 0%이며, 확률은 [01]\.\d\d입니다\.$/);
    // More negatives never open a second flag.
    await card(f, f.employees.lee.id, 1, T0 + 18 * DAY);
    expect(await flags(f)).toHaveLength(1);
    // A process complaint is never a person's flag.
    for (let i = 0; i < 4; i++) await card(f, f.employees.park.id, 1, T0 + i * 5 * DAY, 'process');
    expect((await flags(f)).map((x) => x.employeeId)).toEqual([f.employees.lee.id]);
    // The appraisal export counts the open flag.
    const appraisal = (await (await f.app.request('/api/v1/appraisal?from=2026-10-01&to=2026-10-31', { headers: await f.as(f.users.admin) })).json()) as { items: { employeeId: number; openFlags: number }[] };
    expect(appraisal.items.find((r) => r.employeeId === f.employees.lee.id)!.openFlags).toBe(1);
    expect(appraisal.items.find((r) => r.employeeId === f.employees.park.id)!.openFlags).toBe(0);
    const csv = await (await f.app.request('/api/v1/appraisal?from=2026-10-01&to=2026-10-31&format=csv', { headers: await f.as(f.users.admin) })).text();
    expect(csv.split('\r\n').find((line) => line.startsWith('H-001,'))!.split(',')[15]).toBe('1');
    // The notification was queued with the flag.
    expect(f.db.$client.prepare("SELECT count(*) AS n FROM outbox WHERE event = 'flag.opened'").get()).toEqual({ n: 1 });
  });

  test('(c) where the whole unit rates low, nobody is flagged unless credibly worse than the unit', async () => {
    const { f, colleagues } = await deskWithColleagues();
    // Everyone at this desk gets about 50% negative cards, on many days.
    for (const c of colleagues) for (let i = 0; i < 8; i++) await card(f, c.id, i % 2 ? 2 : 4, T0 + i * 3 * DAY + c.id * 60_000);
    for (let i = 0; i < 8; i++) await card(f, f.employees.lee.id, i % 2 ? 1 : 4, T0 + i * 3 * DAY + 30_000);
    expect(await flags(f)).toEqual([]);
    // Park is credibly worse: nearly every card negative.
    for (let i = 0; i < 9; i++) await card(f, f.employees.park.id, i === 0 ? 4 : 1, T0 + i * 3 * DAY + 90_000);
    const list = await flags(f);
    expect(list.map((x) => x.employeeId)).toEqual([f.employees.park.id]);
    expect(list[0]!.evidence.unitRate).toBeGreaterThan(0.35);
  });

  test('(d) after resolution, a fresh run of negatives opens a new flag linked to the old one', async () => {
    const { f, colleagues } = await deskWithColleagues();
    await goodBackground(f, colleagues.map((c) => c.id));
    for (const day of [1, 5, 9]) await card(f, f.employees.lee.id, 1, T0 + day * DAY);
    const [first] = await flags(f);
    f.clock.set(new Date(T0 + 10 * DAY));
    const headers = await f.as(f.users.supervisorDesk);
    const patch = (body: unknown) => f.app.request(`/api/v1/flags/${first!.id}`, { method: 'PATCH', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await patch({ state: 'acknowledged' })).status).toBe(200);
    expect((await patch({ state: 'coaching_planned', note: '응대 코칭', date: '2026-10-14' })).status).toBe(200);
    expect((await patch({ state: 'resolved', note: 'Coached; customers happier' })).status).toBe(200);
    // The negatives from before the resolution do not count again.
    await card(f, f.employees.lee.id, 1, T0 + 11 * DAY);
    expect((await flags(f, '?state=open')).length).toBe(0);
    await card(f, f.employees.lee.id, 2, T0 + 13 * DAY);
    await card(f, f.employees.lee.id, 1, T0 + 15 * DAY);
    const open = await flags(f, '?state=open');
    expect(open).toHaveLength(1);
    expect(open[0]!.previousFlagId).toBe(first!.id);
    expect(open[0]!.evidence.negatives).toBe(3);
    // Every transition was audited.
    const actions = (f.db.$client.prepare("SELECT action FROM audit_log WHERE entity = 'flag' ORDER BY id").all() as { action: string }[]).map((a) => a.action);
    expect(actions).toEqual(['flag.acknowledged', 'flag.coaching_planned', 'flag.resolved']);
  });

  test('(e) invalid transitions are refused; scope and roles hold', async () => {
    const { f, colleagues } = await deskWithColleagues();
    await goodBackground(f, colleagues.map((c) => c.id));
    for (const day of [1, 5, 9]) await card(f, f.employees.lee.id, 1, T0 + day * DAY);
    const [flag] = await flags(f);
    const patch = async (user: Fixture['users'][keyof Fixture['users']], body: unknown) =>
      f.app.request(`/api/v1/flags/${flag!.id}`, { method: 'PATCH', headers: { ...(await f.as(user)), 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const error = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

    let res = await patch(f.users.admin, { state: 'resolved', note: 'x' });
    expect(res.status).toBe(409);
    expect(await error(res)).toBe('invalid_transition');
    res = await patch(f.users.admin, { state: 'coaching_planned', note: 'x', date: '2026-10-20' });
    expect(res.status).toBe(409); // must be acknowledged first
    res = await patch(f.users.admin, { state: 'dismissed' });
    expect(res.status).toBe(400); // a reason is required
    expect(await error(res)).toBe('invalid_body');
    expect((await patch(f.users.admin, { state: 'acknowledged' })).status).toBe(200);
    res = await patch(f.users.admin, { state: 'coaching_planned', note: 'x' });
    expect(res.status).toBe(400); // a date is required
    res = await patch(f.users.admin, { state: 'open' });
    expect(res.status).toBe(400);
    expect((await patch(f.users.admin, { state: 'dismissed', reason: 'The complaints were about a system outage' })).status).toBe(200);
    expect((await patch(f.users.admin, { state: 'acknowledged' })).status).toBe(409);
    expect((await patch(f.users.supervisorGolf, { state: 'acknowledged' })).status).toBe(404);
    expect((await patch(f.users.otherAdmin, { state: 'acknowledged' })).status).toBe(404);
    expect((await patch(f.users.staffLee, { state: 'acknowledged' })).status).toBe(403);
  });

  test('staff see that coaching is planned and why, not the evidence', async () => {
    const { f, colleagues } = await deskWithColleagues();
    await goodBackground(f, colleagues.map((c) => c.id));
    for (const day of [1, 5, 9]) await card(f, f.employees.lee.id, 1, T0 + day * DAY);
    const [flag] = await flags(f);
    const headers = { ...(await f.as(f.users.admin)), 'content-type': 'application/json' };
    await f.app.request(`/api/v1/flags/${flag!.id}`, { method: 'PATCH', headers, body: JSON.stringify({ state: 'acknowledged' }) });
    await f.app.request(`/api/v1/flags/${flag!.id}`, { method: 'PATCH', headers, body: JSON.stringify({ state: 'coaching_planned', note: 'private note', date: '2026-10-15' }) });
    const res = await f.app.request('/api/v1/me/flags', { headers: await f.as(f.users.staffLee) });
    const body = (await res.json()) as { items: Record<string, unknown>[] };
    expect(body.items).toEqual([{ id: flag!.id, state: 'coaching_planned', explanation: flag!.explanation, coachingDate: '2026-10-15', openedAt: expect.any(String) }]);
    expect(JSON.stringify(body)).not.toContain('private note');
    const kim = await f.app.request('/api/v1/me/flags', { headers: await f.as(f.users.staffKim) });
    expect(((await kim.json()) as { items: unknown[] }).items).toEqual([]);
  });

  test('a rule change is validated and audited; recompute applies it', async () => {
    const { f, colleagues } = await deskWithColleagues();
    await goodBackground(f, colleagues.map((c) => c.id));
    for (const day of [1, 5]) await card(f, f.employees.lee.id, 1, T0 + day * DAY);
    expect(await flags(f)).toEqual([]);
    const put = async (body: unknown) => f.app.request('/api/v1/flags-rule', { method: 'PUT', headers: { ...(await f.as(f.users.admin)), 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await put({ ...DEFAULT_RULE, minProbability: 2 })).status).toBe(400);
    expect((await put({ ...DEFAULT_RULE, minNegatives: 2 })).status).toBe(200);
    const { recomputeFlags } = await import('../src/features/flags/service.ts');
    const opened = await recomputeFlags(f.stores.flags, { id: f.org.id, timeZone: 'Asia/Seoul', defaultLocale: 'ko' }, f.clock.now());
    expect(opened).toHaveLength(1);
    expect((await flags(f))[0]!.evidence.negatives).toBe(2);
    expect(f.db.$client.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'flags.rule'").get()).toEqual({ n: 1 });
  });
});

describe("today's digest", () => {
  test('new flags, coaching due, moderation waiting and praise to pass on — for the supervisor’s units only', async () => {
    const { f, colleagues } = await deskWithColleagues();
    await goodBackground(f, colleagues.map((c) => c.id));
    for (const day of [1, 5, 9]) await card(f, f.employees.lee.id, 1, T0 + day * DAY);
    f.clock.set(new Date(T0 + 9 * DAY + 7200_000));
    await postJson(f.app, `/api/v1/t/${f.touchpoints.frontDesk.code}/praise`, { body: 'Thank you, Park!', employeeId: f.employees.park.id });
    await postJson(f.app, `/api/v1/t/${f.touchpoints.bib.code}/praise`, { body: '캐디님 최고!' });
    const get = async (user: Fixture['users'][keyof Fixture['users']]) =>
      (await (await f.app.request('/api/v1/digest/today', { headers: await f.as(user) })).json()) as {
        date: string;
        newFlags: Flag[];
        coachingDue: Flag[];
        moderation: { waiting: number };
        praiseToPassOn: { body: string }[];
      };
    const desk = await get(f.users.supervisorDesk);
    expect(desk.date).toBe('2026-10-10');
    expect(desk.newFlags.map((x) => x.employeeId)).toEqual([f.employees.lee.id]);
    expect(desk.coachingDue).toEqual([]);
    expect(desk.moderation.waiting).toBe(0);
    expect(desk.praiseToPassOn.map((p) => p.body)).toEqual(['Thank you, Park!']);
    const golf = await get(f.users.supervisorGolf);
    expect(golf.newFlags).toEqual([]);
    expect(golf.praiseToPassOn.map((p) => p.body)).toEqual(['캐디님 최고!']);

    // Plan coaching for the 12th; on the 12th it is due, and the flag is no longer "new".
    const headers = { ...(await f.as(f.users.supervisorDesk)), 'content-type': 'application/json' };
    const id = desk.newFlags[0]!.id;
    await f.app.request(`/api/v1/flags/${id}`, { method: 'PATCH', headers, body: JSON.stringify({ state: 'acknowledged' }) });
    await f.app.request(`/api/v1/flags/${id}`, { method: 'PATCH', headers, body: JSON.stringify({ state: 'coaching_planned', note: '1:1', date: '2026-10-12' }) });
    f.clock.set(new Date(Date.parse('2026-10-12T01:00:00Z')));
    const later = await get(f.users.supervisorDesk);
    expect(later.newFlags).toEqual([]);
    expect(later.coachingDue.map((x) => x.id)).toEqual([id]);
    expect(later.praiseToPassOn.map((p) => p.body)).toEqual([]); // from the 10th: before yesterday
  });

  test('the start page and the flags page render for a supervisor', async () => {
    const { f, colleagues } = await deskWithColleagues();
    await goodBackground(f, colleagues.map((c) => c.id));
    for (const day of [1, 5, 9]) await card(f, f.employees.lee.id, 1, T0 + day * DAY);
    const today = await (await f.app.request('/today?lang=en', { headers: await f.as(f.users.supervisorDesk) })).text();
    expect(today).toContain('New coaching flags');
    expect(today).toContain('3장이 부정적이었고'); // the explanation is in the organization's language
    const page = await (await f.app.request('/flags?lang=en', { headers: await f.as(f.users.supervisorDesk) })).text();
    expect(page).toContain('Acknowledge');
    // The page's forms move the flag along (a bearer caller needs no CSRF token; cookie sessions do).
    const id = Number(/action="\/flags\/(\d+)\?lang=en"/.exec(page)![1]);
    const form = async (fields: Record<string, string>) =>
      f.app.request(`/flags/${id}?lang=en`, { method: 'POST', headers: { ...(await f.as(f.users.supervisorDesk)), 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
    expect((await form({ state: 'acknowledged' })).status).toBe(303);
    expect((await form({ state: 'coaching_planned', note: '1:1 talk', date: '2026-10-20', reason: '' })).status).toBe(303);
    const after = (await f.stores.flags.get({ orgId: f.org.id }, id))!;
    expect(after).toMatchObject({ state: 'coaching_planned', coachingDate: '2026-10-20', coachingNote: '1:1 talk' });
    const bad = await form({ state: 'resolved' });
    expect(bad.headers.get('location')).toMatch(/^\/flags\?error=/);
    expect((await f.app.request('/today', { headers: await f.as(f.users.staffLee) })).status).toBe(403);
  });
});
