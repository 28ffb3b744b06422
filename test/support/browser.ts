import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, chromium, type Page } from 'playwright-core';
import { screenshotDir } from './screenshots.js';

/** Debian's Chromium (.ci/run installs it). Without it the browser suites skip, except in CI. */
export const chromiumPath = '/usr/bin/chromium';
export const browserMissing = !fs.existsSync(chromiumPath) && !process.env.CI;

/** Decides whether a console error is an answer the screen under test expects (e.g. a 401). */
export type ExpectedError = (text: string, pathname: string) => boolean;

export interface BrowserPage {
  browser: Browser;
  page: Page;
  /** Console and page errors the test did not expect; each test ends by asserting it is empty. */
  consoleErrors: string[];
  /** Saves a screenshot of the page (see screenshots.ts for where). */
  shoot(name: string, fullPage?: boolean): Promise<Buffer>;
  close(): Promise<void>;
}

/**
 * Headless Chromium with one page at a laptop's size, transitions off (so screenshots show dialogs
 * fully open), and every console error collected unless `expected` says the UI expects it.
 */
export async function openBrowserPage(
  options: { expected?: ExpectedError; viewport?: { width: number; height: number } } = {},
): Promise<BrowserPage> {
  fs.mkdirSync(screenshotDir, { recursive: true });
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox'],
  });
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1366, height: 768 },
    acceptDownloads: true,
  });
  const page = await context.newPage();
  await page.emulateMedia({ reducedMotion: 'reduce' });
  page.setDefaultTimeout(15_000);
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    const url = message.location().url;
    const expected =
      text.startsWith('Failed to load resource') && url && options.expected?.(text, new URL(url).pathname);
    if (!expected) consoleErrors.push(`${text} (${url})`);
  });
  page.on('pageerror', (error) => consoleErrors.push(`page error: ${error.message}`));
  return {
    browser,
    page,
    consoleErrors,
    shoot: (name, fullPage = false) =>
      page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage }),
    close: () => browser.close(),
  };
}

/** The WCAG 2.1 A and AA rule sets of axe-core (WCAG 2.0's are part of 2.1). */
const wcag21aa = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * Runs axe-core's WCAG 2.1 A and AA rules over what the page shows now (open dialogs, menus and
 * notifications included) and returns one readable line per violation: rule, impact, what it asks
 * and the elements that fail it. A test asserts the list is empty, naming the screen:
 * `expect(await accessibilityViolations(page), 'Import Data').toEqual([])`.
 */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(wcag21aa).analyze();
  return results.violations.map((violation) => {
    const targets = violation.nodes.map((node) => {
      const detail = node.failureSummary?.split('\n').slice(1, 2).join('').trim();
      return `${node.target.join(' ')}${detail ? ` (${detail})` : ''}`;
    });
    return `${violation.id} [${violation.impact}] ${violation.help}: ${targets.slice(0, 6).join('; ')}${
      targets.length > 6 ? ` … and ${targets.length - 6} more` : ''
    }`;
  });
}
