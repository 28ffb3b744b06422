import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../support/cli.js';
import { tempDir } from '../support/package-builder.js';

const exportsRoot = path.join(repoRoot, 'test/fixtures/legacy-exports');

describe('dovetail mapping suggest → package build → package check → import', () => {
  it('turns an Outlook export into a package that loads with every row staged, and reuses its template', async () => {
    const work = tempDir();
    const env = { DOVETAIL_DATA_DIR: path.join(work, 'data') };
    const definition = path.join(work, 'System Administrator Import Definition.json');
    expect((await runCli(['definition', '--out', work], env)).code).toBe(0);

    const folder = path.join(work, 'package');
    const suggested = await runCli(
      [
        'mapping',
        'suggest',
        path.join(exportsRoot, 'outlook-export'),
        '--definition',
        definition,
        '--out',
        folder,
        '--name',
        'Outlook',
      ],
      env,
    );
    expect(suggested.code, suggested.stderr).toBe(0);
    expect(suggested.stdout).toMatch(/Outlook Contacts\.csv: person/);
    expect(suggested.stdout).toMatch(/Mobile Phone .*phone\/mobile\.value\s+0\.90/);
    expect(fs.readFileSync(path.join(folder, 'suggestions.txt'), 'utf8')).toContain('Business Street');
    const manifest = JSON.parse(fs.readFileSync(path.join(folder, 'manifest.json'), 'utf8'));
    expect(manifest.files.map((file: { csv: string }) => file.csv)).toEqual([
      'Outlook Contacts.csv',
      'Outlook Contacts.addresses.csv',
      'Outlook Contacts.communications.csv',
      'Outlook Contacts.notes.csv',
      'Outlook Contacts.categories.csv',
    ]);

    const zip = path.join(work, 'outlook.zip');
    const built = await runCli(['package', 'build', folder, '--out', zip, '--json'], env);
    expect(built.code, built.stdout + built.stderr).toBe(0);
    expect(JSON.parse(built.stdout)).toMatchObject({ zipPath: zip, check: { ok: true, problems: [] } });
    expect(fs.existsSync(path.join(work, 'outlook.template.json'))).toBe(true);

    const checked = await runCli(['package', 'check', zip], env);
    expect(checked.code).toBe(0);
    expect(checked.stdout).toMatch(/ready to import/);

    const imported = await runCli(['import', zip, '--description', 'Outlook', '--wait', '--json'], env);
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({
      status: 'Waiting for User',
      stage: 'Review Staged Data',
      counts: { rowsRejected: 0, contactsStaged: 40 },
    });

    const again = await runCli(
      [
        'mapping',
        'suggest',
        path.join(exportsRoot, 'outlook-export'),
        '--definition',
        definition,
        '--out',
        path.join(work, 'again'),
        '--template',
        path.join(work, 'outlook.template.json'),
        '--json',
      ],
      env,
    );
    expect(again.code, again.stderr).toBe(0);
    const columns = JSON.parse(again.stdout).suggestions[0].columns as {
      target: string | null;
      confidence: number;
    }[];
    expect(
      columns.filter((column) => column.target !== null).every((column) => column.confidence === 1),
    ).toBe(true);
  });

  it('package check lists every problem of a broken package at once, with exit code 3', async () => {
    const env = { DOVETAIL_DATA_DIR: tempDir() };
    const result = await runCli(
      ['package', 'check', path.join(repoRoot, 'examples/northwind-errors.zip')],
      env,
    );
    expect(result.code).toBe(3);
    const expected = JSON.parse(
      fs.readFileSync(path.join(repoRoot, 'examples/northwind-errors.expected.json'), 'utf8'),
    ) as { file: string; line: number; code: string }[];
    expect(result.stdout.split('\n')[0]).toBe(
      `${expected.length} problems: 0 with the package, ${expected.length} in ${expected.length} of 238 rows checked.`,
    );
    for (const error of expected) expect(result.stdout).toContain(`${error.file}, line ${error.line}`);

    const json = await runCli(['package', 'check', path.join(repoRoot, 'README.md'), '--json'], env);
    expect(json.code).toBe(3);
    expect(JSON.parse(json.stdout).problems).toEqual([
      expect.objectContaining({ code: 'PACKAGE_NOT_A_ZIP' }),
    ]);
  });

  it('refuses a definition that is not one (exit code 2 for a missing file)', async () => {
    const env = { DOVETAIL_DATA_DIR: tempDir() };
    const args = ['mapping', 'suggest', path.join(exportsRoot, 'vendor-list'), '--out', tempDir()];
    const missing = await runCli([...args, '--definition', '/nonexistent.json'], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/There is no target definition at/);
    const wrong = await runCli([...args, '--definition', path.join(repoRoot, 'package.json')], env);
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toMatch(/PACKAGE_TARGET_DEFINITION_INVALID/);
  });
});
