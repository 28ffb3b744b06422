import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { writeSamplePackage } from '../../src/sample/write-sample-package.js';
import { runCli, startCli, waitFor } from '../support/cli.js';
import {
  createScratchDatabase,
  type DatabaseProbe,
  describeEachDatabase,
  openDatabaseProbe,
  type ScratchDatabase,
} from '../support/databases.js';
import { tempDir } from '../support/package-builder.js';

const stagedTables = [
  'staged_contacts',
  'staged_addresses',
  'staged_communications',
  'staged_notes',
  'staged_categories',
  'staged_field_values',
];

async function snapshot(probe: DatabaseProbe) {
  const [job] = await probe.query<{ id: number; status: string; rows_staged: number; rows_read: number }>(
    'select id, status, rows_staged, rows_read from import_jobs',
  );
  const tables: Record<string, { rows: number; distinctSources: number }> = {};
  for (const table of stagedTables) {
    const [counts] = await probe.query<{ rows: number; distinctSources: number }>(
      `select count(*) as "rows", count(distinct source_file || ':' || source_line || ':' || ${table === 'staged_field_values' ? 'field' : "''"}) as "distinctSources" from ${table}`,
    );
    tables[table] = counts!;
  }
  return { job, tables };
}

describeEachDatabase((database) => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** A data folder and database of its own, the environment the CLI needs for it, and a probe. */
  async function installation(work: string, name: string) {
    const dataDir = path.join(work, name);
    const scratch: ScratchDatabase = await createScratchDatabase(database.dialect);
    cleanups.push(() => scratch.drop());
    const probe = openDatabaseProbe(database.dialect, { dataDir, url: scratch.url });
    cleanups.push(() => probe.close());
    return { env: { DOVETAIL_DATA_DIR: dataDir, ...scratch.env }, probe };
  }

  it('resumes after a kill -9 without losing or duplicating a staged row', async () => {
    const work = tempDir();
    const zip = path.join(work, 'sample.zip');
    await writeSamplePackage({ contacts: 12_000, out: zip, seed: 7 });
    const env = { DOVETAIL_STAGE_BATCH_ROWS: '250', DOVETAIL_JOB_LEASE_SECONDS: '1' };

    // Reference: the same package loaded without interruption.
    const clean = await installation(work, 'clean');
    const cleanRun = await runCli(['import', zip, '--description', 'Clean', '--wait', '--json'], {
      ...env,
      ...clean.env,
    });
    expect(cleanRun.code, cleanRun.stderr).toBe(0);
    const expected = await snapshot(clean.probe);
    expect(expected.job?.status).toBe('Waiting for User');

    const crash = await installation(work, 'crash');
    const child = startCli(['import', zip, '--description', 'Crash', '--wait', '--json'], {
      ...env,
      ...crash.env,
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    // Kill it once a good part, but not all, of the package is staged.
    await waitFor(async () => {
      try {
        const staged = (await snapshot(crash.probe)).job?.rows_staged ?? 0;
        return staged > 5_000 ? true : undefined;
      } catch {
        return undefined; // the database or its tables are not created yet
      }
    }, 'the load to be under way');
    child.kill('SIGKILL');
    await exited;

    const interrupted = await snapshot(crash.probe);
    expect(interrupted.job?.status).toBe('Running');
    expect(interrupted.job?.rows_staged).toBeLessThan(expected.job!.rows_staged);

    // A restart picks the job up once the dead process's lease has run out.
    await waitFor(async () => {
      const result = await runCli(['jobs', 'resume'], { ...env, ...crash.env });
      return result.stdout.startsWith('Resumed') ? true : undefined;
    }, 'the job to be resumed');

    const resumed = await snapshot(crash.probe);
    expect(resumed.job?.status).toBe('Waiting for User');
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
