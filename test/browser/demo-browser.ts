/** Starts the demo server and Chromium for the browser tests, and cleans both up. */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';
import { startDemoServer, type DemoServer } from '../../demo/server.js';

/** Screenshots land here (gitignored); CI keeps them as artifacts. */
export const SCREENSHOTS = join(process.cwd(), 'test-results', 'browser');

/** One demo server and one browser, shared by the tests of a file. */
export interface DemoSession {
  readonly server: DemoServer;
  readonly browser: Browser;
  /** A fresh browser context (its own storage: a separate "device"). */
  newContext(): Promise<BrowserContext>;
  /** Opens the demo at `query` (e.g. `?transport=relay&user=alice`) in `context` and waits for its phones to connect. */
  open(context: BrowserContext, query: string): Promise<Page>;
  /** Stops the browser and the server. */
  close(): Promise<void>;
}

/** Starts the demo server on a free port and launches headless Chromium. */
export async function startDemoSession(): Promise<DemoSession> {
  // Parallel test files each start a server; each needs its own pre-bundle cache.
  const cacheDir = await mkdtemp(join(tmpdir(), 'call-invitation-demo-vite-'));
  const server = await startDemoServer({ port: 0, cacheDir, logLevel: 'error' });
  let browser: Browser;
  try {
    // Chosen once by the global setup (system or npm Chromium; see chromium.ts).
    // Playwright gives every launch a fresh temporary profile of its own.
    const { executablePath, args } = inject('chromium');
    browser = await chromium.launch({ executablePath, args: [...args] });
  } catch (error) {
    await server.close();
    await rm(cacheDir, { recursive: true, force: true });
    throw error;
  }
  const contexts: BrowserContext[] = [];
  await mkdir(SCREENSHOTS, { recursive: true });
  return {
    server,
    browser,
    async newContext() {
      const context = await browser.newContext({ viewport: { width: 1280, height: 820 }, deviceScaleFactor: 1 });
      contexts.push(context);
      return context;
    },
    async open(context, query) {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(new URL(query, server.url).href);
      const phones = page.locator('.phone');
      await phones.first().waitFor();
      for (const phone of await phones.all()) await phone.locator('[data-status=ready]').waitFor();
      if (errors.length > 0) throw new Error(`The demo page failed: ${errors.join('; ')}`);
      return page;
    },
    async close() {
      await Promise.allSettled(contexts.map((context) => context.close()));
      await browser.close();
      await server.close();
      await rm(cacheDir, { recursive: true, force: true });
    },
  };
}

/** The phone panel of `userId` on `page`. */
export function phoneOf(page: Page, userId: string): Locator {
  return page.locator(`.phone[data-user="${userId}"]`);
}

/** The card of the newest call on `userId`'s phone. */
export function newestCallOf(page: Page, userId: string): Locator {
  return phoneOf(page, userId).locator('.call-card').first();
}

/** Waits until `card` shows `state`; returns the card's text. */
export async function waitForState(card: Locator, state: string, timeoutMs = 20_000): Promise<string> {
  await card.and(card.page().locator(`[data-state="${state}"]`)).waitFor({ timeout: timeoutMs });
  return card.innerText();
}

/**
 * For a test file: one demo server and browser, started before its tests and
 * closed after them. Read `session` inside the tests.
 */
export function useDemoSession(): { readonly session: DemoSession } {
  let session: DemoSession | undefined;
  beforeAll(async () => {
    session = await startDemoSession();
  }, 60_000);
  afterAll(async () => {
    await session?.close();
  });
  return {
    get session() {
      if (!session) throw new Error('the demo session has not started');
      return session;
    },
  };
}
