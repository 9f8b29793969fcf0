import { beforeAll, describe, expect, test } from 'vitest';
import { openMigratedDatabase, type Db } from '../src/db/client.ts';
import { BAD_DAY_OFFSET, isEmpty, seedDemo, type DemoManifest } from '../src/features/demo/seed.ts';

const NOW = new Date('2026-11-20T03:00:00Z'); // 12:00 in Seoul
const DAY = 24 * 60 * 60 * 1000;
const seoulDayFmt = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Seoul' });
const seoulHourFmt = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Seoul', hour: '2-digit', hourCycle: 'h23' });
/** The Asia/Seoul calendar day, YYYY-MM-DD. */
const seoulDay = (ms: number) => seoulDayFmt.format(ms);
const seoulHour = (ms: number) => Number(seoulHourFmt.format(ms));

interface CardRow {
  id: number;
  touchpoint_id: number;
  unit_id: number;
  employee_id: number | null;
  overall: number;
  ratings: string;
  about: string | null;
  had_problem: number | null;
  problem_resolved: number | null;
  comment: string | null;
  locale: string;
  channel: string;
  status: string;
  created_at: number;
}

const cards = (d: Db) => d.$client.prepare('SELECT * FROM comment_cards ORDER BY id').all() as CardRow[];
const isNegativePerson = (c: CardRow) => c.overall <= 2 && (c.about === 'person' || c.about === 'both');
const distinctDays = (rows: CardRow[]) => new Set(rows.map((c) => seoulDay(c.created_at)));

let db: Db;
let manifest: DemoManifest;
let emptyBefore: boolean;
let all: CardRow[];

beforeAll(async () => {
  db = openMigratedDatabase(':memory:');
  emptyBefore = await isEmpty(db);
  manifest = await seedDemo(db, { now: NOW });
  all = cards(db);
});

describe('isEmpty', () => {
  test('is true before seeding and false after; a second seed is refused', async () => {
    expect(emptyBefore).toBe(true);
    expect(await isEmpty(db)).toBe(false);
    await expect(seedDemo(db, { now: NOW })).rejects.toThrow(/empty/);
  });
});

describe('seedDemo: organization', () => {
  test('the manifest names the organization, ~30 employees and both kinds of touchpoint', () => {
    expect(manifest.org).toEqual({ slug: 'hanbit-resort', name: '한빛 리조트 Hanbit Resort' });
    expect(manifest.users.map((u) => [u.role, u.org])).toEqual([['admin', 'hanbit-resort'], ['supervisor', 'hanbit-resort'], ['staff', 'hanbit-resort']]);
    expect(manifest.employees.length).toBeGreaterThanOrEqual(28);
    expect(manifest.employees.length).toBeLessThanOrEqual(32);
    expect(new Set(manifest.employees.map((e) => e.id)).size).toBe(manifest.employees.length);

    const codes = manifest.touchpoints.map((t) => t.code);
    for (const code of codes) expect(code).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(new Set(codes).size).toBe(codes.length);

    const employeeIds = new Set(manifest.employees.map((e) => e.id));
    const bound = manifest.touchpoints.filter((t) => t.employeeId !== null);
    const unbound = manifest.touchpoints.filter((t) => t.employeeId === null);
    expect(bound.length).toBeGreaterThanOrEqual(25);
    for (const t of bound) expect(employeeIds.has(t.employeeId ?? -1)).toBe(true);
    expect(unbound.map((t) => t.name)).toEqual(
      expect.arrayContaining(['Front desk counter 프런트 카운터', 'Clubhouse 클럽하우스']),
    );
  });

  test('the database holds the organization, its unit tree and the manifest’s touchpoints', () => {
    const org = db.$client.prepare('SELECT * FROM organizations').all() as { slug: string; time_zone: string; default_locale: string }[];
    expect(org).toEqual([expect.objectContaining({ slug: 'hanbit-resort', time_zone: 'Asia/Seoul', default_locale: 'ko' })]);

    const units = db.$client.prepare('SELECT id, parent_id, kind, name FROM units').all() as {
      id: number; parent_id: number | null; kind: string; name: string;
    }[];
    const byId = new Map(units.map((u) => [u.id, u]));
    const path = (name: string): string[] => {
      const out: string[] = [];
      for (let u = units.find((x) => x.name === name); u; u = u.parent_id === null ? undefined : byId.get(u.parent_id)) {
        out.unshift(`${u.kind}:${u.name}`);
      }
      return out;
    };
    expect(path('Team B')).toEqual(['property:Golf Club 골프클럽', 'department:Caddies 캐디', 'team:Team B']);
    expect(path('Front Desk 프런트')).toEqual(['property:Hotel 호텔', 'department:Front Desk 프런트']);

    const tps = db.$client.prepare('SELECT code, name, employee_id AS employeeId FROM touchpoints ORDER BY id').all();
    expect(tps).toEqual(manifest.touchpoints);
  });
});

describe('seedDemo: comment cards', () => {
  test('3,000–6,000 web cards over the 90 days up to now', () => {
    expect(all.length).toBeGreaterThanOrEqual(3000);
    expect(all.length).toBeLessThanOrEqual(6000);
    const times = all.map((c) => c.created_at);
    const first = Math.min(...times);
    const last = Math.max(...times);
    expect(last).toBeLessThanOrEqual(NOW.getTime());
    expect(last).toBeGreaterThan(NOW.getTime() - DAY);
    expect(first).toBeGreaterThanOrEqual(NOW.getTime() - 90 * DAY);
    expect(first).toBeLessThan(NOW.getTime() - 88 * DAY);
    expect(new Set(all.map((c) => c.channel))).toEqual(new Set(['web']));
    expect(new Set(all.map((c) => c.status))).toEqual(new Set(['published']));
  });

  test('cards fall in business hours in Seoul: golf 06–18, hotel 07–23', () => {
    const units = db.$client.prepare('SELECT id, parent_id, name FROM units').all() as { id: number; parent_id: number | null; name: string }[];
    const byId = new Map(units.map((u) => [u.id, u]));
    const property = (unitId: number): string => {
      let u = byId.get(unitId);
      while (u && u.parent_id !== null) u = byId.get(u.parent_id);
      return u?.name ?? '?';
    };
    const hours = { golf: new Set<number>(), hotel: new Set<number>() };
    for (const c of all) hours[property(c.unit_id) === 'Golf Club 골프클럽' ? 'golf' : 'hotel'].add(seoulHour(c.created_at));
    expect(Math.min(...hours.golf)).toBeGreaterThanOrEqual(6);
    expect(Math.max(...hours.golf)).toBeLessThan(18);
    expect(Math.min(...hours.hotel)).toBeGreaterThanOrEqual(7);
    expect(Math.max(...hours.hotel)).toBeLessThan(23);
  });

  test('ratings are mostly 4–5, some 3 and few 1–2; dimensions track the overall', () => {
    const share = (pred: (c: CardRow) => boolean) => all.filter(pred).length / all.length;
    expect(share((c) => c.overall >= 4)).toBeGreaterThan(0.7);
    expect(share((c) => c.overall === 3)).toBeGreaterThan(0.05);
    expect(share((c) => c.overall <= 2)).toBeGreaterThan(0.01);
    expect(share((c) => c.overall <= 2)).toBeLessThan(0.1);

    const withRatings = all.filter((c) => Object.keys(JSON.parse(c.ratings) as object).length > 0);
    expect(withRatings.length / all.length).toBeGreaterThan(0.7);
    const meanDimension = (rows: CardRow[]) => {
      const values = rows.flatMap((c) => Object.values(JSON.parse(c.ratings) as Record<string, number>));
      return values.reduce((a, b) => a + b, 0) / values.length;
    };
    expect(meanDimension(withRatings.filter((c) => c.overall === 5))).toBeGreaterThan(4.5);
    expect(meanDimension(withRatings.filter((c) => c.overall <= 2))).toBeLessThan(3.5);
  });

  test('a mix of about, problems, comments in Korean and English, and a few consented contacts', () => {
    expect(new Set(all.map((c) => c.about))).toEqual(new Set(['person', 'process', 'both', null]));
    expect(all.some((c) => c.had_problem === 1 && c.problem_resolved === 1)).toBe(true);
    expect(all.some((c) => c.had_problem === 1 && c.problem_resolved === 0)).toBe(true);

    const ko = all.filter((c) => c.locale === 'ko');
    const en = all.filter((c) => c.locale === 'en');
    expect(ko.length).toBeGreaterThan(all.length / 2);
    expect(en.length).toBeGreaterThan(all.length / 20);
    expect(ko.some((c) => /[가-힣]/.test(c.comment ?? ''))).toBe(true);
    expect(en.filter((c) => c.comment !== null).every((c) => !/[가-힣]/.test(c.comment ?? ''))).toBe(true);
    const commented = all.filter((c) => c.comment !== null).length;
    expect(commented).toBeGreaterThan(all.length * 0.15);
    expect(commented).toBeLessThan(all.length * 0.7);

    const contacts = db.$client.prepare('SELECT email FROM card_contacts').all() as { email: string }[];
    expect(contacts.length).toBeGreaterThan(0);
    expect(contacts.length).toBeLessThan(all.length * 0.05);
    for (const c of contacts) expect(c.email).toMatch(/@example\.com$/);
  });
});

describe('seedDemo: praise letters', () => {
  test('100–200 letters to employees, in both locales, published and not, some signed', () => {
    const letters = db.$client.prepare('SELECT employee_id, body, signature, publish, locale FROM praise_letters').all() as {
      employee_id: number; body: string; signature: string | null; publish: number; locale: string;
    }[];
    expect(letters.length).toBeGreaterThanOrEqual(100);
    expect(letters.length).toBeLessThanOrEqual(200);
    const employeeIds = new Set(manifest.employees.map((e) => e.id));
    for (const l of letters) {
      expect(employeeIds.has(l.employee_id)).toBe(true);
      expect(l.body.length).toBeGreaterThan(10);
    }
    expect(new Set(letters.map((l) => l.publish))).toEqual(new Set([0, 1]));
    expect(new Set(letters.map((l) => l.locale))).toEqual(new Set(['ko', 'en']));
    expect(letters.some((l) => l.signature !== null)).toBe(true);
    expect(letters.some((l) => l.signature === null)).toBe(true);
  });
});

describe('seedDemo: coaching patterns', () => {
  test('exactly three persistent poor performers and one other employee with a bad day', () => {
    const { persistentNegative, singleBadDay } = manifest.patterns;
    expect(new Set(persistentNegative).size).toBe(3);
    expect(persistentNegative).not.toContain(singleBadDay);
    const ids = new Set(manifest.employees.map((e) => e.id));
    for (const id of [...persistentNegative, singleBadDay]) expect(ids.has(id)).toBe(true);
  });

  test('the single-bad-day employee has ≥5 poor person cards, all on one Seoul day 10 days ago', () => {
    const mine = all.filter((c) => c.employee_id === manifest.patterns.singleBadDay);
    const negative = mine.filter((c) => c.overall <= 2);
    expect(negative.length).toBeGreaterThanOrEqual(5);
    expect(negative.every((c) => c.about === 'person')).toBe(true);
    expect([...distinctDays(negative)]).toEqual([seoulDay(NOW.getTime() - BAD_DAY_OFFSET * DAY)]);
    const rest = mine.filter((c) => c.overall > 2);
    expect(rest.length).toBeGreaterThan(50);
    expect(rest.reduce((a, c) => a + c.overall, 0) / rest.length).toBeGreaterThan(4.3);
  });

  test('each persistent poor performer has poor person cards on ≥4 days of the last 30; nobody else has on ≥3', () => {
    const recent = all.filter((c) => c.created_at >= NOW.getTime() - 30 * DAY && isNegativePerson(c));
    const daysOf = (id: number) => distinctDays(recent.filter((c) => c.employee_id === id)).size;
    for (const id of manifest.patterns.persistentNegative) {
      expect(recent.filter((c) => c.employee_id === id).length).toBeGreaterThanOrEqual(5);
      expect(daysOf(id)).toBeGreaterThanOrEqual(4);
    }
    const others = manifest.employees.filter((e) => !manifest.patterns.persistentNegative.includes(e.id));
    for (const e of others) expect(daysOf(e.id), e.displayName).toBeLessThan(3);
  });

  test('the Clubhouse has many low process cards in the last four weeks, about no one', () => {
    const clubhouse = db.$client.prepare("SELECT id FROM touchpoints WHERE name LIKE 'Clubhouse%'").get() as { id: number };
    const issues = all.filter(
      (c) => c.touchpoint_id === clubhouse.id && c.created_at >= NOW.getTime() - 28 * DAY && c.about === 'process' && c.overall <= 2,
    );
    expect(issues.length).toBeGreaterThanOrEqual(30);
    expect(issues.every((c) => c.employee_id === null)).toBe(true);
    expect(issues.some((c) => /주차|대기|wait|parking/i.test(c.comment ?? ''))).toBe(true);
  });
});

describe('seedDemo: the same coaching-flag rule runs over the seeded history', () => {
  test('the demo opens with a flag, explained in Korean, for each persistent poor performer and none for the bad day', () => {
    const flags = db.$client.prepare('SELECT employee_id AS e, state, explanation, evidence FROM flags ORDER BY employee_id').all() as {
      e: number;
      state: string;
      explanation: string;
      evidence: string;
    }[];
    expect(flags.map((f) => f.e)).toEqual([...manifest.patterns.persistentNegative].sort((a, b) => a - b));
    expect(flags.map((f) => f.e)).not.toContain(manifest.patterns.singleBadDay);
    for (const f of flags) {
      expect(f.state).toBe('open');
      expect(f.explanation).toMatch(/^최근 30일 동안 카드 \d+장 중 \d+장이 부정적이었고, 서로 다른 \d+일에 걸쳐 있었습니다/);
      const evidence = JSON.parse(f.evidence) as { cardIds: number[]; probability: number; negativeDays: number };
      expect(evidence.cardIds.length).toBeGreaterThanOrEqual(3);
      expect(evidence.negativeDays).toBeGreaterThanOrEqual(2);
      expect(evidence.probability).toBeGreaterThanOrEqual(0.9);
    }
  });
});

describe('seedDemo: determinism', () => {
  test('the same seed and now give the same cards; another seed gives others', async () => {
    const again = openMigratedDatabase(':memory:');
    await seedDemo(again, { now: NOW, seed: 42 });
    const repeat = cards(again);
    expect(repeat.length).toBe(all.length);
    const sum = (rows: CardRow[]) => rows.reduce((a, c) => a + c.overall, 0);
    expect(sum(repeat)).toBe(sum(all));
    expect(repeat).toEqual(all);

    const other = openMigratedDatabase(':memory:');
    await seedDemo(other, { now: NOW, seed: 7 });
    const different = cards(other);
    expect(different.map((c) => [c.created_at, c.overall])).not.toEqual(all.map((c) => [c.created_at, c.overall]));
  }, 30_000);
});
