import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli, waitFor } from '../support/cli.js';
import { tempDir } from '../support/package-builder.js';
import { buildRawZip } from '../support/raw-zip.js';
import { openTestApp } from '../support/test-app.js';

const goodPackage = path.join(repoRoot, 'examples/northwind-good.zip');
const errorPackage = path.join(repoRoot, 'examples/northwind-errors.zip');
const expectedErrors = JSON.parse(
  fs.readFileSync(path.join(repoRoot, 'examples/northwind-errors.expected.json'), 'utf8'),
) as Array<{ file: string; line: number; column: string | null; code: string }>;

function dataRows(folder: string): number {
  let rows = 0;
  for (const name of fs.readdirSync(folder).filter((file) => file.endsWith('.csv'))) {
    const text = fs.readFileSync(path.join(folder, name), 'latin1');
    // Quoted line breaks in notes span lines: count records by re-parsing quotes.
    let inQuotes = false;
    let records = 0;
    for (let index = 0; index < text.length; index++) {
      const char = text[index];
      if (char === '"') inQuotes = !inQuotes;
      else if (char === '\n' && !inQuotes) records += 1;
    }
    if (!text.endsWith('\n')) records += 1;
    rows += records - 1;
  }
  return rows;
}

describe('dovetail import --wait --json', () => {
  it('imports the good example completely and prints the finished job', async () => {
    const env = { DOVETAIL_DATA_DIR: tempDir() };
    const result = await runCli(
      ['import', goodPackage, '--description', 'Northwind Advisors', '--wait', '--json'],
      env,
    );
    expect(result.code, result.stderr).toBe(0);
    const job = JSON.parse(result.stdout);
    const expectedRows = dataRows(path.join(repoRoot, 'examples/northwind-good'));
    expect(job).toMatchObject({
      id: 1,
      description: 'Northwind Advisors',
      status: 'Waiting for User',
      stage: 'Review Staged Data',
      onBehalfOf: 'admin',
      counts: {
        rowsRead: expectedRows,
        rowsStaged: expectedRows,
        rowsRejected: 0,
        contactsStaged: 340,
        errorCount: 0,
      },
    });

    const notes = await runCli(['notifications', '--json'], env);
    expect(JSON.parse(notes.stdout).map((n: { text: string }) => n.text)).toEqual([
      'Import of Package "Northwind Advisors" Completed Successfully',
    ]);
  });

  it('reports every deliberate error of the error example with file, line and column', async () => {
    const env = { DOVETAIL_DATA_DIR: tempDir() };
    const result = await runCli(
      ['import', errorPackage, '--description', 'With errors', '--wait', '--json'],
      env,
    );
    expect(result.code, result.stderr).toBe(0);
    const job = JSON.parse(result.stdout);
    expect(job.status).toBe('Waiting for User');
    expect(job.counts.errorCount).toBe(expectedErrors.length);

    const log = JSON.parse((await runCli(['imports', 'errors', String(job.id), '--json'], env)).stdout);
    const found = log.errors.map(
      (e: { file: string; line: number; column: string | null; code: string }) => ({
        file: e.file,
        line: e.line,
        column: e.column,
        code: e.code,
      }),
    );
    const expected = expectedErrors.map(({ file, line, column, code }) => ({ file, line, column, code }));
    expect(found).toEqual(expect.arrayContaining(expected));
    expect(found).toHaveLength(expected.length);

    const human = await runCli(['imports', 'errors', String(job.id)], env);
    expect(human.stdout).toContain(`Error log of "With errors": ${expectedErrors.length} errors`);
    expect(human.stdout).toMatch(/contacts\.csv, line 10, column "Date of Birth": \[ROW_INVALID_DATE\]/);

    const csv = await runCli(['imports', 'errors', String(job.id), '--csv'], env);
    const lines = csv.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('File,Line,Column,Value,Code,Error,Original Row,Severity');
    expect(lines).toHaveLength(expectedErrors.length + 1);

    const notes = JSON.parse((await runCli(['notifications', '--json'], env)).stdout);
    expect(notes[0].text).toBe('Error during Contact Import of Package "With errors"');
  });

  it('refuses a path-traversal entry with a clear message, fails the job and stages nothing', async () => {
    const env = { DOVETAIL_DATA_DIR: tempDir() };
    const evil = path.join(tempDir(), 'evil.zip');
    fs.writeFileSync(
      evil,
      buildRawZip([
        { name: 'manifest.json', data: Buffer.from('{}') },
        { name: 'folder/../../escape.csv', data: Buffer.from('x') },
      ]),
    );
    const result = await runCli(['import', evil, '--description', 'Evil', '--wait', '--json'], env);
    expect(result.code).toBe(3);
    const job = JSON.parse(result.stdout);
    expect(job.status).toBe('Failed');
    expect(job.failure.code).toBe('PACKAGE_ZIP_SLIP');
    expect(job.failure.message).toContain('escape.csv');
    expect(job.counts.rowsStaged).toBe(0);
  });
});

describe('the Import Processes list', () => {
  it('filters by description, status, stage and start date', async () => {
    const env = { DOVETAIL_DATA_DIR: tempDir() };
    const broken = path.join(tempDir(), 'broken.zip');
    fs.writeFileSync(broken, 'this is not a zip');
    await runCli(['import', goodPackage, '-d', 'Spring leads', '--wait'], env);
    const failed = await runCli(['import', broken, '-d', 'Autumn leads', '--wait'], env);
    expect(failed.code).toBe(3);
    expect(failed.stdout).toContain('is not a ZIP archive');

    const list = async (...filters: string[]) =>
      JSON.parse((await runCli(['imports', 'list', ...filters, '--json'], env)).stdout).map(
        (job: { description: string }) => job.description,
      );
    expect(await list()).toEqual(['Autumn leads', 'Spring leads']);
    expect(await list('--status', 'failed')).toEqual(['Autumn leads']);
    expect(await list('--status', 'Waiting for User')).toEqual(['Spring leads']);
    expect(await list('--description', 'SPRING')).toEqual(['Spring leads']);
    expect(await list('--stage', 'Review Staged Data')).toEqual(['Spring leads']);
    expect(await list('--since', '2999-01-01')).toEqual([]);
    expect(await list('--since', '2000-01-01')).toHaveLength(2);

    const wrong = await runCli(['imports', 'list', '--status', 'Sleeping'], env);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain(
      'Unknown status "Sleeping"; use one of: Running, Waiting for User, Completed, Failed',
    );
  });
});

describe('dovetail import without --wait', () => {
  it('returns at once and finishes the job in the background', async () => {
    const env = { DOVETAIL_DATA_DIR: tempDir() };
    const started = await runCli(['import', goodPackage, '-d', 'Background', '--json'], env);
    expect(started.code, started.stderr).toBe(0);
    const job = JSON.parse(started.stdout);
    expect(job.status).toBe('Running');
    const finished = await waitFor(async () => {
      const shown = JSON.parse((await runCli(['imports', 'show', String(job.id), '--json'], env)).stdout);
      return shown.status === 'Running' ? undefined : shown;
    }, 'the background job to finish');
    expect(finished).toMatchObject({
      status: 'Waiting for User',
      counts: { rowsRejected: 0, contactsStaged: 340 },
    });
  });

  it('names an unknown import process clearly', async () => {
    const result = await runCli(['imports', 'show', '42'], { DOVETAIL_DATA_DIR: tempDir() });
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('Error [IMPORT_NOT_FOUND]: There is no import process with id 42');
  });
});

describe('dovetail imports cancel', () => {
  it('cancels a Running import process, and refuses one that is no longer running with exit code 6', async () => {
    const app = await openTestApp();
    try {
      // Started but not run: it stays Running until cancelled.
      const job = await app.imports.startImport({
        packagePath: goodPackage,
        description: 'Never mind',
        submittedBy: 'admin',
      });
      const env = { DOVETAIL_DATA_DIR: app.dataDir };
      const cancelled = await runCli(['imports', 'cancel', String(job.id), '--json'], env);
      expect(cancelled.code, cancelled.stderr).toBe(0);
      expect(JSON.parse(cancelled.stdout)).toMatchObject({
        id: job.id,
        status: 'Failed',
        failure: { code: 'IMPORT_CANCELLED', message: 'Cancelled by admin' },
      });
      const admin = await app.repositories.users.findByUserName('admin');
      expect(await app.notifications.listFor(admin?.id ?? -1)).toMatchObject([
        { jobId: job.id, kind: 'error' },
      ]);

      const again = await runCli(['imports', 'cancel', String(job.id)], env);
      expect(again.code).toBe(6);
      expect(again.stderr).toContain('Error [IMPORT_NOT_RUNNING]');
    } finally {
      await app.close();
    }
  });
});
