import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  accessibilityViolations,
  browserMissing,
  type ExpectedError,
  openBrowserPage,
} from '../support/browser.js';
import { waitForJob } from '../support/http-upload.js';
import { buildPackage, peopleMapping } from '../support/package-builder.js';
import { importAndWait } from '../support/test-app.js';
import { adminPassword, startTestServer, type TestServer } from '../support/test-server.js';

/** 401 from /api/me before signing in. */
const isExpectedError: ExpectedError = (text, pathname) => pathname === '/api/me' && text.includes('401');

const description = 'Report with errors';

/**
 * Issue 19, item 6: the Import Completion Report of an import whose package had rejected rows
 * says how many, lists them (file, line, column, message) and leads to the full Error Log.
 */
describe.skipIf(browserMissing)('the completion report of an import with rejected rows (Chromium)', () => {
  let server: TestServer;
  let page: Page;
  let consoleErrors: string[] = [];
  let closeBrowser: () => Promise<void>;

  beforeAll(async () => {
    let opened: Awaited<ReturnType<typeof openBrowserPage>>;
    [server, opened] = await Promise.all([
      startTestServer('sqlite'),
      openBrowserPage({ expected: isExpectedError }),
    ]);
    ({ page, consoleErrors, close: closeBrowser } = opened);
    const packagePath = await buildPackage({
      files: [
        {
          csv: 'people.csv',
          // Line 4 has no key, line 5 repeats line 3's: both rows are rejected.
          content:
            'ID,First,Last,Born\nR1,Rita,Moss,1975-01-02\nR2,Sam,Ng,1980-01-01\n,Tao,Li,\nR2,Sam,Ng,\n',
          mapping: peopleMapping,
        },
      ],
    });
    const job = await importAndWait(server.app, packagePath, { description });
    const cookie = await server.login('admin', adminPassword);
    const completed = await server.request(`/api/imports/${job.id}/complete`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ confirm: true }),
    });
    expect(completed.status).toBe(202);
    await waitForJob(server, cookie, job.id, (answer) => answer.status === 'Completed', 'to complete');
  });

  afterAll(async () => {
    await closeBrowser?.();
    await server?.close();
  });

  afterEach(() => {
    expect(consoleErrors).toEqual([]);
  });

  it('lists the rejected rows in the report and opens the Error Log from it', async () => {
    await page.goto(server.baseUrl);
    await page.getByLabel('User name').fill('admin');
    await page.getByLabel('Password', { exact: true }).fill(adminPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Options' }).click();
    await page.getByRole('menuitem', { name: 'Import Contacts' }).click();
    await page.getByRole('menuitem', { name: 'View Imports' }).click();
    await page
      .getByRole('dialog', { name: 'Import Processes' })
      .getByRole('button', { name: `Open ${description}` })
      .click();
    const workspace = page.getByRole('dialog', { name: 'Import Workspace' });
    await workspace.getByRole('heading', { name: 'Import Results', exact: true }).waitFor();
    await workspace.getByRole('button', { name: 'Completion Report' }).click();

    const report = page.getByRole('dialog', { name: 'Import Completion Report' });
    const errors = report.getByRole('region', { name: 'Errors' });
    await errors.getByText('2 rows were rejected when the package was loaded').waitFor();
    const rows = errors.getByRole('table', { name: 'Errors' }).getByRole('row');
    expect(await rows.count()).toBe(3);
    expect(await rows.nth(1).textContent()).toMatch(/^people\.csv4/);
    expect(await rows.nth(2).textContent()).toMatch(/^people\.csv5/);
    expect.soft(await accessibilityViolations(page), 'Import Completion Report with errors').toEqual([]);

    await errors.getByRole('button', { name: 'Open the Error Log' }).click();
    const log = page.getByRole('dialog', { name: `Error Log: ${description}` });
    await log.getByRole('table', { name: 'Errors' }).getByRole('row').nth(2).waitFor();
  });
});
