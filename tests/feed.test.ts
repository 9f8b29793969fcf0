/**
 * The staff feed (`/api/v1/me/feed`, `/me`) and the praise wall (`/api/v1/wall`, `/wall`):
 * own items only, never contact details, only published rows, keyset pagination that neither
 * skips nor repeats while cards keep arriving, read state, organization isolation and roles.
 */
import fc from 'fast-check';
import { beforeEach, describe, expect, test } from 'vitest';
import { feedOperations } from '../src/features/feed/openapi.ts';
import { buildOpenApi } from '../src/features/openapi/spec.ts';
import { cookieHeader, cookies, makeFixture, PASSWORD, postForm, postJson, type Fixture } from './support/fixture.ts';

let f: Fixture;
beforeEach(async () => {
  f = await makeFixture();
});

type User = Fixture['users'][keyof Fixture['users']];

interface FeedItem {
  kind: 'card' | 'praise';
  id: number;
  createdAt: string;
  touchpoint: { name: string };
  unread: boolean;
  [k: string]: unknown;
}
interface FeedBody {
  items: FeedItem[];
  nextCursor: string | null;
  unread: number;
}
interface WallBody {
  items: { id: number; createdAt: string; employee: { id: number; displayName: string }; body: string; signature: string | null }[];
  nextCursor: string | null;
}
interface ErrorBody {
  error: { code: string; message: string; issues?: { path: string; message: string }[] };
}

async function card(code: string, body: Record<string, unknown> = { overall: 4 }): Promise<number> {
  const res = await postJson(f.app, `/api/v1/t/${code}/cards`, body);
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: number }).id;
}

async function praise(code: string, body: Record<string, unknown>): Promise<number> {
  const res = await postJson(f.app, `/api/v1/t/${code}/praise`, body);
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: number }).id;
}

const kimCard = (body: Record<string, unknown> = { overall: 4 }) => card(f.touchpoints.bib.code, body);
const kimPraise = (body: Record<string, unknown> = { body: '감사합니다' }) => praise(f.touchpoints.bib.code, body);

async function feedRes(user: User, query = '') {
  return f.app.request(`/api/v1/me/feed${query}`, { headers: await f.as(user) });
}

async function feed(user: User, query = ''): Promise<FeedBody> {
  const res = await feedRes(user, query);
  expect(res.status).toBe(200);
  expect(res.headers.get('cache-control')).toContain('no-store');
  return (await res.json()) as FeedBody;
}

async function wall(user: User, query = ''): Promise<WallBody> {
  const res = await f.app.request(`/api/v1/wall${query}`, { headers: await f.as(user) });
  expect(res.status).toBe(200);
  return (await res.json()) as WallBody;
}

const keys = (items: { kind: string; id: number }[]) => items.map((i) => `${i.kind}:${i.id}`);
const setStatus = (table: 'comment_cards' | 'praise_letters', id: number, status: string) =>
  f.db.$client.prepare(`UPDATE ${table} SET status = ? WHERE id = ?`).run(status, id);

async function html(path: string, user: User, headers: Record<string, string> = {}) {
  const res = await f.app.request(path, { headers: await f.as(user, headers) });
  expect(res.status).toBe(200);
  return res.text();
}

// ── a cookie session, as a phone browser has ──


async function signIn(email: string): Promise<Record<string, string>> {
  const page = await f.app.request('/login?lang=en');
  const jar = cookies(page);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
  const res = await postForm(f.app, '/login?lang=en', { _csrf: csrf, org: 'hanbit', email, password: PASSWORD }, { cookie: cookieHeader(jar) });
  expect(res.status).toBe(303);
  return { ...jar, ...cookies(res) };
}

describe('GET /api/v1/me/feed', () => {
  test('a staff member sees exactly their own published cards and praise letters, newest first, without contact details', async () => {
    const cardId = await kimCard({
      overall: 4,
      ratings: { speed: 3, courtesy: 5 },
      about: 'both',
      problem: { had: true, resolved: true },
      comment: '라운딩 내내 친절하게 안내해 주셨어요.',
      contact: { email: 'secret@example.com', phone: '010-9876-5432', consent: true },
    });
    expect(f.count('card_contacts')).toBe(1);
    f.clock.advance(60_000);
    const praiseId = await kimPraise({ body: '김캐디 님 덕분에 최고의 하루였어요.', signature: '박 고객', publish: true });
    f.clock.advance(60_000);
    // Other people's items: lee via the unbound front desk, park, and a card about no one.
    const leeCard = await card(f.touchpoints.frontDesk.code, { overall: 2, employeeId: f.employees.lee.id, comment: 'Lee was slow today' });
    const leePraise = await praise(f.touchpoints.frontDesk.code, { body: 'Lee saved our trip', employeeId: f.employees.lee.id });
    await card(f.touchpoints.frontDesk.code, { overall: 1, employeeId: f.employees.park.id, comment: 'Park comment' });
    await card(f.touchpoints.frontDesk.code, { overall: 3, comment: 'about nobody' });
    await praise(f.other.touchpoint.code, { body: 'other org letter', employeeId: f.other.employee.id });

    const res = await feedRes(f.users.staffKim);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain('secret@example.com');
    expect(text).not.toContain('010-9876-5432');
    expect(text).not.toMatch(/"(email|phone|contact)"/);
    const kim = JSON.parse(text) as FeedBody;
    expect(keys(kim.items)).toEqual([`praise:${praiseId}`, `card:${cardId}`]);
    expect(kim.nextCursor).toBeNull();
    expect(kim.items[0]).toEqual({
      kind: 'praise',
      id: praiseId,
      createdAt: '2026-11-20T03:01:00.000Z',
      touchpoint: { name: 'Caddie bib 7' },
      unread: true,
      body: '김캐디 님 덕분에 최고의 하루였어요.',
      signature: '박 고객',
      shared: true,
    });
    expect(kim.items[1]).toEqual({
      kind: 'card',
      id: cardId,
      createdAt: '2026-11-20T03:00:00.000Z',
      touchpoint: { name: 'Caddie bib 7' },
      unread: true,
      overall: 4,
      // In the template's order, with its labels.
      ratings: [
        { key: 'courtesy', label: { ko: '친절', en: 'Courtesy' }, value: 5 },
        { key: 'speed', label: { ko: '신속성', en: 'Speed' }, value: 3 },
      ],
      about: 'both',
      problem: { had: true, resolved: true },
      comment: '라운딩 내내 친절하게 안내해 주셨어요.',
    });

    const lee = await feed(f.users.staffLee);
    expect(keys(lee.items)).toEqual([`praise:${leePraise}`, `card:${leeCard}`]);
    expect(JSON.stringify(lee)).not.toMatch(/Park comment|about nobody|other org letter|김캐디/);

    // The phone page shows the same, and no contact details either.
    const page = await html('/me', f.users.staffKim);
    expect(page).toContain('김캐디 님 덕분에 최고의 하루였어요.');
    expect(page).toContain('라운딩 내내 친절하게 안내해 주셨어요.');
    expect(page).not.toContain('secret@example.com');
    expect(page).not.toContain('010-9876-5432');
    expect(page).not.toContain('Lee was slow today');
    expect(page).not.toContain('Lee saved our trip');
  });

  test('held and rejected cards and letters never appear, nor count as unread', async () => {
    const shown = await kimCard({ overall: 5, comment: 'published card' });
    const held = await kimCard({ overall: 1, comment: 'held card' });
    const rejected = await kimCard({ overall: 1, comment: 'rejected card' });
    const shownLetter = await kimPraise({ body: 'published letter', publish: true });
    const heldLetter = await kimPraise({ body: 'held letter', publish: true });
    const rejectedLetter = await kimPraise({ body: 'rejected letter', publish: true });
    setStatus('comment_cards', held, 'held');
    setStatus('comment_cards', rejected, 'rejected');
    setStatus('praise_letters', heldLetter, 'held');
    setStatus('praise_letters', rejectedLetter, 'rejected');

    const body = await feed(f.users.staffKim);
    expect(keys(body.items)).toEqual([`praise:${shownLetter}`, `card:${shown}`]);
    expect(body.unread).toBe(2);
    const page = await html('/me', f.users.staffKim);
    expect(page).toContain('published letter');
    expect(page).not.toMatch(/held card|rejected card|held letter|rejected letter/);
    expect((await wall(f.users.admin)).items.map((i) => i.body)).toEqual(['published letter']);

    // Published again after moderation: back in the feed.
    setStatus('comment_cards', held, 'published');
    expect(keys((await feed(f.users.staffKim)).items)).toContain(`card:${held}`);
  });

  test('an empty feed', async () => {
    expect(await feed(f.users.staffKim)).toEqual({ items: [], nextCursor: null, unread: 0 });
  });

  test('limit defaults to 20 and is at most 50; malformed limits and cursors answer 400 with issues', async () => {
    for (let i = 0; i < 22; i++) {
      await kimCard({ overall: 1 + (i % 5) });
      f.clock.advance(1000);
    }
    const first = await feed(f.users.staffKim);
    expect(first.items).toHaveLength(20);
    expect(first.nextCursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect((await feed(f.users.staffKim, `?cursor=${first.nextCursor}`)).items).toHaveLength(2);
    expect((await feed(f.users.staffKim, '?limit=50')).items).toHaveLength(22);
    expect((await feed(f.users.staffKim, '?limit=1')).items).toHaveLength(1);

    const wallCursor = Buffer.from('w1.1.1.1').toString('base64url');
    const bad: [string, string][] = [
      ['?limit=0', 'limit'],
      ['?limit=51', 'limit'],
      ['?limit=abc', 'limit'],
      ['?limit=2.5', 'limit'],
      ['?limit=-1', 'limit'],
      ['?limit=', 'limit'],
      ['?cursor=not*base64', 'cursor'],
      ['?cursor=', 'cursor'],
      [`?cursor=${Buffer.from('f1.x.card.1.1.1').toString('base64url')}`, 'cursor'],
      [`?cursor=${Buffer.from('f1.1.memo.1.1.1').toString('base64url')}`, 'cursor'],
      [`?cursor=${Buffer.from('f1.99999999999999999.card.1.1.1').toString('base64url')}`, 'cursor'],
      [`?cursor=${wallCursor}`, 'cursor'],
      [`?cursor=${first.nextCursor}x&limit=0`, 'cursor'],
    ];
    for (const [query, path] of bad) {
      const res = await feedRes(f.users.staffKim, query);
      expect(res.status, query).toBe(400);
      const body = (await res.json()) as ErrorBody;
      expect(body.error.code).toBe('invalid_query');
      expect(body.error.issues?.map((i) => i.path)).toContain(path);
    }
    // The wall refuses a feed cursor the same way.
    const res = await f.app.request(`/api/v1/wall?cursor=${first.nextCursor}`, { headers: await f.as(f.users.admin) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorBody).error.issues).toEqual([{ path: 'cursor', message: expect.any(String) }]);
  });
});

describe('cursor pagination', () => {
  test('pages neither skip nor repeat while new cards arrive at the cursor’s time, later and earlier', async () => {
    // 12 items over few distinct times: many ties on created_at, between and across kinds.
    const start = Date.parse('2026-11-20T03:00:00Z');
    const times = [0, 0, 0, 1000, 1000, 2000, 2000, 2000, 2000, 3000, 5000, 5000];
    for (const [i, dt] of times.entries()) {
      f.clock.set(new Date(start + dt));
      if (i % 3 === 1) await kimPraise({ body: `letter ${i}` });
      else await kimCard({ overall: 1 + (i % 5), comment: `card ${i}` });
    }
    const expected = keys((await feed(f.users.staffKim, '?limit=50')).items);
    expect(expected).toHaveLength(12);

    const seen: FeedItem[] = [];
    let cursor: string | null = null;
    let round = 0;
    let arrived = 0;
    do {
      const page: FeedBody = await feed(f.users.staffKim, `?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items);
      cursor = page.nextCursor;
      const last = page.items[page.items.length - 1];
      if (last) {
        // New items between page requests: at the very instant of the cursor, later, and earlier.
        f.clock.set(new Date(last.createdAt));
        await kimCard({ overall: 5, comment: `new at cursor ${round}` });
        await kimPraise({ body: `new letter at cursor ${round}` });
        f.clock.set(new Date(start + 60_000 + round * 1000));
        await kimCard({ overall: 5, comment: `new later ${round}` });
        f.clock.set(new Date(start - 60_000));
        await kimCard({ overall: 5, comment: `new earlier ${round}` });
        arrived += 4;
      }
      round++;
    } while (cursor);

    expect(keys(seen)).toEqual(expected);
    expect(new Set(keys(seen)).size).toBe(12);
    // Newest first by (createdAt, kind, id), all descending.
    const order = seen.map((i) => [Date.parse(i.createdAt), i.kind, i.id] as const);
    for (let i = 1; i < order.length; i++) {
      const [t0, k0, id0] = order[i - 1]!;
      const [t1, k1, id1] = order[i]!;
      expect(t0 > t1 || (t0 === t1 && (k0 > k1 || (k0 === k1 && id0 > id1)))).toBe(true);
    }
    // The new items are there on a fresh first page.
    const fresh = await feed(f.users.staffKim, '?limit=50');
    expect(arrived).toBe(16);
    expect(fresh.items).toHaveLength(12 + arrived);
    expect(fresh.items[0]!.comment).toMatch(/^new later/);
  });

  test('property: any mix of ties, kinds, page sizes and arrivals between pages is served exactly once, in order', async () => {
    const action = fc.record({
      kind: fc.constantFrom('card' as const, 'praise' as const),
      when: fc.constantFrom('cursor' as const, 'later' as const, 'earlier' as const),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ dt: fc.integer({ min: 0, max: 3 }), kind: fc.constantFrom('card' as const, 'praise' as const) }), { maxLength: 14 }),
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.array(action, { maxLength: 3 }), { maxLength: 8 }),
        async (initial, limit, arrivals) => {
          f = await makeFixture();
          const start = Date.parse('2026-11-20T03:00:00Z');
          const add = (kind: 'card' | 'praise') => (kind === 'card' ? kimCard() : kimPraise());
          for (const item of initial) {
            f.clock.set(new Date(start + item.dt * 1000));
            await add(item.kind);
          }
          const expected = keys((await feed(f.users.staffKim, '?limit=50')).items);
          const seen: FeedItem[] = [];
          let cursor: string | null = null;
          let round = 0;
          do {
            const page: FeedBody = await feed(f.users.staffKim, `?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
            seen.push(...page.items);
            cursor = page.nextCursor;
            const last = page.items[page.items.length - 1];
            for (const a of last ? (arrivals[round] ?? []) : []) {
              const at = a.when === 'cursor' ? Date.parse(last!.createdAt) : a.when === 'later' ? start + 10_000 : start - 10_000;
              f.clock.set(new Date(at));
              await add(a.kind);
            }
            round++;
          } while (cursor);
          expect(keys(seen)).toEqual(expected);
        },
      ),
      { numRuns: 30 },
    );
  }, 60_000);
});

describe('unread and mark as read', () => {
  test('everything is unread until marked; later items are unread again; read state is per user', async () => {
    const a = await kimCard();
    f.clock.advance(1000);
    const b = await kimPraise();
    await card(f.touchpoints.frontDesk.code, { overall: 3, employeeId: f.employees.lee.id });

    let kim = await feed(f.users.staffKim);
    expect(kim.unread).toBe(2);
    expect(kim.items.map((i) => i.unread)).toEqual([true, true]);

    f.clock.advance(1000);
    const read = await f.app.request('/api/v1/me/feed/read', { method: 'POST', headers: await f.as(f.users.staffKim) });
    expect(read.status).toBe(204);
    kim = await feed(f.users.staffKim);
    expect(kim.unread).toBe(0);
    expect(kim.items.map((i) => i.unread)).toEqual([false, false]);
    // Lee's read state is his own.
    expect((await feed(f.users.staffLee)).unread).toBe(1);

    f.clock.advance(1000);
    const c = await kimCard({ overall: 2 });
    kim = await feed(f.users.staffKim);
    expect(kim.unread).toBe(1);
    expect(kim.items.map((i) => [i.id, i.unread])).toEqual([
      [c, true],
      [b, false],
      [a, false],
    ]);
    // A held card is not counted.
    setStatus('comment_cards', c, 'held');
    expect((await feed(f.users.staffKim)).unread).toBe(0);
  });

  test('the page marks items "New", and its "Mark all as read" form needs the CSRF token and redirects back to /me', async () => {
    await kimCard({ overall: 5, comment: 'fresh card' });
    await kimPraise({ body: 'fresh letter' });
    const jar = await signIn('kim@hanbit.example');

    const before = await f.app.request('/me?lang=en', { headers: { cookie: cookieHeader(jar) } });
    expect(before.status).toBe(200);
    const page = await before.text();
    expect(page).toContain('2 new');
    expect(page.match(/class="new"/g)?.length).toBe(3); // the letter on top, its line in the feed, the card
    expect(page).toContain('Mark all as read');
    expect(page).toMatch(/<form method="post" action="\/me\/read\?lang=en"><input type="hidden" name="_csrf" value="[^"]+"/);

    const forged = await postForm(f.app, '/me/read', { _csrf: 'forged' }, { cookie: cookieHeader(jar) });
    expect(forged.status).toBe(403);
    expect((await feed(f.users.staffKim)).unread).toBe(2);

    const ok = await postForm(f.app, '/me/read?lang=en', { _csrf: jar.mc_csrf! }, { cookie: cookieHeader(jar) });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/me?lang=en');
    expect((await feed(f.users.staffKim)).unread).toBe(0);
    const after = await (await f.app.request('/me?lang=en', { headers: { cookie: cookieHeader(jar) } })).text();
    expect(after).not.toContain('class="new"');
    expect(after).toContain('You are all caught up.');
    expect(after).not.toContain('Mark all as read');
  });
});

describe('GET /me', () => {
  test('praise letters come first, as letters with their signature; then everything, with an "Older items" link', async () => {
    for (let i = 0; i < 22; i++) {
      await kimCard({ overall: 4, comment: `card number ${i}` });
      f.clock.advance(1000);
    }
    for (let i = 0; i < 4; i++) {
      await kimPraise({ body: `letter number ${i}`, ...(i === 3 ? { signature: '이 고객' } : {}) });
      f.clock.advance(1000);
    }
    const page = await html('/me?lang=en', f.users.staffKim);
    expect(page).toMatch(/^<!DOCTYPE html>|^<html/i);
    expect(page).toContain('<html lang="en">');
    const praiseSection = page.indexOf('id="praise-h"');
    const allSection = page.indexOf('id="all-h"');
    expect(praiseSection).toBeGreaterThan(0);
    expect(allSection).toBeGreaterThan(praiseSection);
    // The three newest letters on top, newest first, signed (or "A customer").
    const top = page.slice(praiseSection, allSection);
    expect(top.indexOf('letter number 3')).toBeLessThan(top.indexOf('letter number 2'));
    expect(top).toContain('letter number 1');
    expect(top).not.toContain('letter number 0');
    expect(top).toContain('— 이 고객');
    expect(top).toContain('— A customer');
    // The feed links to them instead of repeating them, and has the oldest letter in full.
    const rest = page.slice(allSection);
    expect(rest).not.toContain('letter number 3');
    expect(rest).toContain('href="#praise-');
    expect(rest).toContain('letter number 0');
    expect(rest).toContain('card number 21');
    expect(rest).not.toContain('card number 5<'); // 20 items per page: 4 letters and cards 21..6
    // Nav: the wall and a sign-out form with the CSRF token.
    expect(page).toContain('href="/wall?lang=en"');
    expect(page).toMatch(/<form method="post" action="\/logout"><input type="hidden" name="_csrf" value="[^"]+"\/?><button type="submit">Sign out<\/button>/);

    const older = /href="(\/me\?lang=en&amp;cursor=[A-Za-z0-9_-]+)" rel="next"/.exec(page);
    expect(older).not.toBeNull();
    const second = await html(older![1]!.replaceAll('&amp;', '&'), f.users.staffKim);
    expect(second).toContain('card number 5');
    expect(second).toContain('card number 0');
    expect(second).not.toContain('card number 6<');
    expect(second).not.toContain('id="praise-h"');
    expect(second).not.toContain('rel="next"');
    expect(second).toContain('Back to the newest');
  });

  test('Korean and English: ?lang=, then Accept-Language, then the organization’s default (ko)', async () => {
    await kimCard({ overall: 3, about: 'process', problem: { had: true, resolved: false } });
    const ko = await html('/me', f.users.staffKim);
    expect(ko).toContain('<html lang="ko">');
    expect(ko).toContain('고객이 남긴 이야기');
    expect(ko).toContain('김캐디 님, 안녕하세요');
    expect(ko).toContain('시설·절차에 대한 의견');
    expect(ko).toContain('불편 있었음 — 해결 안 됨');
    expect(ko).toContain('전체 3/5');
    const en = await html('/me', f.users.staffKim, { 'accept-language': 'en-US,en;q=0.9' });
    expect(en).toContain('What customers said about you');
    expect(en).toContain('About the place or process');
    expect(en).toContain('Had a problem — not resolved');
    expect(await html('/me?lang=ko', f.users.staffKim, { 'accept-language': 'en' })).toContain('<html lang="ko">');
  });

  test('anonymous → /login; other roles → the wall; a mangled cursor starts from the newest', async () => {
    const anon = await f.app.request('/me');
    expect(anon.status).toBe(303);
    expect(anon.headers.get('location')).toBe('/login?next=%2Fme');
    const admin = await f.app.request('/me', { headers: await f.as(f.users.admin) });
    expect(admin.status).toBe(303);
    expect(admin.headers.get('location')).toBe('/wall');
    const mangled = await f.app.request('/me?cursor=zz*&lang=en', { headers: await f.as(f.users.staffKim) });
    expect(mangled.status).toBe(303);
    expect(mangled.headers.get('location')).toBe('/me?lang=en');
    expect((await postForm(f.app, '/me/read', {})).status).toBe(401);
    expect((await f.app.request('/me/read', { method: 'POST', headers: await f.as(f.users.admin) })).status).toBe(403);
  });
});

describe('roles', () => {
  test('only staff have a feed: supervisors and admins get 403, anonymous 401', async () => {
    for (const user of [f.users.admin, f.users.supervisorGolf, f.users.supervisorDesk, f.users.otherAdmin]) {
      const res = await feedRes(user);
      expect(res.status).toBe(403);
      expect(((await res.json()) as ErrorBody).error.code).toBe('forbidden');
      const read = await f.app.request('/api/v1/me/feed/read', { method: 'POST', headers: await f.as(user) });
      expect(read.status).toBe(403);
    }
    const anon = await f.app.request('/api/v1/me/feed');
    expect(anon.status).toBe(401);
    expect(((await anon.json()) as ErrorBody).error.code).toBe('unauthorized');
    expect((await f.app.request('/api/v1/me/feed/read', { method: 'POST' })).status).toBe(401);
  });
});

describe('the praise wall', () => {
  async function seedLetters() {
    const kimShared = await kimPraise({ body: '김캐디 님 최고!', signature: '골프 고객', publish: true });
    f.clock.advance(1000);
    await kimPraise({ body: 'private thanks to kim', publish: false });
    f.clock.advance(1000);
    const leeShared = await praise(f.touchpoints.frontDesk.code, { body: 'Lee made our stay', employeeId: f.employees.lee.id, publish: true });
    f.clock.advance(1000);
    const parkHeld = await praise(f.touchpoints.frontDesk.code, { body: 'held letter for park', employeeId: f.employees.park.id, publish: true });
    setStatus('praise_letters', parkHeld, 'held');
    const otherShared = await praise(f.other.touchpoint.code, { body: 'Stranger was great', employeeId: f.other.employee.id, publish: true });
    await kimCard({ overall: 5, comment: 'a card is never on the wall' });
    return { kimShared, leeShared, otherShared };
  }

  test('shows consented, published letters of the caller’s organization to every role, with display names', async () => {
    const { kimShared, leeShared, otherShared } = await seedLetters();
    for (const user of [f.users.admin, f.users.supervisorGolf, f.users.supervisorDesk, f.users.staffKim, f.users.staffLee]) {
      const body = await wall(user);
      expect(body).toEqual({
        items: [
          { id: leeShared, createdAt: '2026-11-20T03:00:02.000Z', employee: { id: f.employees.lee.id, displayName: 'Lee' }, body: 'Lee made our stay', signature: null },
          { id: kimShared, createdAt: '2026-11-20T03:00:00.000Z', employee: { id: f.employees.kim.id, displayName: '김캐디' }, body: '김캐디 님 최고!', signature: '골프 고객' },
        ],
        nextCursor: null,
      });
    }
    // The other organization sees only its own.
    expect((await wall(f.users.otherAdmin)).items.map((i) => i.id)).toEqual([otherShared]);
  });

  test('pages by cursor', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) ids.push(await kimPraise({ body: `shared ${i}`, publish: true }));
    const first = await wall(f.users.admin, '?limit=2');
    // A letter arriving at the cursor's instant is not served on later pages.
    f.clock.set(new Date(first.items[1]!.createdAt));
    await kimPraise({ body: 'late', publish: true });
    const second = await wall(f.users.admin, `?limit=2&cursor=${first.nextCursor}`);
    const third = await wall(f.users.admin, `?limit=2&cursor=${second.nextCursor}`);
    expect([...first.items, ...second.items, ...third.items].map((i) => i.id)).toEqual([...ids].reverse());
    expect(third.nextCursor).toBeNull();
    const bad = await f.app.request('/api/v1/wall?limit=99', { headers: await f.as(f.users.admin) });
    expect(bad.status).toBe(400);
  });

  test('the page, in Korean and English, with nav; anonymous → 401 (API) and /login (page)', async () => {
    await seedLetters();
    const ko = await html('/wall', f.users.staffKim);
    expect(ko).toContain('<html lang="ko">');
    expect(ko).toContain('칭찬 게시판');
    expect(ko).toContain('김캐디 님께');
    expect(ko).toContain('— 골프 고객');
    expect(ko).toContain('Lee made our stay');
    expect(ko).not.toMatch(/private thanks|held letter|Stranger|a card is never/);
    expect(ko).toContain('href="/me?lang=ko"');
    expect(ko).toContain('action="/logout"');

    const en = await html('/wall?lang=en', f.users.supervisorDesk);
    expect(en).toContain('To 김캐디');
    expect(en).toContain('To Lee');
    expect(en).not.toContain('href="/me'); // not staff: no feed link
    expect(en).toContain('Sign out');

    const other = await html('/wall', f.users.otherAdmin);
    expect(other).toContain('<html lang="en">');
    expect(other).toContain('Stranger was great');
    expect(other).not.toMatch(/김캐디|Lee made our stay/);

    const api = await f.app.request('/api/v1/wall');
    expect(api.status).toBe(401);
    expect(((await api.json()) as ErrorBody).error.code).toBe('unauthorized');
    const page = await f.app.request('/wall');
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/login?next=%2Fwall');
  });
});

test('feedOperations describe the three endpoints for the OpenAPI document', () => {
  const spec = buildOpenApi(feedOperations);
  expect(Object.keys(spec.paths).sort()).toEqual(['/api/v1/me/feed', '/api/v1/me/feed/read', '/api/v1/wall']);
  const get = spec.paths['/api/v1/me/feed']!.get as { parameters: { name: string }[]; responses: Record<string, unknown> };
  expect(get.parameters.map((p) => p.name)).toEqual(['cursor', 'limit']);
  expect(Object.keys(get.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403']));
  expect(JSON.stringify(spec)).not.toMatch(/email|phone/);
});
