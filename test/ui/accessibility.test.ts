import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  accessibilityViolations,
  browserMissing,
  type ExpectedError,
  openBrowserPage,
} from '../support/browser.js';
import { repoRoot } from '../support/cli.js';
import { upload, waitForJob } from '../support/http-upload.js';
import { adminPassword, startTestServer, type TestServer } from '../support/test-server.js';

const goodPackage = path.join(repoRoot, 'examples/northwind-good.zip');
const errorPackage = path.join(repoRoot, 'examples/northwind-errors.zip');
const csvFile = path.join(repoRoot, 'test/fixtures/legacy-exports/crm-fr-tables/clients.csv');

/** 401 from /api/me before signing in and from a wrong password; 409 for Complete's warning. */
const isExpectedError: ExpectedError = (text, pathname) =>
  (['/api/me', '/api/session'].includes(pathname) && text.includes('401')) ||
  (/^\/api\/imports\/\d+\/complete$/.test(pathname) && text.includes('409'));

/**
 * axe-core's WCAG 2.1 A and AA rules on every screen, dialog, menu and notification of the web UI:
 * each must show no violation. Soft assertions, so that one run lists every screen that fails.
 */
// Each step walks several screens and runs axe on each: minutes on a busy machine.
describe.skipIf(browserMissing)(
  'accessibility of every screen (axe-core, WCAG 2.1 A and AA)',
  { timeout: 240_000 },
  () => {
    let server: TestServer;
    let page: Page;
    let cookie: string;
    let consoleErrors: string[] = [];
    let closeBrowser: () => Promise<void>;

    beforeAll(async () => {
      let opened: Awaited<ReturnType<typeof openBrowserPage>>;
      [server, opened] = await Promise.all([
        startTestServer('sqlite'),
        openBrowserPage({ expected: isExpectedError }),
      ]);
      ({ page, consoleErrors, close: closeBrowser } = opened);
      cookie = await server.login('admin', adminPassword);
    });

    afterAll(async () => {
      await closeBrowser?.();
      await server?.close();
    });

    afterEach(() => {
      expect(consoleErrors).toEqual([]);
    });

    async function check(screen: string) {
      expect.soft(await accessibilityViolations(page), screen).toEqual([]);
    }

    async function openImportContactsMenu() {
      await page.getByRole('button', { name: 'Options' }).click();
      await page.getByRole('menuitem', { name: 'Import Contacts' }).click();
    }

    async function importPackage(packagePath: string, description: string) {
      const started = await upload(server, cookie, packagePath, { description });
      expect(started.status).toBe(202);
      const { id } = (await started.json()) as { id: number };
      await waitForJob(server, cookie, id, (job) => job.status !== 'Running', description);
      return id;
    }

    const workspace = () => page.getByRole('dialog', { name: 'Import Workspace' });
    const stagedPanel = () => workspace().getByRole('region', { name: 'Staged contact' });

    it('the Login screen, empty and with its errors shown', async () => {
      await page.goto(server.baseUrl);
      await page.getByLabel('User name').waitFor();
      await check('Login');
      await page.getByLabel('User name').fill('admin');
      await page.getByLabel('Password', { exact: true }).fill('wrong-password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByText('Wrong user name or password').waitFor();
      await check('Login, wrong password');
    });

    it('the Contacts workspace with a selected contact, and the Options menu', async () => {
      const created = await server.request('/api/contacts', {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: JSON.stringify({
          kind: 'person',
          firstName: 'Kristopher',
          lastName: 'Smitham-Bins',
          communications: [
            { channel: 'email', type: 'home', value: 'kristopher.smithambins@skiles-ledner.co.uk' },
          ],
          notes: [{ text: 'Prefers email' }],
        }),
      });
      expect(created.status).toBe(201);
      await page.getByLabel('Password', { exact: true }).fill(adminPassword);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Contacts', level: 2 }).waitFor();
      await page
        .getByRole('table', { name: 'Contacts' })
        .getByRole('row', { name: /Kristopher/ })
        .click();
      await page.getByRole('region', { name: 'Contact detail' }).getByRole('heading').first().waitFor();
      await check('Contacts workspace');
      await openImportContactsMenu();
      await page.getByRole('menuitem', { name: 'Import Data' }).waitFor();
      await check('Options → Import Contacts menu');
      await page.keyboard.press('Escape');
    });

    it('Import Data, empty, with its errors and filled', async () => {
      await openImportContactsMenu();
      await page.getByRole('menuitem', { name: 'Import Data' }).click();
      const dialog = page.getByRole('dialog', { name: 'Import Data' });
      await dialog.getByRole('button', { name: 'OK' }).click();
      await dialog.getByText('Enter a description').waitFor();
      await check('Import Data with its errors');
      await dialog.getByRole('button', { name: 'Add Attachment' }).click();
      await dialog.locator('input[type=file]').setInputFiles(goodPackage);
      await dialog.getByLabel('Description').fill('Northwind good');
      await check('Import Data filled');
      await dialog.getByRole('button', { name: 'OK' }).click();
      await dialog.waitFor({ state: 'hidden' });
    });

    it('the success and error notifications, and the error log', async () => {
      await page
        .getByRole('alert')
        .filter({ hasText: 'Northwind good' })
        .first()
        .waitFor({ timeout: 30_000 });
      await check('Success notification');
      await importPackage(errorPackage, 'Northwind errors');
      const errorAlarm = page.getByRole('alert').filter({ hasText: 'Northwind errors' }).first();
      await errorAlarm.waitFor({ timeout: 30_000 });
      await check('Error notification');
      await errorAlarm.getByRole('button', { name: 'View' }).click();
      const log = page.getByRole('dialog', { name: 'Error Log: Northwind errors' });
      await log.getByRole('table', { name: 'Errors' }).waitFor();
      await check('Error log');
      await page.keyboard.press('Escape');
      await log.waitFor({ state: 'hidden' });
      // Read every alarm, so that none covers what follows.
      // A success alarm may leave by itself between the count and the click: try again then.
      const alarms = page.getByRole('alert');
      for (let attempt = 0; attempt < 20 && (await alarms.count()) > 0; attempt++) {
        await alarms
          .first()
          .getByRole('button', { name: /close/i })
          .click({ timeout: 2_000 })
          .catch(() => {});
      }
      expect(await alarms.count()).toBe(0);
    });

    it('Import Processes with its filters', async () => {
      await openImportContactsMenu();
      await page.getByRole('menuitem', { name: 'View Imports' }).click();
      const dialog = page.getByRole('dialog', { name: 'Import Processes' });
      await dialog.getByRole('row').filter({ hasText: 'Northwind errors' }).waitFor();
      await dialog.getByRole('button', { name: 'Showing all Import Processes' }).click();
      await dialog.getByLabel('Status', { exact: true }).waitFor();
      await dialog.getByRole('row').filter({ hasText: 'Northwind good' }).getByRole('cell').first().click();
      await check('Import Processes');
      await dialog.getByRole('button', { name: 'Open Northwind good' }).click();
      await dialog.waitFor({ state: 'hidden' });
    });

    it('the import workspace, a staged contact, its bulk actions and its dialogs', async () => {
      await workspace().getByRole('heading', { name: 'Review Staged Data' }).waitFor();
      await workspace().getByLabel('Name', { exact: true }).fill('Kristopher');
      const row = workspace()
        .getByRole('table', { name: 'Staged contacts' })
        .getByRole('row', { name: /Kristopher/ });
      await row.click();
      await stagedPanel()
        .getByRole('heading', { name: /Kristopher/ })
        .waitFor();
      await check('Import workspace with a staged contact');

      await workspace().getByRole('button', { name: 'Bulk actions' }).click();
      await page.getByRole('menuitem', { name: 'Merge all High' }).waitFor();
      await check('Bulk actions menu');
      await page.keyboard.press('Escape');

      await stagedPanel().getByRole('button', { name: 'Delete' }).click();
      const confirm = page.getByRole('dialog', { name: 'Delete staged contact' });
      await confirm.getByText('This cannot be undone').waitFor();
      await check('Delete staged contact');
      await confirm.getByRole('button', { name: 'Cancel' }).click();
      await confirm.waitFor({ state: 'hidden' });

      await stagedPanel().getByRole('tab', { name: 'Match' }).click();
      await stagedPanel().getByRole('button', { name: 'Select Another Match' }).click();
      const picker = page.getByRole('dialog', { name: 'Select Another Match' });
      await picker.getByLabel('Search contacts').fill('Smitham');
      await picker.getByRole('button', { name: 'Select Kristopher Smitham-Bins' }).waitFor();
      await check('Select Another Match');
      await picker.getByRole('button', { name: 'Select Kristopher Smitham-Bins' }).click();
      await picker.waitFor({ state: 'hidden' });

      await stagedPanel().getByRole('button', { name: 'Compare Details' }).click();
      const compare = page.getByRole('dialog', { name: 'Compare Details' });
      await compare.getByRole('table', { name: 'Fields compared' }).waitFor();
      await check('Compare Details');
      await page.keyboard.press('Escape');
      await compare.waitFor({ state: 'hidden' });
    });

    it('Complete Import: its warning, the completion report, the contact list and Undo', async () => {
      await workspace().getByLabel('Action for Kristopher Smitham-Bins').selectOption('merge');
      await workspace().getByRole('button', { name: 'Process', exact: true }).click();
      await workspace().getByText('1 processed', { exact: false }).waitFor({ timeout: 30_000 });
      await workspace().getByRole('button', { name: 'Complete Import' }).click();
      const warning = page.getByRole('dialog', { name: 'Complete Import' });
      await warning.getByText('are not processed').waitFor();
      await check('Complete Import warning');
      await warning.getByRole('button', { name: 'Discard and complete' }).click();
      await warning.waitFor({ state: 'hidden' });
      await workspace()
        .getByRole('button', { name: /Contact List "Northwind good"/ })
        .click();
      const list = page.getByRole('dialog', { name: 'Contact List: Northwind good' });
      await list.getByRole('table', { name: 'List members' }).getByRole('row').nth(1).waitFor();
      await check('Contact list');
      await page.keyboard.press('Escape');
      await list.waitFor({ state: 'hidden' });

      await workspace().getByRole('button', { name: 'Completion Report' }).click();
      const report = page.getByRole('dialog', { name: 'Import Completion Report' });
      await report.getByText('Northwind good').first().waitFor();
      await check('Import Completion Report');
      await page.keyboard.press('Escape');
      await report.waitFor({ state: 'hidden' });

      await workspace().getByRole('button', { name: 'Undo Import' }).click();
      const undo = page.getByRole('dialog', { name: 'Undo Import' });
      await undo.getByRole('button', { name: 'Undo the import' }).waitFor();
      await check('Undo Import');
      await undo.getByRole('button', { name: 'Cancel' }).click();
      await undo.waitFor({ state: 'hidden' });
      await workspace().getByRole('button', { name: 'Close the import workspace' }).click();
      await workspace().waitFor({ state: 'hidden' });
    });

    it('the Data Mapping Tool: upload, suggestions, Check, the built package and Import this package', async () => {
      await openImportContactsMenu();
      await page.getByRole('menuitem', { name: 'Create New Mapping' }).click();
      const tool = page.getByRole('dialog', { name: 'Create New Mapping' });
      await tool.locator('input[type=file][multiple]').setInputFiles([csvFile]);
      await tool.getByLabel('Package name').fill('Dossiers clients');
      await check('Create New Mapping, upload');
      await tool.getByRole('button', { name: 'Suggest Mapping' }).click();
      await tool.getByRole('region', { name: 'clients.csv' }).waitFor();
      await check('Create New Mapping, suggestions');
      await tool.getByRole('button', { name: 'Check' }).click();
      await tool
        .getByText(/row|problem|ready/i)
        .first()
        .waitFor();
      await check('Create New Mapping, Check');
      await Promise.all([
        page.waitForEvent('download'),
        tool.getByRole('button', { name: 'Build Package' }).click(),
      ]);
      await tool.getByRole('status').filter({ hasText: 'Package built' }).waitFor();
      await check('Create New Mapping, package built');
      await tool.getByRole('button', { name: 'Import this package' }).click();
      const importDialog = page.getByRole('dialog', { name: 'Import this package' });
      await importDialog.getByLabel('Description').waitFor();
      await check('Import this package');
      await page.keyboard.press('Escape');
      await importDialog.waitFor({ state: 'hidden' });
    });
  },
);
