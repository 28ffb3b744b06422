import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { checkPackage } from '../../src/mapping-tool/check-package.js';
import { repoRoot } from '../support/cli.js';
import { buildPackage, peopleMapping, phonesMapping } from '../support/package-builder.js';

const limits = loadConfig({}).archive;

describe('package check', () => {
  it('finds every row error the import of the error example records, at once', async () => {
    const report = await checkPackage(path.join(repoRoot, 'examples/northwind-errors.zip'), { limits });
    const expected = JSON.parse(
      fs.readFileSync(path.join(repoRoot, 'examples/northwind-errors.expected.json'), 'utf8'),
    ) as Array<{ file: string; line: number; column: string | null; code: string }>;
    const found = report.problems.map((problem) => ({
      file: problem.file,
      line: problem.line,
      column: problem.column ?? null,
      code: problem.code,
    }));
    expect(report.ok).toBe(false);
    expect(found).toEqual(
      expect.arrayContaining(expected.map(({ file, line, column, code }) => ({ file, line, column, code }))),
    );
    expect(found).toHaveLength(expected.length);
    expect(report.orphansChecked).toBe(true);
  });

  it('lists package-level problems and the row problems of the other files together', async () => {
    const zip = await buildPackage({
      files: [
        {
          csv: 'people.csv',
          content: 'ID,First,Last,Born\nP1,Ann,Lee,1980-02-30\nP2,Bo,Chan,\nP2,Cy,Diaz,\n',
          mapping: { ...peopleMapping, onInvalid: 'refuseRow' },
        },
        {
          csv: 'phones.csv',
          content: 'Contact,Type,Number\nP1,H,+1 212 555 0100\n',
          mapping: {
            ...phonesMapping,
            columns: [...phonesMapping.columns, { column: 'Mobile', attribute: 'value' }],
          },
        },
        {
          csv: 'notes.csv',
          content: 'Contact,Text\nP1,Hello\n',
          mapping: {
            dataType: 'note',
            parentKeyColumn: 'Contact',
            columns: [{ column: 'Text', attribute: 'txt' }],
          },
        },
      ],
    });
    const report = await checkPackage(zip, { limits });
    expect(report.problems.map(({ level, code, file, line }) => ({ level, code, file, line }))).toEqual([
      { level: 'package', code: 'MAPPING_COLUMN_MISSING', file: 'phones.mapping.json', line: undefined },
      { level: 'package', code: 'MAPPING_UNKNOWN_ATTRIBUTE', file: 'notes.mapping.json', line: undefined },
      { level: 'row', code: 'ROW_INVALID_DATE', file: 'people.csv', line: 2 },
      { level: 'row', code: 'ROW_DUPLICATE_KEY', file: 'people.csv', line: 4 },
    ]);
    expect(report.problems[3]).toMatchObject({
      column: 'ID',
      value: 'P2',
      message: 'the legacy key "P2" is already used by the contact on line 3 of this file',
    });
  });

  it('checks only the first rows when asked, and then does not look for orphans', async () => {
    const zip = await buildPackage({
      files: [
        { csv: 'people.csv', content: 'ID,First,Last,Born\nP1,Ann,Lee,\nP2,,,\n', mapping: peopleMapping },
        { csv: 'phones.csv', content: 'Contact,Type,Number\nP2,H,+1 212 555 0100\n', mapping: phonesMapping },
      ],
    });
    const sampled = await checkPackage(zip, { limits, maxRows: 1 });
    expect(sampled).toMatchObject({ ok: true, orphansChecked: false, rowsChecked: 2 });
    const full = await checkPackage(zip, { limits });
    expect(full.problems.map((problem) => problem.code)).toEqual(['ROW_REQUIRED_MISSING', 'ROW_ORPHAN']);
  });

  it('reports a file that is not a package as a package problem', async () => {
    const report = await checkPackage(path.join(repoRoot, 'README.md'), { limits });
    expect(report.problems).toEqual([
      expect.objectContaining({ level: 'package', code: 'PACKAGE_NOT_A_ZIP' }),
    ]);
  });
});
