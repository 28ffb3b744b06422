import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { browserMissing, type ExpectedError, openBrowserPage } from '../support/browser.js';
import { repoRoot } from '../support/cli.js';
import { adminPassword, startTestServer, type TestServer } from '../support/test-server.js';

const goodPackage = path.join(repoRoot, 'examples/northwind-good.zip');
const description = 'Northwind at the keyboard';

/** 401 from /api/me before signing in; 409 from Complete Import (its warning). */
const isExpectedError: ExpectedError = (text, pathname) =>
  (pathname === '/api/me' && text.includes('401')) ||
  (/^\/api\/imports\/\d+\/complete$/.test(pathname) && text.includes('409'));

interface Focused {
  tag: string;
  name: string;
  visible: boolean;
}

/**
 * The seed's flow with the keyboard alone: Tab, Shift+Tab, Enter, Space and Escape, arrows only
 * inside menus and lists. Every element reached shows its focus ring (:focus-visible), and a
 * dialog that closes gives the focus back to what opened it.
 */
describe.skipIf(browserMissing)('the seed flow with the keyboard alone', { timeout: 180_000 }, () => {
  let server: TestServer;
  let page: Page;
  let cookie: string;
  let jobId = 0;
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

  /** What has the focus: its tag, its accessible name as a person reads it, and whether its ring shows. */
  function focused(): Promise<Focused> {
    // Runs in the page (a string: the test's own types have no DOM).
    return page.evaluate(`(() => {
      const element = document.activeElement;
      if (!element || element === document.body) return { tag: 'body', name: '', visible: false };
      const labelled = element.getAttribute('aria-labelledby');
      const name =
        element.getAttribute('aria-label') ??
        (labelled ? document.getElementById(labelled)?.textContent : null) ??
        element.labels?.[0]?.textContent ??
        element.textContent ??
        '';
      return {
        tag: element.tagName.toLowerCase(),
        name: name.replace(/\\s+/g, ' ').trim(),
        visible: element.matches(':focus-visible'),
      };
    })()`);
  }

  /** Presses Tab (or Shift+Tab) until the focused element's name matches; its focus ring must show. */
  async function tabTo(name: string | RegExp, back = false): Promise<void> {
    const wanted = typeof name === 'string' ? new RegExp(`^${escapeRegExp(name)}( \\*)?$`) : name;
    const passed: string[] = [];
    for (let step = 0; step < 80; step++) {
      await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
      const now = await focused();
      passed.push(now.name);
      if (wanted.test(now.name)) {
        expect(now.visible, `focus ring on "${now.name}"`).toBe(true);
        return;
      }
    }
    throw new Error(`Tab never reached "${name}", only: ${[...new Set(passed)].join(' | ')}`);
  }

  async function expectFocusOn(name: string | RegExp) {
    const wanted = typeof name === 'string' ? new RegExp(`^${escapeRegExp(name)}( \\*)?$`) : name;
    await expect.poll(async () => (await focused()).name).toMatch(wanted);
  }

  /**
   * Enter on the focused Browse… button, until the file chooser opens: Chromium 156 did not open
   * it for an Enter sent at once after the button took the focus (with a moment's pause it does),
   * which a person never types but a test does.
   */
  async function enterForFileChooser() {
    for (let attempt = 0; attempt < 5; attempt++) {
      const opened = page.waitForEvent('filechooser', { timeout: 5_000 }).catch(() => undefined);
      await page.keyboard.press('Enter');
      const chooser = await opened;
      if (chooser) return chooser;
    }
    throw new Error('Enter on Browse… never opened the file chooser');
  }

  async function openImportContacts(item: 'Import Data' | 'View Imports') {
    await tabTo('Options', true);
    await page.keyboard.press('Enter');
    await expectFocusOn('Import Contacts');
    await page.keyboard.press('Enter');
    await expectFocusOn('Import Data');
    if (item !== 'Import Data') await tabTo(item);
    await page.keyboard.press('Enter');
  }

  const workspace = () => page.getByRole('dialog', { name: 'Import Workspace' });

  it('signs in, then opens Options → Import Contacts → Import Data and starts an import', async () => {
    await page.goto(server.baseUrl);
    await page.getByLabel('User name').waitFor();
    await expectFocusOn('User name');
    await page.keyboard.type('admin');
    await tabTo('Password');
    await page.keyboard.type(adminPassword);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Contacts', level: 2 }).waitFor();

    await openImportContacts('Import Data');
    const dialog = page.getByRole('dialog', { name: 'Import Data' });
    await dialog.waitFor();
    await tabTo('Add Attachment');
    await page.keyboard.press('Enter');
    await expectFocusOn('Browse…');
    const chooser = await enterForFileChooser();
    await chooser.setFiles(goodPackage);
    await dialog.getByText('northwind-good.zip').waitFor();
    await tabTo("'On Behalf Of' User");
    expect(await dialog.getByLabel("'On Behalf Of' User").inputValue()).toBe('System Administrator (admin)');
    await tabTo('Description');
    await page.keyboard.type(description);
    await tabTo('OK');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    // The menu item that opened the dialog is gone: the focus is back on the Options button.
    await expectFocusOn('Options');
    await page
      .getByRole('alert')
      .filter({ hasText: `Import of Package "${description}" Completed Successfully` })
      .first()
      .waitFor({ timeout: 30_000 });
    const [job] = await server.app.imports.list({ description });
    jobId = job?.id ?? 0;
    expect(job).toMatchObject({ stage: 'Review Staged Data', status: 'Waiting for User' });
  });

  it('opens View Imports, filters by description and opens the import with Space on its row button', async () => {
    await openImportContacts('View Imports');
    const dialog = page.getByRole('dialog', { name: 'Import Processes' });
    await dialog.getByRole('row').filter({ hasText: description }).waitFor();
    await tabTo('Showing all Import Processes');
    await page.keyboard.press('Enter');
    await tabTo('Description');
    await page.keyboard.type('keyboard');
    await dialog.getByRole('button', { name: 'Showing filtered Import Processes' }).waitFor();
    await expect.poll(() => dialog.getByRole('row').count()).toBe(2);
    await tabTo(`Open ${description}`);
    await page.keyboard.press('Space');
    await dialog.waitFor({ state: 'hidden' });
    await workspace().getByRole('heading', { name: 'Review Staged Data' }).waitFor();
  });

  it('finds a staged contact, opens it from its row (one tab stop) and chooses its action', async () => {
    await tabTo('Name');
    await page.keyboard.type('Calvin');
    const table = workspace().getByRole('table', { name: 'Staged contacts' });
    await expect.poll(() => table.getByRole('row').count()).toBe(2);
    await tabTo(/^Calvin Bruen/);
    expect((await focused()).tag).toBe('tr');
    await page.keyboard.press('Enter');
    await workspace()
      .getByRole('region', { name: 'Staged contact' })
      .getByRole('heading', { name: 'Calvin Bruen' })
      .waitFor();
    await page.keyboard.press('Tab');
    await expectFocusOn('Action for Calvin Bruen');
    // A native select: arrows move through its list of actions ("—", then Create new: Merge needs a match).
    await page.keyboard.press('ArrowDown');
    await expect
      .poll(async () => {
        const response = await server.request(`/api/imports/${jobId}/staged?name=Calvin`, {
          headers: { cookie },
        });
        return ((await response.json()) as { items: Array<{ action: string | null }> }).items[0]?.action;
      })
      .toBe('create');

    // With every row shown, the rows hold one tab stop between them, and arrows move between rows.
    await tabTo('Name', true);
    await page.keyboard.press('Control+a');
    await page.keyboard.press('Backspace');
    await expect.poll(() => table.getByRole('row').count()).toBeGreaterThan(10);
    const stops = await page.evaluate(`Array.from(
      document.querySelectorAll('table[aria-label="Staged contacts"] tr, table[aria-label="Staged contacts"] select'),
    ).filter((element) => element.tabIndex >= 0).length`);
    expect(stops).toBe(2);
  });

  it('processes, then completes after the warning, whose Escape gives the focus back to Complete Import', async () => {
    await tabTo('Process');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => workspace().getByRole('region', { name: 'Import process' }).textContent(), {
        timeout: 30_000,
      })
      .toContain('1 processed');
    // The progress says "processed" a moment before the job is back in review and Complete Import
    // is enabled (the job's own poll): a keyboard user waits for the button, as this does.
    await expect
      .poll(() => workspace().getByRole('button', { name: 'Complete Import' }).isEnabled(), {
        timeout: 30_000,
      })
      .toBe(true);

    await tabTo('Complete Import');
    await page.keyboard.press('Enter');
    const warning = page.getByRole('dialog', { name: 'Complete Import' });
    await warning.waitFor();
    await page.keyboard.press('Escape');
    await warning.waitFor({ state: 'hidden' });
    await expectFocusOn('Complete Import');

    await page.keyboard.press('Enter');
    await warning.waitFor();
    await tabTo('Discard and complete');
    await page.keyboard.press('Enter');
    await warning.waitFor({ state: 'hidden' });
    await expect
      .poll(
        async () => {
          const response = await server.request(`/api/imports/${jobId}`, { headers: { cookie } });
          return ((await response.json()) as { stage: string }).stage;
        },
        { timeout: 30_000 },
      )
      .toBe('Completed');
    // Focus stays on something a keyboard user can go on from, never on the page body.
    await expect.poll(async () => (await focused()).tag).not.toBe('body');
  });

  it('closes the workspace with Escape, and the focus goes back to Options, whose menu opened it all', async () => {
    await page.keyboard.press('Escape');
    await workspace().waitFor({ state: 'hidden' });
    // The workspace's opener (a row's Open) went with Import Processes, and its opener (a menu item) with the menu.
    await expectFocusOn('Options');
    expect((await focused()).visible, 'focus ring on Options').toBe(true);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
