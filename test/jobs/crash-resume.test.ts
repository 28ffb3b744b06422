import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { writeSamplePackage } from '../../src/sample/write-sample-package.js';
import { runCli, startCli, waitFor } from '../support/cli.js';
import { tempDir } from '../support/package-builder.js';

const stagedTables = [
  'staged_contacts',
  'staged_addresses',
  'staged_communications',
  'staged_notes',
  'staged_categories',
  'staged_field_values',
];

function snapshot(dataDir: string) {
  const db = new Database(path.join(dataDir, 'dovetail.sqlite'), { readonly: true });
  try {
    const job = db.prepare('select id, status, rows_staged, rows_read from import_jobs').get() as
      | { id: string; status: string; rows_staged: number; rows_read: number }
      | undefined;
    const tables: Record<string, { rows: number; distinctSources: number }> = {};
    for (const table of stagedTables) {
      tables[table] = db
        .prepare(
          `select count(*) as rows, count(distinct source_file || ':' || source_line || ':' || ${table === 'staged_field_values' ? 'field' : "''"}) as distinctSources from ${table}`,
        )
        .get() as { rows: number; distinctSources: number };
    }
    return { job, tables };
  } finally {
    db.close();
  }
}

describe('an import interrupted by a crash', () => {
  it('resumes after a kill -9 without losing or duplicating a staged row', async () => {
    const work = tempDir();
    const zip = path.join(work, 'sample.zip');
    await writeSamplePackage({ contacts: 12_000, out: zip, seed: 7 });
    const env = { DOVETAIL_STAGE_BATCH_ROWS: '250', DOVETAIL_JOB_LEASE_SECONDS: '1' };

    // Reference: the same package loaded without interruption.
    const cleanDir = path.join(work, 'clean');
    const clean = await runCli(['import', zip, '--description', 'Clean', '--wait', '--json'], {
      ...env,
      DOVETAIL_DATA_DIR: cleanDir,
    });
    expect(clean.code, clean.stderr).toBe(0);
    const expected = snapshot(cleanDir);
    expect(expected.job?.status).toBe('Completed');

    const crashDir = path.join(work, 'crash');
    const child = startCli(['import', zip, '--description', 'Crash', '--wait', '--json'], {
      ...env,
      DOVETAIL_DATA_DIR: crashDir,
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    // Kill it once a good part, but not all, of the package is staged.
    await waitFor(() => {
      try {
        const staged = snapshot(crashDir).job?.rows_staged ?? 0;
        return staged > 5_000 ? true : undefined;
      } catch {
        return undefined; // the database is not created yet
      }
    }, 'the load to be under way');
    child.kill('SIGKILL');
    await exited;

    const interrupted = snapshot(crashDir);
    expect(interrupted.job?.status).toBe('Running');
    expect(interrupted.job?.rows_staged).toBeLessThan(expected.job!.rows_staged);

    // A restart picks the job up once the dead process's lease has run out.
    await waitFor(async () => {
      const result = await runCli(['jobs', 'resume'], { ...env, DOVETAIL_DATA_DIR: crashDir });
      return result.stdout.startsWith('Resumed') ? true : undefined;
    }, 'the job to be resumed');

    const resumed = snapshot(crashDir);
    expect(resumed.job?.status).toBe('Completed');
    expect(resumed.job?.rows_read).toBe(expected.job?.rows_read);
    expect(resumed.job?.rows_staged).toBe(expected.job?.rows_staged);
    for (const table of stagedTables) {
      expect(resumed.tables[table], table).toEqual(expected.tables[table]);
      expect(resumed.tables[table]?.distinctSources, `${table} has no duplicate`).toBe(
        resumed.tables[table]?.rows,
      );
    }
  });
});
