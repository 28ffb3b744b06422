import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { browserMissing, type ExpectedError, openBrowserPage } from '../support/browser.js';
import { prepareReviewScenario, type ReviewScenario } from '../support/review-fixtures.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

/** 401 from /api/me before signing in, 409 from Complete Import (its warning) are answers the UI expects. */
const isExpectedError: ExpectedError = (text, pathname) =>
  (pathname === '/api/me' && text.includes('401')) ||
  (/^\/api\/imports\/\d+\/complete$/.test(pathname) && text.includes('409'));

const seedText = 'Import of Package "Review test" Completed Successfully';

/**
 * Issue 19, items 1–7, as a newcomer meets them: the alarms at sign-in, View on a success alarm,
 * Process with nothing chosen, what the workspace says after Complete and after Undo, the
 * readable completion report, Escape, plurals, the Status choice and the privilege a menu needs.
 */
describe.skipIf(browserMissing)('the import flow tells the user where they are (Chromium)', () => {
  let server: TestServer;
  let s: ReviewScenario;
  let page: Page;
  let consoleErrors: string[] = [];
  let shoot: (name: string, fullPage?: boolean) => Promise<Buffer>;
  let closeBrowser: () => Promise<void>;
  let cookie: string;

  beforeAll(async () => {
    let opened: Awaited<ReturnType<typeof openBrowserPage>>;
    [server, opened] = await Promise.all([
      startTestServer('sqlite'),
      openBrowserPage({ expected: isExpectedError }),
    ]);
    ({ page, consoleErrors, shoot, close: closeBrowser } = opened);
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

  const alarms = () => page.locator('.mantine-Notification-root');
  const workspace = () => page.getByRole('dialog', { name: 'Import Workspace' });
  const header = () => workspace().getByRole('region', { name: 'Import process' });
  const stagedList = () => workspace().locator('section[aria-labelledby="staged-list-title"]');
  const stagedTable = () => workspace().getByRole('table', { name: 'Staged contacts' });
  const stagedPanel = () => workspace().getByRole('region', { name: 'Staged contact' });

  async function jobState() {
    const response = await server.request(`/api/imports/${s.jobId}`, { headers: { cookie } });
    const job = (await response.json()) as { stage: string; status: string };
    return `${job.stage}/${job.status}`;
  }

  async function signIn(userName: string, password: string) {
    await page.getByLabel('User name').fill(userName);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Contacts', level: 2 }).waitFor();
  }

  async function showStaged(name: string) {
    await stagedList().getByLabel('Name', { exact: true }).fill(name);
    await expect.poll(() => stagedTable().getByRole('row').count()).toBe(2);
    return stagedTable().getByRole('row').filter({ hasText: name });
  }

  it('shows at most three alarms at sign-in with "+N more", lets success alarms leave by themselves, keeps errors, and never puts one over a dialog', async () => {
    // The advisor has the import's success alarm; two errors and two more successes arrive before sign-in.
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
    await expect.poll(() => alarms().count()).toBe(3);
    await page.getByRole('status').filter({ hasText: '+2 more alarms' }).waitFor();
    await shoot('22-alarms-at-sign-in');
    // Success alarms go by themselves; the queued ones take their places; errors stay until read.
    await expect
      .poll(() => alarms().allTextContents(), { timeout: 40_000 })
      .toEqual([expect.stringContaining('First broken'), expect.stringContaining('Third broken')]);
    await page.getByRole('status').filter({ hasText: 'more alarm' }).waitFor({ state: 'detached' });

    // A dialog opened while an error alarm is up sits above it: what is under the alarm is the dialog's.
    await page.getByRole('button', { name: 'Options' }).click();
    await page.getByRole('menuitem', { name: 'Import Contacts' }).click();
    await page.getByRole('menuitem', { name: 'View Imports' }).click();
    const processes = page.getByRole('dialog', { name: 'Import Processes' });
    await processes.waitFor();
    const box = await alarms().first().boundingBox();
    expect(box).not.toBeNull();
    const onTop = await page.evaluate(
      ({ x, y }) => {
        // In the page: the element a click at the alarm's centre would reach.
        const { document } = globalThis as unknown as {
          document: { elementFromPoint(x: number, y: number): { closest(selector: string): unknown } | null };
        };
        return document.elementFromPoint(x, y)?.closest('.mantine-Notification-root') === null;
      },
      { x: (box?.x ?? 0) + (box?.width ?? 0) / 2, y: (box?.y ?? 0) + (box?.height ?? 0) / 2 },
    );
    expect(onTop).toBe(true);
    await page.keyboard.press('Escape');
    await processes.waitFor({ state: 'hidden' });
    for (let shown = await alarms().count(); shown > 0; shown = await alarms().count()) {
      await alarms().first().getByRole('button').filter({ hasNotText: 'View' }).click();
      await expect.poll(() => alarms().count()).toBeLessThan(shown);
    }
  });

  it('opens the import itself, not an empty error log, from View on a success alarm', async () => {
    const job = (await server.app.repositories.importJobs.find(s.jobId))!;
    await server.app.notifications.notifyJobEnded(job, 'success');
    const alarm = alarms().filter({ hasText: seedText });
    await alarm.getByRole('button', { name: /^View/ }).click();
    await workspace().waitFor();
    await expect.poll(() => header().textContent()).toContain('Review test');
    expect(await page.getByRole('dialog', { name: /Error Log/ }).count()).toBe(0);
  });

  it("offers the Status among the definition's statuses, pluralises one staged contact, and Escape closes a dialog of the workspace, then the workspace", async () => {
    const bob = await showStaged('Bob');
    await stagedList().getByText('1 staged contact', { exact: true }).waitFor();
    await bob.getByText('Bob Stone').click();
    await stagedPanel().getByRole('tab', { name: 'Profile' }).click();
    const status = stagedPanel().getByLabel('Status', { exact: true });
    expect(await status.evaluate((element) => element.tagName)).toBe('SELECT');
    expect(await status.locator('option').allTextContents()).toEqual([
      '—',
      'active',
      'inactive',
      'prospect',
      'former',
    ]);

    await stagedPanel().getByRole('button', { name: 'Delete' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete staged contact' });
    await confirm.waitFor();
    await page.keyboard.press('Escape');
    await confirm.waitFor({ state: 'hidden' });
    expect(await workspace().isVisible()).toBe(true);
    await stagedList().getByLabel('Name', { exact: true }).focus();
    await page.keyboard.press('Escape');
    await workspace().waitFor({ state: 'hidden' });
  });

  it('says that no action was chosen when Process has nothing to apply, and offers the report only once completed', async () => {
    await page.getByRole('button', { name: 'Options' }).click();
    await page.getByRole('menuitem', { name: 'Import Contacts' }).click();
    await page.getByRole('menuitem', { name: 'View Imports' }).click();
    const processes = page.getByRole('dialog', { name: 'Import Processes' });
    await processes.getByRole('button', { name: 'Open Review test' }).click();
    await workspace().getByRole('heading', { name: 'Review Match Results' }).waitFor();
    const report = workspace().getByRole('button', { name: 'Completion Report' });
    expect(await report.isDisabled()).toBe(true);
    expect(await report.getAttribute('aria-describedby')).toBe('completion-report-when');

    await workspace().getByRole('button', { name: 'Process', exact: true }).click();
    const notice = workspace().getByRole('alert').filter({ hasText: 'No action was chosen' });
    await notice.waitFor();
    await shoot('23-process-nothing-chosen');
    expect(await jobState()).toBe('Review Match Results/Waiting for User');
  });

  it('after Process and Complete shows the completed state and what each row became, and sends one alarm per stage', async () => {
    (await showStaged('Bob')).getByLabel('Action for Bob Stone').selectOption('create');
    (await showStaged('Cleo')).getByLabel('Action for Cleo Park').selectOption('discard');
    await expect
      .poll(async () => (await showStaged('Cleo')).getByLabel('Action for Cleo Park').inputValue())
      .toBe('discard');
    await workspace().getByRole('button', { name: 'Process', exact: true }).click();
    await expect.poll(jobState, { timeout: 30_000 }).toBe('Review Match Results/Waiting for User');
    await (await showStaged('Bob')).getByLabel('Bob Stone: Created').waitFor();
    await (await showStaged('Cleo')).getByLabel('Cleo Park: Discarded').waitFor();

    await workspace().getByRole('button', { name: 'Complete Import' }).click();
    const warning = page.getByRole('dialog', { name: 'Complete Import' });
    await warning.getByText('2 staged contacts are not processed').waitFor();
    await warning.getByRole('button', { name: 'Discard and complete' }).click();
    await expect.poll(jobState, { timeout: 30_000 }).toBe('Completed/Completed');
    await header().getByLabel('Status: Completed').waitFor();
    await workspace().getByRole('heading', { name: 'Import Results', exact: true }).waitFor();
    await expect
      .poll(() => header().textContent())
      .toContain(
        '4 staged contacts · 1 created · 0 merged · 1 discarded · 2 not processed (discarded at completion)',
      );
    await (await showStaged('Ann')).getByLabel('Ann Lee: Not processed').first().waitFor();
    await stagedList().getByLabel('Name', { exact: true }).fill('');
    await shoot('24-import-results-completed');

    const response = await server.request('/api/notifications', { headers: { cookie } });
    const texts = ((await response.json()) as Array<{ text: string }>).map((n) => n.text);
    expect(texts.filter((text) => text === seedText)).toHaveLength(2);
    expect(texts.filter((text) => text.startsWith('Complete Import of Package'))).toEqual([
      'Complete Import of Package "Review test" Finished: Contact List "Review test" Holds 1 Contact',
    ]);
  });

  it('shows a readable Import Completion Report with totals by file, the contacts and CSV and PDF downloads', async () => {
    await workspace().getByRole('button', { name: 'Completion Report' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import Completion Report' });
    const byFile = dialog.getByRole('table', { name: 'Totals by file' });
    await byFile.getByRole('row').filter({ hasText: 'people.csv' }).waitFor();
    // Staged 4, created 1, merged 0, discarded 1, not processed 2, rejected 0.
    expect(await byFile.getByRole('row').filter({ hasText: 'people.csv' }).textContent()).toBe(
      'people.csv410120',
    );
    await dialog.getByRole('table', { name: 'Who and when' }).getByText('advisor').first().waitFor();
    await dialog
      .getByText('2 staged contacts were not processed and discarded by Complete Import.')
      .waitFor();
    const contacts = dialog.getByRole('table', { name: 'What each staged contact became' });
    await contacts.getByRole('row').filter({ hasText: 'Bob Stone' }).filter({ hasText: 'Created' }).waitFor();
    await shoot('17-completion-report');
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      dialog.getByRole('link', { name: 'Download the report (CSV)' }).click(),
    ]);
    expect(csv.suggestedFilename()).toBe('Review test completion report.csv');
    expect(fs.readFileSync(await csv.path(), 'utf8')).toMatch(/Bob Stone,P2,people\.csv,\d+,Created,\d+/);
    const [pdf] = await Promise.all([
      page.waitForEvent('download'),
      dialog.getByRole('link', { name: 'Download the report (PDF)' }).click(),
    ]);
    expect(pdf.suggestedFilename()).toBe('Review test completion report.pdf');
    expect(
      fs
        .readFileSync(await pdf.path())
        .subarray(0, 5)
        .toString('latin1'),
    ).toBe('%PDF-');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await workspace().isVisible()).toBe(true);
  });

  it('after Undo says the import is undone, in the badge, the title and each row, with proper plurals', async () => {
    await workspace().getByRole('button', { name: 'Undo Import' }).click();
    const confirm = page.getByRole('dialog', { name: 'Undo Import' });
    await confirm.getByRole('button', { name: 'Undo the import' }).click();
    await workspace()
      .getByRole('status')
      .filter({ hasText: 'Import undone: 1 contact deleted, 0 contacts restored' })
      .waitFor();
    await header().getByLabel('Status: Undone').waitFor();
    await workspace().getByRole('heading', { name: 'Import Results (Undone)' }).waitFor();
    await (await showStaged('Bob')).getByLabel('Bob Stone: Undone').waitFor();
    await stagedList().getByLabel('Name', { exact: true }).fill('');
    await shoot('25-import-results-undone');
    await workspace().getByRole('button', { name: 'Close the import workspace' }).click();
    await workspace().waitFor({ state: 'hidden' });
  });

  it('says which privilege a disabled menu item needs', async () => {
    await server.addUser('viewer', ['ImportProcessView']);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn('viewer', 'viewer-password');
    await page.getByRole('button', { name: 'Options' }).click();
    await page.getByRole('menuitem', { name: 'Import Contacts' }).click();
    const importData = page.getByRole('menuitem', { name: /^Import Data/ });
    expect(await importData.isDisabled()).toBe(true);
    expect(await importData.textContent()).toBe('Import DataNeeds the ImportProcessManage privilege');
    expect(await importData.getAttribute('title')).toContain('ImportProcessManage');
    expect(await page.getByRole('menuitem', { name: 'View Imports' }).textContent()).toBe('View Imports');
    await shoot('26-missing-privilege');
    await page.keyboard.press('Escape');
  });
});
