/**
 * A customer's praise letter reaching the staff member, end to end: the customer writes it on the
 * touchpoint's praise page, the caddie signs in on her phone and reads it on /me (headless
 * Chromium at a phone's size in Korean, the real app on a real HTTP server).
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, expect } from 'vitest';
import { translator } from '../../src/lib/i18n.ts';
import { describeBrowser, newContext, testBrowser, useAppServer, useBrowser } from '../support/browser.ts';
import { PASSWORD, postJson, type Fixture } from '../support/fixture.ts';

const resultsDir = fileURLToPath(new URL('../../test-results/', import.meta.url));
const ko = translator('ko');

describeBrowser('staff feed in a phone browser', () => {
  const browser = useBrowser();
  const app = useAppServer();
  let f: Fixture;
  beforeAll(() => {
    f = app.fixture();
  });

  testBrowser('a customer’s praise letter for kim reaches her feed on /me', async () => {
    // An earlier comment card for kim, with contact details the customer agreed to leave.
    const earlier = await postJson(f.app, `/api/v1/t/${f.touchpoints.bib.code}/cards`, {
      overall: 4,
      ratings: { courtesy: 5, knowledge: 4, speed: 3 },
      about: 'person',
      problem: { had: true, resolved: true },
      comment: '그린 위에서 라이를 정확하게 읽어 주셔서 좋았어요. 카트 대기는 조금 길었습니다.',
      contact: { email: 'secret@example.com', consent: true },
    });
    expect(earlier.status).toBe(201);
    f.clock.advance(3 * 3600_000);

    const letter =
      '오늘 라운딩 내내 김캐디 님이 웃으며 안내해 주셔서 정말 즐거웠습니다.\n비가 와서 걱정했는데 덕분에 최고의 하루가 되었어요. 감사합니다!';
    const signature = '서울에서 온 박 고객';

    // 1. The customer, on their own phone.
    const customer = await newContext(browser());
    try {
      const page = await customer.newPage();
      const res = await page.goto(`${app.url()}/t/${f.touchpoints.bib.code}/praise`);
      expect(res?.status()).toBe(200);
      await page.getByRole('heading', { level: 1, name: ko('praise.title') }).waitFor();
      await page.getByLabel(ko('praise.body')).fill(letter);
      await page.getByLabel(ko('praise.signature')).fill(signature);
      await page.getByText(ko('praise.publish')).click();
      await page.getByRole('button', { name: ko('praise.submit') }).click();
      await page.waitForURL(/\/thanks\b/);
      await page.getByRole('heading', { name: ko('thanks.title') }).waitFor();
    } finally {
      await customer.close();
    }
    expect(f.count('praise_letters')).toBe(1);

    // 2. Kim, on hers.
    const staff = await newContext(browser());
    try {
      const page = await staff.newPage();
      const pageErrors: Error[] = [];
      page.on('pageerror', (e) => pageErrors.push(e));
      await page.goto(`${app.url()}/login`);
      await page.getByLabel('조직').fill('hanbit');
      await page.getByLabel('이메일').fill('kim@hanbit.example');
      await page.getByLabel('비밀번호').fill(PASSWORD);
      await page.getByRole('button', { name: ko('login.submit') }).click();
      await page.waitForURL((url) => url.pathname === '/me');

      expect(await page.locator('html').getAttribute('lang')).toBe('ko');
      await page.getByRole('heading', { level: 1, name: ko('feed.title') }).waitFor();
      await page.getByText(ko('feed.hello', { name: '김캐디' })).waitFor();

      // The letter heads the page, as a letter: its words, its signature and "New".
      const praise = page.getByRole('region', { name: ko('feed.praise') });
      const first = praise.locator('article').first();
      expect(await first.locator('.body').innerText()).toBe(letter);
      expect(await first.locator('.sig').innerText()).toBe(ko('feed.from', { name: signature }));
      expect(await first.getByText(ko('feed.new'), { exact: true }).isVisible()).toBe(true);
      expect(await first.getByText(ko('feed.shared')).isVisible()).toBe(true);

      // The chronological feed: a line for the letter (read above) and the earlier card.
      const all = page.getByRole('region', { name: ko('feed.all') });
      expect(await all.getByRole('link', { name: ko('feed.praiseAbove') }).isVisible()).toBe(true);
      expect(await all.getByText(ko('feed.overall', { n: 4 })).isVisible()).toBe(true);
      expect(await all.getByText('친절', { exact: true }).isVisible()).toBe(true);
      expect(await page.getByRole('status').innerText()).toBe(ko('feed.unread', { n: 2 }));
      expect(await page.content()).not.toContain('secret@example.com');

      // Nothing wider than the phone: no sideways scrolling.
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
      mkdirSync(resultsDir, { recursive: true });
      await page.screenshot({ path: `${resultsDir}staff-feed-phone.png`, fullPage: true });

      // Mark all as read: back on /me, nothing new.
      await page.getByRole('button', { name: ko('feed.markRead') }).click();
      await page.waitForURL((url) => url.pathname === '/me');
      expect(await page.getByRole('status').innerText()).toBe(ko('feed.allRead'));
      expect(await page.locator('.new').count()).toBe(0);

      // The customer agreed to share it: it is on the praise wall too.
      await page.getByRole('link', { name: ko('nav.wall') }).click();
      await page.waitForURL((url) => url.pathname === '/wall');
      expect(await page.getByText(ko('wall.to', { name: '김캐디' })).isVisible()).toBe(true);
      expect(await page.locator('article .body').first().innerText()).toBe(letter);
      mkdirSync(resultsDir, { recursive: true });
      await page.screenshot({ path: `${resultsDir}staff-wall-phone.png`, fullPage: true });

      // Sign out.
      await page.getByRole('button', { name: ko('nav.logout') }).click();
      await page.waitForURL((url) => url.pathname === '/login');
      expect(pageErrors).toEqual([]);
    } finally {
      await staff.close();
    }
  }, 30_000);
});
