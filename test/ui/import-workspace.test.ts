import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { backgroundStages } from '../../src/jobs/stages.js';
import { browserMissing, type ExpectedError, openBrowserPage } from '../support/browser.js';
import { repoRoot } from '../support/cli.js';
import { adminPassword, startTestServer, type TestServer } from '../support/test-server.js';

const goodPackage = path.join(repoRoot, 'examples/northwind-good.zip');
const description = 'Northwind workspace';

/**
 * Console errors the browser logs for answers the UI expects: 401 from /api/me before signing in,
 * 409 from Complete Import (CONFIRMATION_REQUIRED: the warning) and from Undo (UNDO_CONFLICT).
 */
const isExpectedError: ExpectedError = (text, pathname) =>
  (pathname === '/api/me' && text.includes('401')) ||
  (/^\/api\/imports\/\d+\/(complete|undo)$/.test(pathname) && text.includes('409'));

interface Json {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: answers of the API the test reads field by field
  body: any;
}

describe.skipIf(browserMissing)('the import workspace in Chromium', () => {
  let server: TestServer;
  let page: Page;
  let adminCookie: string;
  let jobId: number;
  let consoleErrors: string[] = [];
  let shoot: (name: string, fullPage?: boolean) => Promise<Buffer>;
  let closeBrowser: () => Promise<void>;
  /** Existing contacts made for the on-behalf-of user (admin) before the import. */
  const existing: Record<string, number> = {};

  beforeAll(async () => {
    let opened: Awaited<ReturnType<typeof openBrowserPage>>;
    [server, opened] = await Promise.all([
      startTestServer('sqlite'),
      openBrowserPage({ expected: isExpectedError }),
    ]);
    ({ page, consoleErrors, shoot, close: closeBrowser } = opened);
    adminCookie = await server.login('admin', adminPassword);
  });

  afterAll(async () => {
    await closeBrowser?.();
    await server?.close();
  });

  afterEach(() => {
    expect(consoleErrors).toEqual([]);
  });

  async function call(method: string, url: string, body?: unknown, cookie = adminCookie): Promise<Json> {
    const response = await server.request(url, {
      method,
      headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: await response.json().catch(() => null) };
  }

  async function signIn(userName: string, password: string) {
    await page.getByLabel('User name').fill(userName);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Contacts', level: 2 }).waitFor();
  }

  async function openImportContactsMenu(item: 'Import Data' | 'View Imports') {
    await page.getByRole('button', { name: 'Options' }).click();
    await page.getByRole('menuitem', { name: 'Import Contacts' }).click();
    await page.getByRole('menuitem', { name: item }).click();
  }

  /** Closes a notification alarm (marks it read), so it covers nothing. */
  async function dismissAlarm(text: string) {
    // Admin both submitted the job and is its on-behalf-of user: there may be two.
    const alarms = page.getByRole('alert').filter({ hasText: text });
    await alarms.first().waitFor({ timeout: 30_000 });
    for (let shown = await alarms.count(); shown > 0; shown = await alarms.count()) {
      await alarms.first().getByRole('button').filter({ hasNotText: 'View' }).click();
      await expect.poll(() => alarms.count()).toBeLessThan(shown);
    }
  }

  const workspace = () => page.getByRole('dialog', { name: 'Import Workspace' });
  const header = () => workspace().getByRole('region', { name: 'Import process' });
  const stagedList = () => workspace().locator('section[aria-labelledby="staged-list-title"]');
  const stagedTable = () => workspace().getByRole('table', { name: 'Staged contacts' });
  const stagedPanel = () => workspace().getByRole('region', { name: 'Staged contact' });

  async function showStaged(name: string): Promise<Locator> {
    await stagedList().getByLabel('Name', { exact: true }).fill(name);
    const row = stagedTable().getByRole('row').filter({ hasText: name });
    await expect.poll(() => stagedTable().getByRole('row').count()).toBe(2);
    return row;
  }

  async function select(name: string) {
    // At the keyboard: a staged contact's row takes the focus and Enter opens it.
    const row = await showStaged(name);
    await row.focus();
    await page.keyboard.press('Enter');
    await stagedPanel().getByRole('heading', { name }).waitFor();
  }

  async function waitForJob(stage: string, status: string) {
    await expect
      .poll(
        async () => {
          const { body } = await call('GET', `/api/imports/${jobId}`);
          return `${body.stage}/${body.status}`;
        },
        { timeout: 30_000 },
      )
      .toBe(`${stage}/${status}`);
    await expect.poll(() => header().textContent()).toContain(`Stage: ${stage}`);
    await header().getByLabel(`Status: ${status}`).waitFor();
  }

  it('imports the example package for admin, who already has two of its people, and sees the success alarm', async () => {
    for (const [firstName, lastName, email] of [
      ['Kristopher', 'Smitham-Bins', 'kristopher.smithambins@skiles-ledner.co.uk'],
      ['Tyrone', 'Heller', 'tyrone.heller@johnston-group.com'],
    ] as const) {
      const created = await call('POST', '/api/contacts', {
        kind: 'person',
        firstName,
        lastName,
        communications: [{ channel: 'email', type: 'business', value: email }],
      });
      expect(created.status).toBe(201);
      existing[firstName] = created.body.id;
    }

    await page.goto(server.baseUrl);
    await signIn('admin', adminPassword);
    await openImportContactsMenu('Import Data');
    const dialog = page.getByRole('dialog', { name: 'Import Data' });
    await dialog.getByRole('button', { name: 'Add Attachment' }).click();
    await dialog.locator('input[type=file]').setInputFiles(goodPackage);
    await dialog.getByLabel('Description').fill(description);
    await dialog.getByRole('button', { name: 'OK' }).click();
    await dismissAlarm(`Import of Package "${description}" Completed Successfully`);
    const [job] = await server.app.imports.list({ description });
    jobId = job?.id ?? 0;
    expect(job).toMatchObject({ stage: 'Review Staged Data', status: 'Waiting for User' });
  });

  it('finds the job in View Imports by its status and opens its workspace', async () => {
    await openImportContactsMenu('View Imports');
    const dialog = page.getByRole('dialog', { name: 'Import Processes' });
    await dialog.getByRole('button', { name: 'Showing all Import Processes' }).click();
    await dialog.getByLabel('Status', { exact: true }).click();
    await page.getByRole('option', { name: 'Waiting for User', exact: true }).click();
    await dialog.getByRole('button', { name: `Open ${description}` }).click();
    await dialog.waitFor({ state: 'hidden' });
    await waitForJob('Review Staged Data', 'Waiting for User');
    await workspace().getByRole('heading', { name: 'Review Staged Data' }).waitFor();
    await expect.poll(() => workspace().getByText('340 staged contacts').count()).toBe(1);
    await shoot('10-import-workspace');
  });

  it("edits a staged contact's profile, shows its collections and deletes another after confirming", async () => {
    await select('Calvin');
    const profile = stagedPanel().getByRole('form', { name: 'Profile' });
    await profile.getByLabel('Position').fill('Advisor');
    await profile.getByRole('button', { name: 'Save profile' }).click();
    await expect
      .poll(async () => {
        const { body } = await call('GET', `/api/imports/${jobId}/staged?name=Calvin`);
        return body.items[0]?.fields.position;
      })
      .toBe('Advisor');
    await stagedPanel()
      .getByRole('tab', { name: /Communications \(2\)/ })
      .click();
    await stagedPanel().getByRole('table', { name: 'Communications' }).waitFor();

    await select('Monica');
    await stagedPanel().getByRole('button', { name: 'Delete' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete staged contact' });
    await confirm.getByText('This cannot be undone').waitFor();
    await shoot('11-delete-staged-contact');
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await confirm.waitFor({ state: 'hidden' });
    await stagedList().getByLabel('Name', { exact: true }).fill('Monica');
    await workspace().getByText('No staged contact matches these filters.').waitFor();
  });

  // The Match stage handler lands with the matching engine; without it the server cannot run Match.
  it.runIf(backgroundStages.Match !== undefined)(
    'runs Match, shows Review Match Results sorted by match quality and explains a suggestion',
    async () => {
      await workspace().getByRole('button', { name: 'Match', exact: true }).click();
      const start = page.getByRole('dialog', { name: 'Match' });
      await start.getByText('Identify duplicates by').waitFor();
      for (const label of ['Legacy key', 'Email', 'Phone', 'Name and birth date']) {
        await start.getByRole('checkbox', { name: label }).waitFor();
      }
      await start.getByRole('checkbox', { name: 'Email' }).check();
      await start.getByRole('button', { name: 'Start Match' }).click();
      await start.waitFor({ state: 'hidden' });
      await waitForJob('Review Match Results', 'Waiting for User');
      await workspace().getByRole('heading', { name: 'Review Match Results' }).waitFor();
      await stagedList().getByLabel('Sort by').selectOption('quality');
      await select('Kristopher');
      await stagedPanel().getByRole('tab', { name: 'Match' }).click();
      const suggestions = stagedPanel().getByRole('table', { name: 'Match suggestions' });
      await suggestions.getByRole('row').nth(1).waitFor();
      await shoot('19-match-suggestions');
      await suggestions.getByRole('button', { name: 'Why?' }).first().click();
      const explanation = page.getByRole('dialog', { name: 'Match explanation' });
      await explanation.getByText('Kristopher Smitham-Bins').first().waitFor();
      // Admin's Kristopher has the staged one's email, and Match was started with Email ticked.
      await explanation.getByText('Identified by email').waitFor();
      await shoot('20-match-explanation');
      await explanation.getByRole('button').first().click();
      await explanation.waitFor({ state: 'hidden' });
    },
  );

  it('merges one with its existing contact (Select Another Match, Compare Details), creates one, discards one and bulk-discards the inactive', async () => {
    await select('Kristopher');
    await stagedPanel().getByRole('tab', { name: 'Match' }).click();
    await stagedPanel().getByRole('button', { name: 'Select Another Match' }).click();
    const picker = page.getByRole('dialog', { name: 'Select Another Match' });
    await picker.getByLabel('Search contacts').fill('Smitham');
    await shoot('12-select-another-match');
    await picker.getByRole('button', { name: 'Select Kristopher Smitham-Bins' }).click();
    await picker.waitFor({ state: 'hidden' });
    await expect
      .poll(() => stagedPanel().getByLabel('Selected match').textContent())
      .toContain(`contact ${existing.Kristopher}`);
    await stagedPanel().getByRole('button', { name: 'Compare Details' }).click();
    const compare = page.getByRole('dialog', { name: 'Compare Details' });
    const fields = compare.getByRole('table', { name: 'Fields compared' });
    await fields.getByRole('row').filter({ hasText: 'Global Metrics Developer' }).waitFor();
    await compare.getByRole('table', { name: 'Existing communications' }).waitFor();
    await shoot('13-compare-details');
    await page.keyboard.press('Escape');
    await compare.waitFor({ state: 'hidden' });

    const kristopher = await showStaged('Kristopher');
    await kristopher.getByLabel('Action for Kristopher Smitham-Bins').selectOption('merge');
    const tyrone = await showStaged('Tyrone');
    await tyrone.getByLabel('Action for Tyrone Heller').selectOption('create');
    const calvin = await showStaged('Calvin');
    await calvin.getByLabel('Action for Calvin Bruen').selectOption('discard');
    await expect
      .poll(async () => (await call('GET', `/api/imports/${jobId}/staged/summary`)).body.byAction)
      .toMatchObject({ merge: 1, create: 1, discard: 1 });

    const inactive = (await call('GET', `/api/imports/${jobId}/staged?status=inactive`)).body.total as number;
    expect(inactive).toBeGreaterThan(0);
    await stagedList().getByLabel('Name', { exact: true }).fill('');
    await stagedList().getByLabel('Status', { exact: true }).selectOption('inactive');
    // The bulk action covers what the filters show: wait until they show the inactive ones.
    await stagedList().getByText(`${inactive} staged contacts`, { exact: true }).waitFor();
    await stagedList().getByRole('button', { name: 'Bulk actions' }).click();
    await page.getByRole('menuitem', { name: 'Discard all undecided shown by the filters' }).click();
    await stagedList().getByText(`${inactive} staged contacts updated.`).waitFor();
    await stagedList().getByLabel('Status', { exact: true }).selectOption('');
  });

  it('processes the decisions and shows Review Match Results', async () => {
    await workspace().getByRole('button', { name: 'Process', exact: true }).click();
    await waitForJob('Review Match Results', 'Waiting for User');
    const summary = (await call('GET', `/api/imports/${jobId}/staged/summary`)).body;
    expect(summary.processed).toBeGreaterThan(3);
    await expect.poll(() => header().textContent()).toContain(`${summary.processed} processed`);
    await workspace().getByRole('heading', { name: 'Review Match Results' }).waitFor();
    await stagedList().getByLabel('Action', { exact: true }).selectOption('merge');
    await stagedTable().getByLabel('Kristopher Smitham-Bins: Merged').waitFor();
    await shoot('14-review-match-results');
    await stagedList().getByLabel('Action', { exact: true }).selectOption('');
  });

  it('completes the import after its warning names the unprocessed contacts it discards', async () => {
    const { unprocessed } = (await call('GET', `/api/imports/${jobId}/staged/summary`)).body;
    expect(unprocessed).toBeGreaterThan(0);
    await workspace().getByRole('button', { name: 'Complete Import' }).click();
    const warning = page.getByRole('dialog', { name: 'Complete Import' });
    await warning.getByText(`${unprocessed} staged contacts are not processed`).waitFor();
    await shoot('15-complete-import-warning');
    await warning.getByRole('button', { name: 'Discard and complete' }).click();
    await warning.waitFor({ state: 'hidden' });
    await waitForJob('Completed', 'Completed');
  });

  it('shows the contact list named by the description with exactly the merged and the created contact', async () => {
    const expected = ['Kristopher Smitham-Bins', 'Tyrone Heller'];
    const listButton = workspace().getByRole('button', { name: `Contact List "${description}" (2)` });
    await listButton.click();
    const dialog = page.getByRole('dialog', { name: `Contact List: ${description}` });
    const members = dialog.getByRole('table', { name: 'List members' });
    await expect.poll(() => members.getByRole('row').count()).toBe(expected.length + 1);
    const names = await members.locator('tbody tr td:first-child').allTextContents();
    expect(names.sort()).toEqual(expected);
    await shoot('16-contact-list');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });

    const lists = (await call('GET', '/api/lists')).body as Array<{ id: number; name: string }>;
    const list = lists.find((candidate) => candidate.name === description);
    expect(list).toBeDefined();
    const apiMembers = (await call('GET', `/api/lists/${list?.id}/contacts`)).body;
    expect(apiMembers.items.map((contact: { displayName: string }) => contact.displayName).sort()).toEqual(
      expected,
    );
    expect(apiMembers.items.map((contact: { id: number }) => contact.id)).toContain(existing.Kristopher);
    expect(apiMembers.items.map((contact: { id: number }) => contact.id)).not.toContain(existing.Tyrone);
  });

  it('shows the Import Completion report with the totals and downloads it as CSV', async () => {
    await workspace().getByRole('button', { name: 'Completion Report' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import Completion Report' });
    const totals = dialog.getByRole('table', { name: 'Totals by file' });
    const allFiles = totals.getByRole('row').filter({ hasText: 'All files' });
    await allFiles.waitFor();
    // Staged, created, merged: the staged count is the list's after Monica's deletion.
    expect((await allFiles.locator('td').allTextContents()).slice(0, 3)).toEqual(['339', '1', '1']);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      dialog.getByRole('link', { name: 'Download the report (CSV)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`${description} completion report.csv`);
    expect(fs.readFileSync(await download.path(), 'utf8')).toContain(description);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
  });

  it('asks before Undo Import and shows why the server refuses it when a merged field changed since', async () => {
    const changed = await call('PATCH', `/api/contacts/${existing.Kristopher}`, { position: 'CEO' });
    expect(changed.status).toBe(200);
    await workspace().getByRole('button', { name: 'Undo Import' }).click();
    const confirm = page.getByRole('dialog', { name: 'Undo Import' });
    await confirm.getByRole('button', { name: 'Undo the import' }).click();
    await confirm.waitFor({ state: 'hidden' });
    const refusal = workspace().getByRole('alert').filter({ hasText: 'Undo refused' });
    await expect.poll(() => refusal.textContent()).toContain('CEO');
    await shoot('18-undo-refused');
    expect((await call('GET', `/api/imports/${jobId}/report`)).body.undoneAt).toBeNull();
    await workspace().getByRole('button', { name: 'Close the import workspace' }).click();
    await workspace().waitFor({ state: 'hidden' });
  });

  it("shows a second user, who shares no team with admin, none of admin's contacts, lists or imports", async () => {
    const cookie = await server.addUser('advisor', ['ImportProcessView', 'ImportProcessManage']);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('User name').waitFor();
    await signIn('advisor', 'advisor-password');
    await page.getByText('No contacts yet.').waitFor();
    for (const name of ['Kristopher', 'Tyrone', 'Heller']) {
      await page.getByLabel('Search contacts').fill(name);
      await page.getByText(`No contact matches "${name}".`).waitFor();
    }
    await openImportContactsMenu('View Imports');
    await page
      .getByRole('dialog', { name: 'Import Processes' })
      .getByText('No import process yet.')
      .waitFor();
    await page.keyboard.press('Escape');

    expect((await call('GET', '/api/lists', undefined, cookie)).body).toEqual([]);
    expect((await call('GET', '/api/contacts?q=Heller', undefined, cookie)).body.total).toBe(0);
    expect((await call('GET', `/api/imports/${jobId}/staged`, undefined, cookie)).status).toBe(404);
  });
});
