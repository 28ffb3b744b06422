import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../support/cli.js';
import { matchExportColumns } from '../support/match-export-columns.js';
import { tempDir } from '../support/package-builder.js';

const goodPackage = path.join(repoRoot, 'examples/northwind-good.zip');

describe('dovetail review export', () => {
  it('writes one row per staged contact, or one per suggestion with --all-suggestions, with the export columns', async () => {
    const dataDir = tempDir();
    const env = { DOVETAIL_DATA_DIR: dataDir, DATABASE_URL: '' };
    expect((await runCli(['import', goodPackage, '--description', 'Northwind', '--wait'], env)).code).toBe(0);
    const matched = await runCli(['review', 'match', '1', '--wait'], env);
    expect(matched.code, matched.stderr).toBe(0);

    const out = path.join(dataDir, 'matches.csv');
    const written = await runCli(['review', 'export', '1', '--out', out], env);
    expect(written.code, written.stderr).toBe(0);
    const best = parse(fs.readFileSync(out, 'utf8')) as string[][];
    expect(best[0]).toEqual(matchExportColumns);
    expect(best).toHaveLength(1 + 340);
    expect(new Set(best.slice(1).map((row) => row[1])).size).toBe(340);

    const all = await runCli(['review', 'export', '1', '--all-suggestions'], env);
    expect(all.code, all.stderr).toBe(0);
    const rows = parse(all.stdout) as string[][];
    const suggested = best.slice(1).filter((row) => row[4] === '1').length;
    expect(rows.length - 1).toBeGreaterThanOrEqual(340);
    expect(rows.slice(1).filter((row) => row[4] === '1')).toHaveLength(suggested);
    for (const row of rows.slice(1).filter((r) => r[4] !== '')) {
      expect(row[12]).toMatch(/^(High|Medium|Low)$/);
      expect(row[13]).not.toBe('');
    }

    const nowhere = path.join(dataDir, 'nothing.csv');
    const unknown = await runCli(['review', 'export', '99', '--out', nowhere], env);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('no import process with id 99');
    // Refused before the first line: no empty file is left behind for an import one may not see.
    expect(fs.existsSync(nowhere)).toBe(false);
  });
});
