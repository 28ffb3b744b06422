import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  accessibilityViolations,
  browserMissing,
  type ExpectedError,
  openBrowserPage,
} from '../support/browser.js';
import { prepareReviewScenario, type ReviewScenario } from '../support/review-fixtures.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

/** 401 from /api/me before signing in; 409 from Complete Import (its warning) and from a refused Undo. */
const isExpectedError: ExpectedError = (text, pathname) =>
  (pathname === '/api/me' && text.includes('401')) ||
  (/^\/api\/imports\/\d+\/(complete|undo)$/.test(pathname) && text.includes('409'));

/** A common phone's width in CSS pixels. */
const phone = { width: 390, height: 844 };

/**
 * axe-core's WCAG 2.1 A and AA rules on the screens and states accessibility.test.ts does not
 * reach: alarms waiting their turn, Review Match Results with its suggestions, the explanation
 * and Match dialogs, Process with nothing chosen, the completed, refused-undo and undone
 * workspace, the phone layout, and menu items a missing privilege disables.
 */
describe.skipIf(browserMissing)(
  'accessibility of the import states (axe-core, WCAG 2.1 A and AA)',
  { timeout: 180_000 },
  () => {
    let server: TestServer;
    let s: ReviewScenario;
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
      s = await prepareReviewScenario(server.app);
      await server.app.auth.setPassword('advisor', 'advisor-password');
      await server.app.auth.grant('advisor', 'ImportProcessManage');
      await server.app.auth.grant('advisor', 'ImportProcessView');
      cookie = await server.login('advisor', 'advisor-password');
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

    const workspace = () => page.getByRole('dialog', { name: 'Import Workspace' });
    const stagedPanel = () => workspace().getByRole('region', { name: 'Staged contact' });
    const stagedTable = () => workspace().getByRole('table', { name: 'Staged contacts' });
    const alarms = () => page.locator('.mantine-Notification-root');

    async function signIn(userName: string, password: string) {
      await page.getByLabel('User name').fill(userName);
      await page.getByLabel('Password', { exact: true }).fill(password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Contacts', level: 2 }).waitFor();
    }

    async function openImportProcesses() {
      await page.getByRole('button', { name: 'Options' }).click();
      await page.getByRole('menuitem', { name: 'Import Contacts' }).click();
      await page.getByRole('menuitem', { name: 'View Imports' }).click();
      const dialog = page.getByRole('dialog', { name: 'Import Processes' });
      await dialog.getByRole('row').filter({ hasText: 'Review test' }).waitFor();
      return dialog;
    }

    async function selectStaged(name: string, first: string) {
      await workspace().getByLabel('Name', { exact: true }).fill(first);
      await stagedTable()
        .getByRole('row', { name: new RegExp(name) })
        .first()
        .click();
      await stagedPanel().getByRole('heading', { name }).waitFor();
    }

    async function call(method: string, url: string, body?: unknown) {
      const response = await server.request(url, {
        method,
        headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as unknown };
    }

    async function jobStage() {
      const response = await server.request(`/api/imports/${s.jobId}`, { headers: { cookie } });
      return ((await response.json()) as { stage: string }).stage;
    }

    it('five alarms at sign-in: three shown, "+2 more alarms" beside them', async () => {
      for (const [kind, text] of [
        ['error', 'Error during Contact Import of Package "First broken"'],
        ['success', 'Import of Package "Second good" Completed Successfully'],
        ['error', 'Error during Contact Import of Package "Third broken"'],
        ['success', 'Import of Package "Fourth good" Completed Successfully'],
      ] as const) {
        await server.app.repositories.notifications.add({ userId: s.advisor, jobId: s.jobId, kind, text });
      }
      await page.goto(server.baseUrl);
      await signIn('advisor', 'advisor-password');
      await page.getByRole('status').filter({ hasText: '+2 more alarms' }).waitFor();
      await check('Alarms at sign-in with "+2 more alarms"');
      // Read every alarm, so that none covers what follows (a success one may leave by itself meanwhile).
      await expect
        .poll(
          async () => {
            await alarms()
              .first()
              .getByRole('button', { name: 'Close notification' })
              .click({ timeout: 1_000 })
              .catch(() => {});
            return alarms().count();
          },
          { timeout: 40_000 },
        )
        .toBe(0);
    });

    it('Review Match Results: a staged contact with its suggestions, Why? and the Match dialog', async () => {
      const processes = await openImportProcesses();
      await processes.getByRole('button', { name: 'Open Review test' }).click();
      await workspace().getByRole('heading', { name: 'Review Match Results' }).waitFor();
      await selectStaged('Ann Lee', 'Ann');
      await stagedPanel().getByRole('tab', { name: 'Match' }).click();
      await stagedPanel().getByRole('table', { name: 'Match suggestions' }).waitFor();
      await check('Review Match Results, Match tab with suggestions');

      await stagedPanel().getByRole('button', { name: 'Why?' }).first().click();
      const explanation = page.getByRole('dialog', { name: 'Match explanation' });
      await explanation.waitFor();
      await check('Match explanation');
      await page.keyboard.press('Escape');
      await explanation.waitFor({ state: 'hidden' });

      await workspace().getByRole('button', { name: 'Match', exact: true }).click();
      const match = page.getByRole('dialog', { name: 'Match' });
      await match.getByRole('button', { name: 'Start Match' }).waitFor();
      await check('Match dialog');
      await page.keyboard.press('Escape');
      await match.waitFor({ state: 'hidden' });
    });

    it("Process with nothing chosen, then the completed workspace with each row's outcome", async () => {
      await workspace().getByRole('button', { name: 'Process', exact: true }).click();
      await workspace().getByRole('alert').filter({ hasText: 'No action was chosen' }).waitFor();
      await check('Process with no action chosen');

      // The first Ann Lee merges into the advisor's existing Ann (so that Undo has a merge to refuse).
      const merged = await call('PUT', `/api/imports/${s.jobId}/staged/${s.staged.get('P1')?.id}/action`, {
        action: 'merge',
      });
      expect(merged.status).toBe(200);
      await workspace().getByLabel('Name', { exact: true }).fill('Bob');
      await workspace().getByLabel('Action for Bob Stone').selectOption('create');
      await workspace().getByLabel('Name', { exact: true }).fill('Cleo');
      await workspace().getByLabel('Action for Cleo Park').selectOption('discard');
      await expect.poll(() => workspace().getByLabel('Action for Cleo Park').inputValue()).toBe('discard');
      await workspace().getByRole('button', { name: 'Process', exact: true }).click();
      await workspace().getByLabel('Cleo Park: Discarded').waitFor({ timeout: 30_000 });
      await workspace().getByRole('button', { name: 'Complete Import' }).click();
      const warning = page.getByRole('dialog', { name: 'Complete Import' });
      await warning.getByRole('button', { name: 'Discard and complete' }).click();
      await expect.poll(jobStage, { timeout: 30_000 }).toBe('Completed');
      await workspace().getByRole('heading', { name: 'Import Results', exact: true }).waitFor();
      await workspace().getByLabel('Name', { exact: true }).fill('');
      await workspace().getByLabel('Bob Stone: Created').waitFor();
      await workspace().getByLabel('Cleo Park: Discarded').waitFor();
      await workspace().getByLabel('Ann Lee: Merged').waitFor();
      await workspace().getByLabel('Ann Lee: Not processed').waitFor();
      await check('Import Results (completed), each row with its outcome');
    });

    it('Undo refused, then the undone workspace', async () => {
      // Someone changes the contact the import created: Undo would lose that change, so it refuses.
      const { body: found } = await call('GET', '/api/contacts?q=Stone');
      const bob = (found as { items: Array<{ id: number; displayName: string }> }).items.find(
        (contact) => contact.displayName === 'Bob Stone',
      );
      expect(bob).toBeDefined();
      expect((await call('PATCH', `/api/contacts/${bob?.id}`, { position: 'CEO' })).status).toBe(200);
      const undo = async () => {
        await workspace().getByRole('button', { name: 'Undo Import' }).click();
        const confirm = page.getByRole('dialog', { name: 'Undo Import' });
        await confirm.getByRole('button', { name: 'Undo the import' }).click();
        await confirm.waitFor({ state: 'hidden' });
      };
      await undo();
      await workspace().getByRole('alert').filter({ hasText: 'Undo refused' }).waitFor();
      await check('Undo refused');

      // Put back what the import wrote: Undo may run now.
      expect((await call('PATCH', `/api/contacts/${bob?.id}`, { position: null })).status).toBe(200);
      await undo();
      await workspace().getByRole('heading', { name: 'Import Results (Undone)' }).waitFor();
      await workspace().getByLabel('Bob Stone: Undone').waitFor();
      await check('Import Results (Undone)');
      await page.keyboard.press('Escape');
      await workspace().waitFor({ state: 'hidden' });
    });

    it('Import Processes and the import workspace on a 390 px screen', async () => {
      await page.setViewportSize(phone);
      try {
        const processes = await openImportProcesses();
        await check('Import Processes at 390 px');
        await processes.getByRole('button', { name: 'Open Review test' }).click();
        await workspace()
          .getByRole('heading', { name: /Import Results/ })
          .waitFor();
        await selectStaged('Bob Stone', 'Bob');
        await check('Import workspace at 390 px, a staged contact selected');
        await page.keyboard.press('Escape');
        await workspace().waitFor({ state: 'hidden' });
      } finally {
        await page.setViewportSize({ width: 1366, height: 768 });
      }
    });

    it('the Options menu of a user whose privileges disable Import Data', async () => {
      await server.addUser('viewer', ['ImportProcessView']);
      await page.getByRole('button', { name: 'Sign out' }).click();
      await signIn('viewer', 'viewer-password');
      await page.getByRole('button', { name: 'Options' }).click();
      await page.getByRole('menuitem', { name: 'Import Contacts' }).click();
      await page.getByRole('menuitem', { name: /^Import Data/ }).waitFor();
      await check('Options menu with items a missing privilege disables');
      await page.keyboard.press('Escape');
    });
  },
);
