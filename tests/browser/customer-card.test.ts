/**
 * The customer's comment card, end to end: the real app on a real HTTP server, a headless
 * Chromium at a phone's size in Korean, and the stored row in the database.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { beforeAll, beforeEach, expect } from 'vitest';
import { translator } from '../../src/lib/i18n.ts';
import { describeBrowser, newContext, testBrowser, useAppServer, useBrowser } from '../support/browser.ts';
import type { Fixture } from '../support/fixture.ts';

const resultsDir = fileURLToPath(new URL('../../test-results/', import.meta.url));
const ko = translator('ko');

interface StoredCard {
  overall: number;
  employee_id: number | null;
  about: string | null;
  comment: string | null;
  locale: string;
  channel: string;
}

describeBrowser('customer comment card in a phone browser', () => {
  const browser = useBrowser();
  const app = useAppServer();
  let f: Fixture;
  beforeAll(() => {
    f = app.fixture();
  });

  beforeEach(() => {
    // One server and database for the suite: each test starts from no cards.
    f.db.$client.prepare('DELETE FROM comment_cards').run();
  });

  const cardUrl = () => `${app.url()}/t/${f.touchpoints.frontDesk.code}`;
  const storedCards = () =>
    f.db.$client
      .prepare('SELECT overall, employee_id, about, comment, locale, channel FROM comment_cards ORDER BY id')
      .all() as StoredCard[];

  /** The fieldset of the overall rating, found by its legend. */
  const overallGroup = (page: Page) => page.getByRole('group', { name: ko('card.overall') });

  async function chooseOverall(page: Page, n: 1 | 2 | 3 | 4 | 5) {
    const group = overallGroup(page);
    // The radio itself is visually hidden: tap its visible label, as a customer would.
    await group.getByText(ko(`rating.${n}`), { exact: true }).click();
    expect(await group.getByRole('radio', { name: ko(`rating.${n}`), exact: true }).isChecked()).toBe(true);
  }

  async function submitAndReachThanks(page: Page) {
    await page.getByRole('button', { name: ko('card.submit') }).click();
    await page.waitForURL(/\/thanks\b/);
    await page.getByRole('heading', { name: '감사합니다!' }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/t/${f.touchpoints.frontDesk.code}/thanks`);
  }

  testBrowser('a customer fills in the card in Korean and it is stored', async () => {
    const context = await newContext(browser());
    try {
      const page = await context.newPage();
      const pageErrors: Error[] = [];
      page.on('pageerror', (e) => pageErrors.push(e));

      const res = await page.goto(cardUrl());
      expect(res?.status()).toBe(200);
      expect(await page.locator('html').getAttribute('lang')).toBe('ko');
      await page.getByRole('heading', { level: 1, name: '서비스는 어떠셨나요?' }).waitFor();

      await chooseOverall(page, 4);
      await page.getByLabel('누가 응대해 드렸나요?').selectOption({ label: 'Lee' });
      const about = page.getByRole('group', { name: ko('card.about') });
      await about.getByText('응대한 직원', { exact: true }).click();
      expect(await about.getByRole('radio', { name: '응대한 직원' }).isChecked()).toBe(true);
      const comment = '프런트 직원분이 체크인을 빠르고 친절하게 도와주셨어요. 감사합니다!';
      await page.getByLabel(ko('card.comment')).fill(comment);

      // Nothing wider than the phone: no sideways scrolling.
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
      mkdirSync(resultsDir, { recursive: true });
      await page.screenshot({ path: `${resultsDir}card-phone.png`, fullPage: true });

      await submitAndReachThanks(page);
      expect(pageErrors).toEqual([]);

      expect(f.count('comment_cards')).toBe(1);
      expect(storedCards()).toEqual([
        { overall: 4, employee_id: f.employees.lee.id, about: 'person', comment, locale: 'ko', channel: 'web' },
      ]);
    } finally {
      await context.close();
    }
  }, 15_000);

  testBrowser('with JavaScript off, an invalid card is shown again with its error, then sent', async () => {
    const context = await newContext(browser(), { javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto(cardUrl());
      await page.getByRole('heading', { level: 1, name: '서비스는 어떠셨나요?' }).waitFor();

      // No overall rating, but a comment.
      const comment = '대기 시간이 조금 길었어요.';
      await page.getByLabel(ko('card.comment')).fill(comment);
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST'),
        page.getByRole('button', { name: ko('card.submit') }).click(),
      ]);
      expect(response.status()).toBe(400);
      await page.waitForLoadState();

      // The summary, and the error beside the field it belongs to.
      expect((await page.getByRole('alert').textContent())?.trim()).toBe(ko('form.errors'));
      const group = overallGroup(page);
      const error = group.locator('#overall-err');
      expect(await error.isVisible()).toBe(true);
      expect((await error.textContent())?.trim()).toBe(ko('err.overall'));
      expect(await group.getAttribute('aria-describedby')).toBe('overall-err');
      // The typed comment is kept, and nothing was stored.
      expect(await page.getByLabel(ko('card.comment')).inputValue()).toBe(comment);
      expect(f.count('comment_cards')).toBe(0);
      mkdirSync(resultsDir, { recursive: true });
      await page.screenshot({ path: `${resultsDir}card-phone-error.png` });

      await chooseOverall(page, 2);
      await submitAndReachThanks(page);

      expect(f.count('comment_cards')).toBe(1);
      expect(storedCards()).toEqual([
        { overall: 2, employee_id: null, about: null, comment, locale: 'ko', channel: 'web' },
      ]);
    } finally {
      await context.close();
    }
  }, 15_000);
});
