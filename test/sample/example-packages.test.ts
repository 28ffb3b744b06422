import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app/open-app.js';
import { rowErrorCodes } from '../../src/errors/dovetail-error.js';
import {
  buildErrorExample,
  buildGoodExample,
  writeErrorExamplePackage,
  writeGoodExamplePackage,
} from '../../src/sample/example-packages.js';
import { describeEachDatabase } from '../support/databases.js';
import { importAndWait, openTestApp } from '../support/test-app.js';
import { packageProblems } from './package-checks.js';
import { parsePackage, readZipEntries } from './read-package.js';

const dir = mkdtempSync(join(tmpdir(), 'dovetail-examples-'));
const examples = join(import.meta.dirname, '..', '..', 'examples');
const entriesOf = (files: { name: string; data?: Buffer }[]) =>
  new Map(files.map((file) => [file.name, file.data ?? Buffer.alloc(0)]));

// Built once: each build draws a few thousand fake values.
const good = buildGoodExample();
const errors = buildErrorExample();

describe('the good example package', () => {
  const example = good;
  const entries = entriesOf(example.files);

  it('is valid by the format rules, with 300 people and 40 companies', () => {
    const parsed = parsePackage(entries, { 'addresses.csv': ';' });
    expect(packageProblems(parsed)).toEqual([]);
    expect(parsed.manifest.name).toBe('Northwind Advisors export');
    expect(example.rows['contacts.csv']).toBe(300);
    expect(example.rows['companies.csv']).toBe(40);
  });

  it('is as messy as a real export: BOM, Windows-1252, semicolons, day-first dates, quoted line breaks', () => {
    const text = (name: string) => entries.get(name)!;
    expect([...text('contacts.csv').subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const companies = text('companies.csv');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(companies)).toThrow();
    expect(companies.includes(Buffer.from('Soci\xe9t\xe9 G\xe9n\xe9rale Conseil', 'latin1'))).toBe(true);
    expect(companies.includes(Buffer.from('M\xfcller & S\xf6hne', 'latin1'))).toBe(true);
    expect(text('addresses.csv').toString().split('\n')[0]).toContain('Contact ID;Address Type;');
    expect(text('contacts.csv').toString()).toMatch(/,\d\d\/\d\d\/\d{4},/);
    expect(text('notes.csv').toString()).toMatch(/"[^"]*\n[^"]*",\d{4}-/);
    const mapping = (name: string) => JSON.parse(text(name).toString());
    expect(mapping('companies.mapping.json').encoding).toBe('auto');
    expect(mapping('contacts.mapping.json').lookups.status).toEqual({
      A: 'active',
      I: 'inactive',
      P: 'prospect',
      F: 'former',
    });
  });
});

describe('the error example package', () => {
  const example = errors;

  it('lists one or more deliberate errors of each kind', () => {
    const codes = new Set(example.expectedErrors.map((error) => error.code));
    for (const code of [
      'ROW_REQUIRED_MISSING',
      'ROW_INVALID_DATE',
      'ROW_INVALID_EMAIL',
      'ROW_INVALID_PHONE',
      'ROW_UNKNOWN_CODE',
      'ROW_DUPLICATE_KEY',
      'ROW_ORPHAN',
      'ROW_UNKNOWN_CATEGORY',
      'ROW_TOO_MANY_VALUES',
      'ROW_MALFORMED_CSV',
    ] as const) {
      expect(codes, code).toContain(code);
    }
    for (const error of example.expectedErrors) expect(rowErrorCodes).toContain(error.code);
  });

  it('has the expected values on the expected lines', () => {
    const entries = entriesOf(example.files);
    for (const error of example.expectedErrors) {
      const line = entries.get(error.file)!.toString().split('\n')[error.line - 1];
      expect(line, `${error.file}:${error.line}`).toContain(error.value ?? '');
    }
  });
});

describeEachDatabase((database) => {
  let app: App;
  beforeAll(async () => {
    app = await openTestApp({}, database.dialect);
  });
  afterAll(async () => {
    await app?.close();
  });

  describe('importing the good example package', () => {
    it('imports with zero errors', async () => {
      const summary = await writeGoodExamplePackage(join(dir, `good-${database.dialect}.zip`));
      const job = await importAndWait(app, summary.out);
      expect(job.status).toBe('Waiting for User');
      expect(job.counts.errorCount).toBe(0);
      expect(job.files.map((file) => [file.fileName, file.rowsRead])).toEqual(Object.entries(good.rows));
    });
  });

  describe('importing the error example package', () => {
    it('imports with exactly the expected errors', async () => {
      const summary = await writeErrorExamplePackage(join(dir, `errors-${database.dialect}.zip`));
      const job = await importAndWait(app, summary.out);
      const log = await app.imports.errorLog(job.id, { all: true });
      const found = log.errors.map(({ file, line, column, code }) => ({ file, line, column, code }));
      const expected = summary.expectedErrors.map(({ file, line, column, code }) => ({
        file,
        line,
        column,
        code,
      }));
      expect(found).toEqual(expect.arrayContaining(expected));
      expect(found).toHaveLength(expected.length);
    });
  });
});

describe('the committed examples', () => {
  it('are up to date with the generator (run `npm run examples` after changing it)', async () => {
    for (const [zip, example] of [
      ['northwind-good.zip', good],
      ['northwind-errors.zip', errors],
    ] as const) {
      const committed = await readZipEntries(join(examples, zip));
      const built = entriesOf(example.files);
      expect([...committed.keys()].sort()).toEqual([...built.keys()].sort());
      for (const [name, data] of built) {
        const folderCopy = readFileSync(join(examples, zip.replace('.zip', ''), name));
        expect(committed.get(name)?.equals(data), `${zip}: ${name}`).toBe(true);
        expect(folderCopy.equals(data), `${zip.replace('.zip', '')}/${name}`).toBe(true);
      }
    }
    const expectedJson = JSON.parse(readFileSync(join(examples, 'northwind-errors.expected.json'), 'utf8'));
    expect(expectedJson).toEqual(errors.expectedErrors);
  });
});
