/**
 * Headless Chromium for end-to-end tests, driven by playwright-core against the system's
 * Chromium (Debian's `chromium` package; playwright never downloads a browser of its own).
 *
 * Without Chromium, a developer's run reports the browser tests as skipped, with the reason in
 * the test name and on stderr. In CI (`CI=true`) they run and fail instead: a green CI must
 * never hide browser tests that did not run.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions } from 'playwright-core';
import { afterAll, beforeAll, describe, test } from 'vitest';
import { startServer, type RunningServer } from '../../src/server.ts';
import { makeFixture, type Fixture } from './fixture.ts';

export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** True when the Chromium executable exists. */
export const browserAvailable: boolean = existsSync(chromiumPath);

const inCI = process.env.CI === 'true';

/** Browser tests are skipped only outside CI, and only when Chromium is missing. */
export const skipBrowserTests: boolean = !browserAvailable && !inCI;

const installHint = 'apt-get install -y chromium fonts-noto-cjk (or set CHROMIUM_PATH)';
export const browserMissingMessage = `skipped: ${chromiumPath} not found; ${installHint}`;

if (skipBrowserTests) console.warn(`[browser tests] ${browserMissingMessage}`);

/**
 * Flags for a quiet headless Chromium on a closed network, as root. Playwright itself adds a
 * fresh temporary `--user-data-dir` for every launch (and removes it on close): it refuses one
 * passed in `args`.
 */
export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

/** A phone: iPhone 12–15 sized viewport, touch, Korean. */
export const phone: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: 'ko-KR',
};

export async function launchBrowser(): Promise<Browser> {
  if (!browserAvailable) {
    throw new Error(
      `Chromium not found at ${chromiumPath}` +
        (inCI ? ' and CI=true, so the browser tests fail instead of being skipped' : '') +
        `. Install it: ${installHint}. .ci/run does this.`,
    );
  }
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs, timeout: 15_000 });
}

/**
 * Launches one browser for the enclosing suite (beforeAll) and closes it (afterAll). The
 * returned getter throws the launch error, so that each test fails with it rather than the
 * suite being skipped.
 */
export function useBrowser(): () => Browser {
  let browser: Browser | undefined;
  let launchError: unknown;
  beforeAll(async () => {
    try {
      browser = await launchBrowser();
    } catch (err) {
      launchError = err;
    }
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (launchError) throw launchError;
    if (!browser) throw new Error('The browser was not launched (useBrowser() must be called inside describeBrowser)');
    return browser;
  };
}

/** A new context with short timeouts, so that a failing step fails fast. */
export async function newContext(browser: Browser, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ ...phone, ...options });
  context.setDefaultTimeout(5_000);
  context.setDefaultNavigationTimeout(10_000);
  return context;
}

type SuiteFn = () => void;
type TestFn = () => Promise<void> | void;

/** `describe`, skipped with the reason in its name when Chromium is missing outside CI. */
export function describeBrowser(name: string, fn: SuiteFn): void {
  describe.skipIf(skipBrowserTests)(skipBrowserTests ? `${name} (${browserMissingMessage})` : name, fn);
}

/** `test`, skipped with the reason in its name when Chromium is missing outside CI. */
export function testBrowser(name: string, fn: TestFn, timeout?: number): void {
  test.skipIf(skipBrowserTests)(skipBrowserTests ? `${name} (${browserMissingMessage})` : name, fn, timeout);
}

/**
 * The real app on a real HTTP server on 127.0.0.1 for the enclosing suite, on a fresh fixture:
 * started in beforeAll, closed in afterAll.
 */
export function useAppServer(): { fixture: () => Fixture; url: () => string } {
  let f: Fixture | undefined;
  let server: RunningServer | undefined;
  beforeAll(async () => {
    f = await makeFixture();
    server = await startServer(f.app, { port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await server?.close();
  });
  return {
    fixture: () => {
      if (!f) throw new Error('useAppServer(): the suite has not started');
      return f;
    },
    url: () => {
      if (!server) throw new Error('useAppServer(): the server is not running');
      return server.url;
    },
  };
}
