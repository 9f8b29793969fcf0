import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { localDay } from '../src/features/appraisal/calendar.ts';
import { submitCard, submitPraise } from '../src/features/feedback/service.ts';
import type { CardInput } from '../src/features/feedback/schemas.ts';
import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openMigratedDatabase } from '../src/db/client.ts';
import { makeFixture, postJson, type Fixture } from './support/fixture.ts';

type About = 'person' | 'process' | 'both' | undefined;
interface GenCard {
  who: 'kim' | 'lee' | 'park';
  overall: number;
  about: About;
  courtesy: number | undefined;
  problem: { had: boolean; resolved?: boolean } | undefined;
  /** Minutes after the period start. */
  minute: number;
}

const PERIOD = { from: '2026-10-01', to: '2026-10-31' };
const START = Date.parse('2026-09-30T15:00:00Z'); // 2026-10-01 00:00 in Asia/Seoul

async function submit(f: Fixture, who: GenCard['who'], input: CardInput, at: Date) {
  f.clock.set(at);
  const tp = (await f.stores.touchpoints.findActiveByCode(who === 'kim' ? f.touchpoints.bib.code : f.touchpoints.frontDesk.code))!;
  const employeeId = who === 'kim' ? undefined : f.employees[who].id;
  return submitCard({ clock: f.clock, ...f.stores }, tp, { ...input, ...(employeeId ? { employeeId } : {}) }, { channel: 'api', locale: 'ko' });
}

const genCard: fc.Arbitrary<GenCard> = fc.record({
  who: fc.constantFrom('kim', 'lee', 'park'),
  overall: fc.integer({ min: 1, max: 5 }),
  about: fc.constantFrom<About>('person', 'process', 'both', undefined),
  courtesy: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
  problem: fc.option(fc.oneof(fc.record({ had: fc.constant(true), resolved: fc.boolean() }), fc.constant({ had: false })), { nil: undefined }),
  minute: fc.integer({ min: 0, max: 31 * 24 * 60 - 1 }),
});

/** The appraisal numbers computed independently, straight from the generated cards. */
function independent(cards: GenCard[], unitOf: Record<string, string>, k = 5, min = 5) {
  const Z = 1.6448536269514722;
  const people = Object.keys(unitOf);
  const person = (c: GenCard) => c.about !== 'process';
  const per = Object.fromEntries(
    people.map((p) => {
      const mine = cards.filter((c) => c.who === p);
      const pc = mine.filter(person);
      const n = pc.length;
      const dims = pc.filter((c) => c.courtesy !== undefined);
      return [
        p,
        {
          cards: mine.length,
          n,
          sum: pc.reduce((a, c) => a + c.overall, 0),
          negatives: pc.filter((c) => c.overall <= 2).length,
          recoveries: mine.filter((c) => c.problem?.had && c.problem.resolved === true).length,
          courtesy: dims.length ? dims.reduce((a, c) => a + c.courtesy!, 0) / dims.length : null,
        },
      ];
    }),
  );
  const units = [...new Set(Object.values(unitOf))];
  const unitStat = Object.fromEntries(
    units.map((u) => {
      const pcs = cards.filter((c) => unitOf[c.who] === u && person(c)).map((c) => c.overall);
      const mean = pcs.length ? pcs.reduce((a, b) => a + b, 0) / pcs.length : null;
      const variance = pcs.length >= 2 && mean !== null ? Math.max(pcs.reduce((a, b) => a + b * b, 0) / pcs.length - mean * mean, 0) : 2;
      return [u, { mean, variance }];
    }),
  );
  const out = Object.fromEntries(
    people.map((p) => {
      const e = per[p]!;
      const u = unitStat[unitOf[p]!]!;
      const adjusted = u.mean === null ? null : (e.sum + k * u.mean) / (e.n + k);
      const half = Z * Math.sqrt(u.variance / (e.n + k));
      const clip = (x: number) => Math.min(5, Math.max(1, x));
      return [
        p,
        {
          cards: e.cards,
          personCards: e.n,
          overallMean: e.n ? e.sum / e.n : null,
          overallAdjusted: adjusted,
          overallCiLow: adjusted === null ? null : clip(adjusted - half),
          overallCiHigh: adjusted === null ? null : clip(adjusted + half),
          negativeRate: e.n ? e.negatives / e.n : null,
          recoveries: e.recoveries,
          insufficientData: e.n < min,
          courtesy: e.courtesy,
          percentileInUnit: null as number | null,
        },
      ];
    }),
  );
  for (const p of people) {
    const me = out[p]!;
    if (me.insufficientData || me.overallAdjusted === null) continue;
    const peers = people.filter((q) => unitOf[q] === unitOf[p] && !out[q]!.insufficientData).map((q) => out[q]!.overallAdjusted!);
    const below = peers.filter((x) => x < me.overallAdjusted! - 1e-12).length;
    const tied = peers.filter((x) => Math.abs(x - me.overallAdjusted!) < 1e-12).length;
    me.percentileInUnit = (100 * (below + tied / 2)) / peers.length;
  }
  return out;
}

interface Row {
  employeeId: number;
  employeeNo: string;
  cards: number;
  personCards: number;
  praiseLetters: number;
  overallMean: number | null;
  overallAdjusted: number | null;
  overallCiLow: number | null;
  overallCiHigh: number | null;
  percentileInUnit: number | null;
  negativeRate: number | null;
  recoveries: number;
  insufficientData: boolean;
  dimensionMeans: Record<string, number | null>;
}

async function report(f: Fixture, query: string, user = f.users.admin) {
  const res = await f.app.request(`/api/v1/appraisal?${query}`, { headers: await f.as(user) });
  expect(res.status).toBe(200);
  return (await res.json()) as { items: Row[]; units: { unitId: number; processCards: number; processComplaints: number }[]; period: { from: string; to: string } };
}

const close = (a: number | null, b: number | null, tol = 0.0011) => {
  if (a === null || b === null) return expect(a).toBe(b);
  expect(Math.abs(a - b)).toBeLessThanOrEqual(tol);
};

describe('appraisal numbers', () => {
  test('equal an independent computation from the raw cards, on random data', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(genCard, { minLength: 0, maxLength: 40 }), async (cards) => {
        const f = await makeFixture();
        for (const c of cards) {
          await submit(
            f,
            c.who,
            {
              overall: c.overall,
              ...(c.about ? { about: c.about } : {}),
              ...(c.courtesy ? { ratings: { courtesy: c.courtesy } } : {}),
              ...(c.problem ? { problem: c.problem } : {}),
            },
            new Date(START + c.minute * 60_000),
          );
        }
        const got = await report(f, `from=${PERIOD.from}&to=${PERIOD.to}`);
        const want = independent(cards, { kim: 'caddies', lee: 'desk', park: 'desk' });
        for (const who of ['kim', 'lee', 'park'] as const) {
          const row = got.items.find((r) => r.employeeId === f.employees[who].id)!;
          const w = want[who]!;
          expect(row.cards).toBe(w.cards);
          expect(row.personCards).toBe(w.personCards);
          expect(row.recoveries).toBe(w.recoveries);
          expect(row.insufficientData).toBe(w.insufficientData);
          close(row.overallMean, w.overallMean);
          close(row.overallAdjusted, w.overallAdjusted);
          close(row.overallCiLow, w.overallCiLow);
          close(row.overallCiHigh, w.overallCiHigh);
          close(row.negativeRate, w.negativeRate);
          close(row.dimensionMeans.courtesy ?? null, w.courtesy);
          close(row.percentileInUnit, w.percentileInUnit, 0.051);
        }
        // Process-related cards are counted per unit, and only there.
        for (const [unitId, people] of [[f.units.caddies.id, ['kim']], [f.units.desk.id, ['lee', 'park']]] as const) {
          const mine = cards.filter((c) => (people as readonly string[]).includes(c.who));
          const u = got.units.find((x) => x.unitId === unitId);
          expect(u?.processCards ?? 0).toBe(mine.filter((c) => c.about === 'process').length);
          expect(u?.processComplaints ?? 0).toBe(mine.filter((c) => c.about === 'process' && c.overall <= 2).length);
        }
        // The inactive employee without cards is not listed.
        expect(got.items.some((r) => r.employeeId === f.employees.gone.id)).toBe(false);
      }),
      { numRuns: 25 },
    );
  });

  test('rollups equal a recomputation from the cards after any sequence of submissions', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(genCard, { maxLength: 30 }), fc.array(fc.integer({ min: 0, max: 44639 }), { maxLength: 5 }), async (cards, praiseAt) => {
        const f = await makeFixture();
        for (const c of cards) {
          await submit(f, c.who, { overall: c.overall, ...(c.about ? { about: c.about } : {}), ...(c.courtesy ? { ratings: { courtesy: c.courtesy } } : {}), ...(c.problem ? { problem: c.problem } : {}) }, new Date(START + c.minute * 60_000));
        }
        for (const m of praiseAt) {
          f.clock.set(new Date(START + m * 60_000));
          const tp = (await f.stores.touchpoints.findActiveByCode(f.touchpoints.bib.code))!;
          await submitPraise({ clock: f.clock, ...f.stores }, tp, { body: '감사합니다' }, { channel: 'api', locale: 'ko' });
        }
        const rows = f.db.$client
          .prepare("SELECT employee_id AS e, period AS day, cards, person_cards AS pc, overall_sum AS s, overall_sq_sum AS sq, negatives AS neg, recoveries AS rec, praise FROM employee_rollups WHERE grain = 'd' ORDER BY e, day")
          .all();
        const cardRows = f.db.$client.prepare('SELECT employee_id AS e, created_at AS t, overall, about, had_problem AS hp, problem_resolved AS pr FROM comment_cards').all() as { e: number; t: number; overall: number; about: string | null; hp: number | null; pr: number | null }[];
        const letterRows = f.db.$client.prepare('SELECT employee_id AS e, created_at AS t FROM praise_letters').all() as { e: number; t: number }[];
        const expected = new Map<string, { e: number; day: string; cards: number; pc: number; s: number; sq: number; neg: number; rec: number; praise: number }>();
        const slot = (e: number, t: number) => {
          const day = localDay(new Date(t), 'Asia/Seoul');
          const key = `${e}|${day}`;
          let r = expected.get(key);
          if (!r) expected.set(key, (r = { e, day, cards: 0, pc: 0, s: 0, sq: 0, neg: 0, rec: 0, praise: 0 }));
          return r;
        };
        for (const c of cardRows) {
          const r = slot(c.e, c.t);
          r.cards++;
          if (c.about !== 'process') {
            r.pc++;
            r.s += c.overall;
            r.sq += c.overall ** 2;
            if (c.overall <= 2) r.neg++;
          }
          if (c.hp === 1 && c.pr === 1) r.rec++;
        }
        for (const l of letterRows) slot(l.e, l.t).praise++;
        const want = [...expected.values()].sort((a, b) => a.e - b.e || a.day.localeCompare(b.day));
        expect(rows).toEqual(want);
        // The monthly rollups are the sums of the daily ones.
        const monthly = f.db.$client.prepare("SELECT employee_id AS e, period, cards, person_cards AS pc, overall_sum AS s, praise FROM employee_rollups WHERE grain = 'm' ORDER BY e, period").all();
        const fromDaily = f.db.$client
          .prepare("SELECT employee_id AS e, substr(period, 1, 7) AS period, SUM(cards) AS cards, SUM(person_cards) AS pc, SUM(overall_sum) AS s, SUM(praise) AS praise FROM employee_rollups WHERE grain = 'd' GROUP BY e, substr(period, 1, 7) ORDER BY e, period")
          .all();
        expect(monthly).toEqual(fromDaily);
      }),
      { numRuns: 20 },
    );
  });

  test('a card at 23:30 Asia/Seoul on the last day of a quarter counts in that quarter', async () => {
    const f = await makeFixture();
    // 2026-09-30 23:30 KST = 14:30 UTC: the third quarter, although UTC still says the 30th too;
    // and 2026-10-01 00:30 KST = 2026-09-30 15:30 UTC: the fourth quarter, although UTC says September.
    await submit(f, 'lee', { overall: 5, about: 'person' }, new Date('2026-09-30T14:30:00Z'));
    await submit(f, 'lee', { overall: 1, about: 'person' }, new Date('2026-09-30T15:30:00Z'));
    const q3 = await report(f, 'from=2026-07-01&to=2026-09-30');
    const q4 = await report(f, 'from=2026-10-01&to=2026-12-31');
    const lee = (r: { items: Row[] }) => r.items.find((i) => i.employeeId === f.employees.lee.id)!;
    expect(lee(q3)).toMatchObject({ personCards: 1, overallMean: 5 });
    expect(lee(q4)).toMatchObject({ personCards: 1, overallMean: 1 });
  });

  test('a process-only complaint never lowers a person’s numbers, and is counted for the unit', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(genCard, { maxLength: 15 }), fc.integer({ min: 1, max: 5 }), async (cards, processOverall) => {
        const f = await makeFixture();
        for (const c of cards) {
          await submit(f, c.who, { overall: c.overall, ...(c.about ? { about: c.about } : {}) }, new Date(START + c.minute * 60_000));
        }
        const before = await report(f, `from=${PERIOD.from}&to=${PERIOD.to}`);
        await submit(f, 'lee', { overall: processOverall, about: 'process', problem: { had: true, resolved: false } }, new Date(START + 3600_000));
        const after = await report(f, `from=${PERIOD.from}&to=${PERIOD.to}`);
        for (const who of ['kim', 'lee', 'park'] as const) {
          const b = before.items.find((r) => r.employeeId === f.employees[who].id)!;
          const a = after.items.find((r) => r.employeeId === f.employees[who].id)!;
          expect(a.overallMean).toBe(b.overallMean);
          expect(a.overallAdjusted).toBe(b.overallAdjusted);
          expect(a.negativeRate).toBe(b.negativeRate);
          expect(a.personCards).toBe(b.personCards);
          expect(a.percentileInUnit).toBe(b.percentileInUnit);
        }
        const desk = (r: typeof after) => r.units.find((u) => u.unitId === f.units.desk.id);
        expect((desk(after)?.processCards ?? 0) - (desk(before)?.processCards ?? 0)).toBe(1);
        expect((desk(after)?.processComplaints ?? 0) - (desk(before)?.processComplaints ?? 0)).toBe(processOverall <= 2 ? 1 : 0);
      }),
      { numRuns: 15 },
    );
  });

  test('two cards cannot rank anyone first or last; below 5 cards there is no percentile', async () => {
    const f = await makeFixture();
    for (let i = 0; i < 8; i++) await submit(f, 'park', { overall: 4, about: 'person' }, new Date(START + i * 3600_000));
    for (let i = 0; i < 2; i++) await submit(f, 'lee', { overall: 5, about: 'person' }, new Date(START + i * 3600_000));
    const r = await report(f, `from=${PERIOD.from}&to=${PERIOD.to}`);
    const lee = r.items.find((i) => i.employeeId === f.employees.lee.id)!;
    const park = r.items.find((i) => i.employeeId === f.employees.park.id)!;
    expect(lee.overallMean).toBe(5);
    expect(lee.insufficientData).toBe(true);
    expect(lee.percentileInUnit).toBeNull();
    expect(lee.overallAdjusted!).toBeLessThan(4.5); // shrunk toward the unit mean
    expect(park.percentileInUnit).toBe(50); // alone among those with enough cards
  });

  test('the previous period of equal length and the change', async () => {
    const f = await makeFixture();
    await submit(f, 'lee', { overall: 2, about: 'person' }, new Date('2026-09-10T03:00:00Z'));
    await submit(f, 'lee', { overall: 5, about: 'person' }, new Date('2026-10-10T03:00:00Z'));
    const res = await f.app.request(`/api/v1/employees/${f.employees.lee.id}/appraisal?from=2026-10-01&to=2026-10-31`, { headers: await f.as(f.users.admin) });
    const body = (await res.json()) as Row & { previousPeriod: { from: string; to: string }; previous: { personCards: number }; change: { personCards: number; overallAdjusted: number } };
    expect(body.previousPeriod).toEqual({ from: '2026-08-31', to: '2026-09-30' });
    expect(body.previous.personCards).toBe(1);
    expect(body.change.personCards).toBe(0);
    expect(body.change.overallAdjusted).toBeGreaterThan(0);
  });
});

describe('who sees which numbers', () => {
  test('staff get exactly the numbers their supervisor sees; supervisors only their units', async () => {
    const f = await makeFixture();
    for (let i = 0; i < 6; i++) await submit(f, 'lee', { overall: (i % 5) + 1, about: 'person', ratings: { courtesy: 4 } }, new Date(START + i * 86_400_000));
    await submit(f, 'park', { overall: 3 }, new Date(START));
    await submit(f, 'kim', { overall: 5 }, new Date(START));
    const sup = await report(f, `from=${PERIOD.from}&to=${PERIOD.to}`, f.users.supervisorDesk);
    expect(sup.items.map((i) => i.employeeId).sort()).toEqual([f.employees.lee.id, f.employees.park.id].sort());
    const mine = await f.app.request(`/api/v1/me/appraisal?from=${PERIOD.from}&to=${PERIOD.to}`, { headers: await f.as(f.users.staffLee) });
    expect(mine.status).toBe(200);
    const me = (await mine.json()) as Row;
    const { previous: _p, change: _c, ...supRow } = sup.items.find((i) => i.employeeId === f.employees.lee.id)! as Row & { previous: unknown; change: unknown };
    expect(me).toMatchObject(supRow);
    // Out of scope: 404; staff may not use the team endpoints.
    expect((await f.app.request(`/api/v1/employees/${f.employees.kim.id}/appraisal`, { headers: await f.as(f.users.supervisorDesk) })).status).toBe(404);
    expect((await f.app.request(`/api/v1/appraisal?unit=${f.units.golf.id}`, { headers: await f.as(f.users.supervisorDesk) })).status).toBe(404);
    expect((await f.app.request('/api/v1/appraisal', { headers: await f.as(f.users.staffLee) })).status).toBe(403);
    expect((await f.app.request(`/api/v1/employees/${f.employees.lee.id}/appraisal`, { headers: await f.as(f.users.otherAdmin) })).status).toBe(404);
  });

  test('bad queries are 400 with issues', async () => {
    const f = await makeFixture();
    for (const q of ['from=2026-10-01', 'from=2026-13-01&to=2026-13-02', 'from=2026-10-05&to=2026-10-01', 'format=xml', 'from=2026-02-30&to=2026-03-01']) {
      const res = await f.app.request(`/api/v1/appraisal?${q}`, { headers: await f.as(f.users.admin) });
      expect(res.status, q).toBe(400);
      expect(((await res.json()) as { error: { code: string; issues: unknown[] } }).error.issues.length).toBeGreaterThan(0);
    }
  });
});

describe('the employee list behind the report', () => {
  // The appraisal store keeps each organization's sorted employee list in memory and checks it
  // against a roster version that triggers bump: every change must show at once, including a
  // change written by another process.
  test('follows renames, moves, new and deactivated employees, and writes from another connection', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'mc-roster-')), 'db.sqlite');
    const f = await makeFixture({ db: openMigratedDatabase(path) });
    const admin = await f.as(f.users.admin);
    const send = (method: string, url: string, body: unknown) =>
      f.app.request(url, { method, headers: { ...admin, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const items = async () => {
      const res = await f.app.request(`/api/v1/appraisal?from=${PERIOD.from}&to=${PERIOD.to}`, { headers: admin });
      expect(res.status).toBe(200);
      return ((await res.json()) as { items: { employeeNo: string; employeeName: string; unit: string }[] }).items.map((i) => `${i.employeeNo} ${i.employeeName} @ ${i.unit}`);
    };
    expect(await items()).toEqual(['C-001 김캐디 @ Caddies', 'H-001 Lee @ Front Desk', 'H-002 Park @ Front Desk']);

    expect((await send('PATCH', `/api/v1/employees/${f.employees.lee.id}`, { displayName: '이서연' })).status).toBe(200);
    expect((await send('PATCH', `/api/v1/units/${f.units.desk.id}`, { name: '프런트' })).status).toBe(200);
    expect((await send('POST', '/api/v1/employees', { employeeNo: 'H-004', displayName: 'New', fullName: '신입', unitId: f.units.desk.id })).status).toBe(201);
    expect((await send('POST', `/api/v1/employees/${f.employees.park.id}/deactivate`, {})).status).toBe(200);
    expect(await items()).toEqual(['C-001 김캐디 @ Caddies', 'H-001 이서연 @ 프런트', 'H-004 New @ 프런트']);

    // Another process renames a caddie and moves her to the desk.
    const other = new Database(path);
    other.prepare('UPDATE employees SET display_name = ?, unit_id = ? WHERE id = ?').run('Kim', f.units.desk.id, f.employees.kim.id);
    other.close();
    expect(await items()).toEqual(['C-001 Kim @ 프런트', 'H-001 이서연 @ 프런트', 'H-004 New @ 프런트']);
  });
});

describe('CSV export', () => {
  async function withAwkwardNames() {
    const f = await makeFixture();
    f.db.$client.prepare('UPDATE employees SET display_name = ? WHERE id = ?').run('이, "서연"\n(Lee)', f.employees.lee.id);
    f.db.$client.prepare('UPDATE units SET name = ? WHERE id = ?').run('Front Desk, 프런트', f.units.desk.id);
    for (let i = 0; i < 5; i++) await submit(f, 'lee', { overall: 4, about: 'person', ratings: { courtesy: 5, speed: 3 } }, new Date(START + i * 86_400_000));
    return f;
  }

  test('RFC 4180 quoting of commas, quotes, newlines and Korean; column order', async () => {
    const f = await withAwkwardNames();
    const res = await f.app.request(`/api/v1/appraisal?from=${PERIOD.from}&to=${PERIOD.to}&format=csv`, { headers: await f.as(f.users.admin) });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const text = await res.text();
    const header = text.split('\r\n')[0]!;
    expect(header).toBe(
      'employee_no,employee_name,unit,period_start,period_end,cards,person_cards,praise_letters,overall_mean,overall_adjusted,overall_ci_low,overall_ci_high,percentile_in_unit,negative_rate,recoveries,open_flags,insufficient_data,dim_courtesy_mean,dim_knowledge_mean,dim_speed_mean',
    );
    expect(text).toContain('H-001,"이, ""서연""\n(Lee)","Front Desk, 프런트",2026-10-01,2026-10-31,5,5,0,4,');
    expect(text.charCodeAt(0)).not.toBe(0xfeff);
    // Parse it back with a real CSV parser: the awkward name survives intact.
    const { parse } = await import('csv-parse/sync');
    const records = parse(text, { columns: true }) as Record<string, string>[];
    const lee = records.find((r) => r.employee_no === 'H-001')!;
    expect(lee.employee_name).toBe('이, "서연"\n(Lee)');
    expect(lee.unit).toBe('Front Desk, 프런트');
    expect(lee.dim_courtesy_mean).toBe('5');
    expect(lee.dim_knowledge_mean).toBe('');
    expect(lee.insufficient_data).toBe('false');
    // Exporting is audited.
    expect(f.db.$client.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'appraisal.export'").get()).toEqual({ n: 1 });
  });

  test('text a spreadsheet would run as a formula is defused; numbers are written as they are', async () => {
    const f = await withAwkwardNames();
    f.db.$client.prepare('UPDATE employees SET display_name = ? WHERE id = ?').run('=HYPERLINK("http://evil.example","Lee")', f.employees.lee.id);
    f.db.$client.prepare('UPDATE units SET name = ? WHERE id = ?').run('@Desk', f.units.desk.id);
    f.db.$client.prepare('UPDATE employees SET employee_no = ? WHERE id = ?').run('-H-002', f.employees.park.id);
    const res = await f.app.request(`/api/v1/appraisal?from=${PERIOD.from}&to=${PERIOD.to}&format=csv`, { headers: await f.as(f.users.admin) });
    const { parse } = await import('csv-parse/sync');
    const records = parse(await res.text(), { columns: true }) as Record<string, string>[];
    const lee = records.find((r) => r.employee_no === 'H-001')!;
    expect(lee.employee_name).toBe(`'=HYPERLINK("http://evil.example","Lee")`);
    expect(lee.unit).toBe("'@Desk");
    expect(lee.overall_mean).toBe('4');
    expect(records.map((r) => r.employee_no)).toContain("'-H-002");
  });

  test('?bom=1 starts with a UTF-8 byte order mark for Excel', async () => {
    const f = await withAwkwardNames();
    const res = await f.app.request(`/api/v1/appraisal?from=${PERIOD.from}&to=${PERIOD.to}&format=csv&bom=1`, { headers: await f.as(f.users.admin) });
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  test('a closed period’s export is byte-identical, carries its hash, and lists late cards apart', async () => {
    const f = await withAwkwardNames();
    const headers = await f.as(f.users.supervisorDesk);
    const closed = await postJson(f.app, '/api/v1/appraisal/close', { unit: f.units.desk.id, ...PERIOD }, headers);
    expect(closed.status).toBe(201);
    const { sha256 } = (await closed.json()) as { sha256: string };
    const url = `/api/v1/appraisal?from=${PERIOD.from}&to=${PERIOD.to}&unit=${f.units.desk.id}&format=csv`;
    const first = await f.app.request(url, { headers });
    const firstBytes = Buffer.from(await first.arrayBuffer());
    expect(first.headers.get('x-snapshot-sha256')).toBe(sha256);
    const { createHash } = await import('node:crypto');
    expect(createHash('sha256').update(firstBytes).digest('hex')).toBe(sha256);

    // A card for the period arrives after the close: the export does not change; it is late.
    await submit(f, 'park', { overall: 1, about: 'person' }, new Date(START + 86_400_000));
    const second = await f.app.request(url, { headers });
    expect(Buffer.from(await second.arrayBuffer()).equals(firstBytes)).toBe(true);
    expect(second.headers.get('x-late-cards')).toBe('1');
    const json = (await (await f.app.request(url.replace('&format=csv', ''), { headers })).json()) as { late: { employeeNo: string; overall: number }[]; closed: { sha256: string } };
    expect(json.closed.sha256).toBe(sha256);
    expect(json.late).toMatchObject([{ employeeNo: 'H-002', overall: 1 }]);
    // Closing twice is a conflict; closing and exporting are audited.
    expect((await postJson(f.app, '/api/v1/appraisal/close', { unit: f.units.desk.id, ...PERIOD }, headers)).status).toBe(409);
    const actions = (f.db.$client.prepare("SELECT action FROM audit_log WHERE entity LIKE 'appraisal%' ORDER BY id").all() as { action: string }[]).map((a) => a.action);
    expect(actions).toEqual(['appraisal.close', 'appraisal.export', 'appraisal.export']);
    // Another supervisor cannot close a unit outside their scope.
    expect((await postJson(f.app, '/api/v1/appraisal/close', { unit: f.units.desk.id, from: '2026-09-01', to: '2026-09-30' }, await f.as(f.users.supervisorGolf))).status).toBe(404);
  });
});

describe('pages', () => {
  test('the team page, the employee page and my numbers render the same figures', async () => {
    const f = await makeFixture();
    for (let i = 0; i < 6; i++) await submit(f, 'lee', { overall: 4, about: 'person', comment: `좋았어요 ${i}` }, new Date(START + i * 86_400_000));
    const q = `from=${PERIOD.from}&to=${PERIOD.to}&lang=en`;
    const team = await (await f.app.request(`/team?${q}&sort=name&dir=asc`, { headers: await f.as(f.users.supervisorDesk) })).text();
    expect(team).toContain('Team numbers');
    expect(team).toContain(`/team/${f.employees.lee.id}?`);
    expect(team).toMatch(/<svg[^>]*role="img"/);
    expect(team).not.toContain('김캐디');
    const detail = await (await f.app.request(`/team/${f.employees.lee.id}?${q}`, { headers: await f.as(f.users.supervisorDesk) })).text();
    expect(detail).toContain('좋았어요 5');
    const mine = await (await f.app.request(`/me/numbers?${q}`, { headers: await f.as(f.users.staffLee) })).text();
    expect(mine).toContain('My numbers');
    const adjusted = (html: string) => /Adjusted \(90% interval\)<\/th><td class="num">([\d.]+)/.exec(html)?.[1];
    expect(adjusted(mine)).toBeDefined();
    expect(adjusted(mine)).toBe(adjusted(detail));
    expect((await f.app.request(`/team/${f.employees.kim.id}?${q}`, { headers: await f.as(f.users.supervisorDesk) })).status).toBe(404);
  });
});
