import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { browserMissing, type ExpectedError, openBrowserPage } from '../support/browser.js';
import { repoRoot } from '../support/cli.js';
import { upload, waitUntilFinished } from '../support/http-upload.js';
import { adminPassword, startTestServer, type TestServer } from '../support/test-server.js';

const goodPackage = path.join(repoRoot, 'examples/northwind-good.zip');
const description = 'Northwind on a phone';
/** A common phone's width in CSS pixels. */
const phone = { width: 390, height: 844 };

/** 401 from /api/me before signing in. */
const isExpectedError: ExpectedError = (text, pathname) => pathname === '/api/me' && text.includes('401');

describe.skipIf(browserMissing)(
  'Import Processes and the import workspace on a 390 px screen',
  { timeout: 120_000 },
  () => {
    let server: TestServer;
    let page: Page;
    let consoleErrors: string[] = [];
    let shoot: (name: string, fullPage?: boolean) => Promise<Buffer>;
    let closeBrowser: () => Promise<void>;

    beforeAll(async () => {
      let opened: Awaited<ReturnType<typeof openBrowserPage>>;
      [server, opened] = await Promise.all([
        startTestServer('sqlite'),
        openBrowserPage({ expected: isExpectedError, viewport: phone }),
      ]);
      ({ page, consoleErrors, shoot, close: closeBrowser } = opened);
      const cookie = await server.login('admin', adminPassword);
      const started = await upload(server, cookie, goodPackage, { description });
      expect(started.status).toBe(202);
      await waitUntilFinished(server, cookie, ((await started.json()) as { id: number }).id);
    });

    afterAll(async () => {
      await closeBrowser?.();
      await server?.close();
    });

    afterEach(() => {
      expect(consoleErrors).toEqual([]);
    });

    /** Wholly inside the viewport, left to right (what is below is reached by scrolling down). */
    async function expectWithinWidth(element: Locator, what: string) {
      await element.scrollIntoViewIfNeeded();
      const box = await element.boundingBox();
      expect(box, what).not.toBeNull();
      expect(box?.x ?? -1, `${what} starts on screen`).toBeGreaterThanOrEqual(0);
      expect((box?.x ?? 0) + (box?.width ?? 0), `${what} ends on screen`).toBeLessThanOrEqual(phone.width);
    }

    async function expectInView(element: Locator, what: string) {
      const box = await element.boundingBox();
      expect(box, what).not.toBeNull();
      expect(box?.y ?? -1, `${what} is not above the screen`).toBeGreaterThanOrEqual(0);
      expect(box?.y ?? phone.height, `${what} is not below the screen`).toBeLessThan(phone.height);
    }

    it("shows each import's start date, progress, whole status and buttons within the screen", async () => {
      await page.goto(server.baseUrl);
      await page.getByLabel('User name').fill('admin');
      await page.getByLabel('Password', { exact: true }).fill(adminPassword);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Contacts', level: 2 }).waitFor();
      // Read the alarm, so that it covers nothing on this small screen.
      const alarm = page.getByRole('alert').filter({ hasText: description }).first();
      await alarm.waitFor({ timeout: 30_000 });
      await alarm.getByRole('button', { name: 'Close notification' }).click();
      await page.getByRole('button', { name: 'Options' }).click();
      await page.getByRole('menuitem', { name: 'Import Contacts' }).click();
      await page.getByRole('menuitem', { name: 'View Imports' }).click();
      const dialog = page.getByRole('dialog', { name: 'Import Processes' });
      const row = dialog.getByRole('row').filter({ hasText: description });
      await row.waitFor();

      const status = row.getByText('Waiting for User', { exact: true });
      await expectWithinWidth(status, 'the status badge');
      // The whole text shows, not "W…".
      expect(await status.evaluate((element) => element.scrollWidth <= element.clientWidth + 1)).toBe(true);
      await expectWithinWidth(row.getByRole('cell', { name: /Start Date/ }), 'the start date');
      await expectWithinWidth(row.getByRole('cell', { name: /Progress/ }), 'the progress');
      await expectWithinWidth(row.getByRole('button', { name: `Open ${description}` }), 'the Open button');
      await dialog.getByRole('button', { name: 'Open', exact: true }).scrollIntoViewIfNeeded();
      await shoot('22-narrow-import-processes');
      await row.getByRole('button', { name: `Open ${description}` }).click();
    });

    it("shows each staged contact's action within the screen, and the selected contact's panel in view", async () => {
      const workspace = page.getByRole('dialog', { name: 'Import Workspace' });
      await workspace.getByRole('heading', { name: 'Review Staged Data' }).waitFor();
      const table = workspace.getByRole('table', { name: 'Staged contacts' });
      await workspace.getByLabel('Name', { exact: true }).fill('Calvin');
      await expect.poll(() => table.getByRole('row').count()).toBe(2);
      await expectWithinWidth(table.getByLabel('Action for Calvin Bruen'), 'the Action select');
      await shoot('23-narrow-import-workspace');

      await table.getByRole('row', { name: /Calvin Bruen/ }).click();
      const heading = workspace
        .getByRole('region', { name: 'Staged contact' })
        .getByRole('heading', { name: 'Calvin Bruen' });
      await heading.waitFor();
      await expect.poll(async () => (await heading.boundingBox())?.y ?? -1).toBeGreaterThanOrEqual(0);
      await expectInView(heading, "the selected contact's panel");
      await expectWithinWidth(
        workspace.getByRole('region', { name: 'Staged contact' }).getByRole('button', { name: 'Delete' }),
        'Delete',
      );
      await shoot('24-narrow-staged-contact');
    });
  },
);
