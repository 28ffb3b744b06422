import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { browserMissing, type ExpectedError, openBrowserPage } from '../support/browser.js';
import { repoRoot } from '../support/cli.js';
import { tempDir } from '../support/package-builder.js';
import { adminPassword, startTestServer, type TestServer } from '../support/test-server.js';

// A French CRM export: four tables, ";" and Windows-1252, DD/MM/YYYY dates, coded statuses and types.
const exportFolder = path.join(repoRoot, 'test/fixtures/legacy-exports/crm-fr-tables');
const csvFiles = ['clients.csv', 'adresses.csv', 'coordonnees.csv', 'remarques.csv'].map((name) =>
  path.join(exportFolder, name),
);
const packageName = 'Dossiers clients';

/** 401 from /api/me before signing in. */
const isExpectedError: ExpectedError = (text, pathname) => pathname === '/api/me' && text.includes('401');

describe.skipIf(browserMissing)('the Data Mapping Tool in Chromium', () => {
  let server: TestServer;
  let page: Page;
  let consoleErrors: string[] = [];
  let shoot: (name: string, fullPage?: boolean) => Promise<Buffer>;
  let closeBrowser: () => Promise<void>;
  let savedTemplate: string;

  beforeAll(async () => {
    let opened: Awaited<ReturnType<typeof openBrowserPage>>;
    [server, opened] = await Promise.all([
      startTestServer('sqlite'),
      openBrowserPage({ expected: isExpectedError, viewport: { width: 1440, height: 900 } }),
    ]);
    ({ page, consoleErrors, shoot, close: closeBrowser } = opened);
  });

  afterAll(async () => {
    await closeBrowser?.();
    await server?.close();
  });

  afterEach(() => {
    expect(consoleErrors).toEqual([]);
  });

  const tool = () => page.getByRole('dialog', { name: 'Create New Mapping' });
  const file = (name: string) => tool().getByRole('region', { name });

  /** Opens a Mantine select and picks an option. */
  async function choose(select: ReturnType<Page['getByLabel']>, option: string) {
    await select.click();
    await page.getByRole('option', { name: option, exact: true }).click();
    await expect.poll(() => select.inputValue()).toBe(option);
  }

  /** Drops files on an element as a person dragging them from their file manager would. */
  async function dropFiles(target: Locator, files: string[]) {
    const items = files.map((file) => ({
      name: path.basename(file),
      base64: fs.readFileSync(file).toString('base64'),
    }));
    const dataTransfer = await page.evaluateHandle((dropped) => {
      // Runs in the page; the test's own types have no DOM.
      const { DataTransfer } = globalThis as unknown as {
        DataTransfer: new () => { items: { add(file: File): void } };
      };
      const transfer = new DataTransfer();
      for (const item of dropped) {
        const bytes = Uint8Array.from(atob(item.base64), (char) => char.charCodeAt(0));
        transfer.items.add(new File([bytes], item.name, { type: 'text/csv' }));
      }
      return transfer;
    }, items);
    await target.dispatchEvent('drop', { dataTransfer });
  }

  it('opens Create New Mapping from Options → Import Contacts and suggests a mapping for uploaded CSVs', async () => {
    await page.goto(server.baseUrl);
    await page.getByLabel('User name').fill('admin');
    await page.getByLabel('Password', { exact: true }).fill(adminPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Options' }).click();
    await page.getByRole('menuitem', { name: 'Import Contacts' }).click();
    await page.getByRole('menuitem', { name: 'Create New Mapping' }).click();

    await tool().locator('input[type=file][multiple]').setInputFiles(csvFiles.slice(0, 3));
    await dropFiles(tool().getByRole('group', { name: 'Drop the CSV files here' }), csvFiles.slice(3));
    await expect.poll(() => tool().getByTestId('csv-file-names').textContent()).toContain('remarques.csv');
    await tool().getByLabel('Package name').fill(packageName);
    await shoot('21-mapping-upload');
    await tool().getByRole('button', { name: 'Suggest Mapping' }).click();

    const clients = file('clients.csv');
    await clients.waitFor();
    expect(await clients.getByLabel('Encoding').textContent()).toBe('windows-1252');
    expect(await clients.getByLabel('Delimiter').textContent()).toBe('semicolon delimiter');
    expect(await clients.getByLabel('Data type').inputValue()).toBe('person');
    expect(await clients.getByLabel('Key column').inputValue()).toBe('N° client');
    expect(await clients.getByLabel('Date format', { exact: true }).inputValue()).toBe('DD/MM/YYYY');
    expect(await clients.getByLabel('Target of "Nom"').inputValue()).toBe('lastName');
    expect(await clients.getByLabel('Target of "Prénom"').inputValue()).toBe('firstName');
    expect(await clients.getByLabel('Target of "Date de naissance"').inputValue()).toBe('birthDate');
    // "Nom" alone is vague: a lower confidence, and the reason says why.
    await clients.getByRole('row', { name: /Nom.*75%.*usual name for lastName/ }).waitFor();
    await clients.getByRole('row', { name: /N° client.*Key.*90%.*names an id/ }).waitFor();
    expect(await clients.getByLabel('"Actif" in "Statut" becomes').inputValue()).toBe('active');
    expect(await clients.getByLabel('"Ancien" in "Statut" becomes').inputValue()).toBe('former');

    const contactPoints = file('coordonnees.csv');
    expect(await contactPoints.getByLabel('Data type').inputValue()).toBe('communication');
    expect(await contactPoints.getByLabel('Parent key column').inputValue()).toBe('N° client');
    expect(await contactPoints.getByLabel('Target of "Canal"').inputValue()).toBe('channel');
    expect(await contactPoints.getByLabel('"Courriel" in "Canal" becomes').inputValue()).toBe('email');
    await shoot('21-mapping-suggestions');
  });

  it('changes a lookup and a date format, and Check lists every row the import would refuse', async () => {
    const clients = file('clients.csv');
    // This firm's "Ancien" clients are inactive ones, not former ones.
    await choose(clients.getByLabel('"Ancien" in "Statut" becomes'), 'inactive');
    // and it does not want its clients' job titles.
    await choose(clients.getByLabel('Target of "Fonction"'), '(not imported)');
    await clients.getByRole('row', { name: /Fonction.*changed.*your choice/ }).waitFor();
    // A wrong date format: every birth date past the 12th of its month no longer reads.
    await choose(clients.getByLabel('Date format', { exact: true }), 'MM/DD/YYYY');
    await tool().getByRole('button', { name: 'Check' }).click();

    const problems = tool().getByRole('table', { name: 'Problems' });
    await problems.waitFor();
    const rows = problems.getByRole('row').filter({ hasText: 'clients.csv' });
    const count = await rows.count();
    expect(count).toBeGreaterThan(1);
    await expect
      .poll(() => tool().getByRole('alert').first().textContent())
      .toContain(`${count} problems found`);
    const first = (await rows.first().getByRole('cell').allTextContents()).slice(0, 3);
    expect(first).toEqual(['clients.csv', expect.stringMatching(/^\d+$/), 'Date de naissance']);
    await shoot('21-mapping-check-problems');

    await choose(clients.getByLabel('Date format', { exact: true }), 'DD/MM/YYYY');
    await tool().getByRole('button', { name: 'Check' }).click();
    await tool().getByRole('status').filter({ hasText: 'Check: no problem found' }).waitFor();
  });

  it('builds the package, saves the mapping as a template, imports the package and sees it complete', async () => {
    const [zip] = await Promise.all([
      page.waitForEvent('download'),
      tool().getByRole('button', { name: 'Build Package' }).click(),
    ]);
    expect(zip.suggestedFilename()).toBe(`${packageName}.zip`);
    expect(fs.statSync(await zip.path()).size).toBeGreaterThan(1000);
    await tool().getByRole('status').filter({ hasText: 'its check found no problem' }).waitFor();

    const [template] = await Promise.all([
      page.waitForEvent('download'),
      tool().getByRole('button', { name: 'Save as Template' }).click(),
    ]);
    expect(template.suggestedFilename()).toBe(`${packageName}.template.json`);
    savedTemplate = path.join(tempDir(), template.suggestedFilename());
    await template.saveAs(savedTemplate);
    const saved = JSON.parse(fs.readFileSync(savedTemplate, 'utf8'));
    const clientsPlan = saved.files.find((f: { file: string }) => f.file === 'clients.csv');
    expect(clientsPlan).toMatchObject({ keyColumn: 'N° client', dateFormat: 'DD/MM/YYYY' });
    expect(clientsPlan.columns.map((c: { column: string }) => c.column)).not.toContain('Fonction');
    expect(clientsPlan.columns).toContainEqual({
      column: 'Statut',
      target: 'status',
      lookup: { Actif: 'active', Ancien: 'inactive', Inactif: 'inactive' },
    });

    await tool().getByRole('button', { name: 'Import this package' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import this package' });
    expect(await dialog.getByTestId('attached-package').textContent()).toContain(`${packageName}.zip`);
    expect(await dialog.getByLabel('Description').inputValue()).toBe(packageName);
    await shoot('21-mapping-import-package');
    await dialog.getByRole('button', { name: 'OK' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: `Import of Package "${packageName}" Completed Successfully` })
      .waitFor({ timeout: 30_000 });
    await shoot('21-mapping-import-completed');

    const [job] = await server.app.imports.list({ description: packageName });
    expect(job).toMatchObject({ status: 'Waiting for User', stage: 'Review Staged Data' });
  });

  it('starts over with the saved template: its choices come back on the same export', async () => {
    await tool().getByRole('button', { name: 'Start over' }).click();
    await tool().locator('input[type=file][multiple]').setInputFiles(csvFiles);
    await tool().getByLabel('Mapping template file').setInputFiles(savedTemplate);
    await tool().getByText(path.basename(savedTemplate)).waitFor();
    await tool().getByRole('button', { name: 'Suggest Mapping' }).click();
    const clients = file('clients.csv');
    await clients.getByText('from template').waitFor();
    expect(await clients.getByLabel('"Ancien" in "Statut" becomes').inputValue()).toBe('inactive');
    expect(await tool().getByLabel('Package name').inputValue()).toBe(packageName);
  });
});
