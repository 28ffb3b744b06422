import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeSamplePackage } from '../../src/sample/write-sample-package.js';
import { runCli, startCli, waitFor } from '../support/cli.js';
import {
  createScratchDatabase,
  type DatabaseProbe,
  openDatabaseProbe,
  testDatabases,
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

interface JobState {
  id: number;
  status: string;
  stage: string;
  rows_read: number;
  rows_staged: number;
  lease_owner: string | null;
  attempts: number;
}

async function snapshot(probe: DatabaseProbe) {
  const [job] = await probe.query<JobState>(
    'select id, status, stage, rows_read, rows_staged, lease_owner, attempts from import_jobs',
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

const postgres = testDatabases.find((database) => database.dialect === 'postgres')!;

/** Workers share jobs through PostgreSQL only (SQLite is the embedded, one-machine mode). */
describe.skipIf(postgres.skip)(`dovetail worker on ${postgres.title}`, () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function installation(work: string, name: string) {
    const dataDir = path.join(work, name);
    const scratch = await createScratchDatabase('postgres');
    cleanups.push(() => scratch.drop());
    const probe = openDatabaseProbe('postgres', { dataDir, url: scratch.url });
    cleanups.push(() => probe.close());
    return { env: { DOVETAIL_DATA_DIR: dataDir, ...scratch.env }, probe };
  }

  function startWorker(env: Record<string, string>) {
    const child = startCli(['worker'], env);
    let output = '';
    child.stdout?.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr?.on('data', (chunk) => {
      output += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    cleanups.push(async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    });
    return { child, exited, output: () => output };
  }

  it('two workers load one large import side by side; the runner is killed mid-load and the other finishes it exactly', async () => {
    const work = tempDir();
    const zip = path.join(work, 'large.zip');
    await writeSamplePackage({ contacts: 20_000, out: zip, seed: 11 });
    const env = { DOVETAIL_STAGE_BATCH_ROWS: '250', DOVETAIL_JOB_LEASE_SECONDS: '2' };

    // Reference: the same package loaded without interruption.
    const clean = await installation(work, 'clean');
    const cleanRun = await runCli(['import', zip, '--description', 'Clean', '--wait', '--json'], {
      ...env,
      ...clean.env,
    });
    expect(cleanRun.code, cleanRun.stderr).toBe(0);
    const expected = await snapshot(clean.probe);
    expect(expected.job?.status).toBe('Waiting for User');

    const shared = await installation(work, 'shared');
    const sharedEnv = { ...env, ...shared.env };
    // The first command creates the database; the workers then start on it.
    const queued = await runCli(['import', zip, '--description', 'Shared', '--json'], sharedEnv);
    expect(queued.code, queued.stderr).toBe(0);
    const workers = [startWorker(sharedEnv), startWorker(sharedEnv)];

    // Both workers load the package at once: the job's runner one file, the other worker a child
    // file beside it. Then the runner is killed mid-load.
    const holder = await waitFor(async () => {
      const { job } = await snapshot(shared.probe);
      if (job?.status !== 'Running')
        throw new Error(`the job reached ${job?.status} before both workers loaded it`);
      const leased = await shared.probe.query<{ lease_owner: string }>(
        "select lease_owner from import_job_files where lease_owner is not null and state <> 'done'",
      );
      const runner = workers.find((worker) => job.lease_owner?.includes(`:${worker.child.pid}:`));
      const helping = leased.some((file) => runner && !file.lease_owner.includes(`:${runner.child.pid}:`));
      return runner && helping ? runner : undefined;
    }, 'both workers to be loading the package');
    holder.child.kill('SIGKILL');
    await holder.exited;
    const interrupted = await snapshot(shared.probe);
    expect(interrupted.job?.status).toBe('Running');
    expect(interrupted.job?.rows_staged).toBeLessThan(expected.job!.rows_staged);

    // The other worker takes it over once the dead worker's lease has run out.
    const survivor = workers.find((worker) => worker !== holder)!;
    await waitFor(
      async () => ((await snapshot(shared.probe)).job?.status === 'Waiting for User' ? true : undefined),
      'the surviving worker to finish the job',
    );
    const finished = await snapshot(shared.probe);
    expect(finished.job?.stage).toBe('Review Staged Data');
    expect(finished.job?.attempts).toBeGreaterThanOrEqual(2);
    expect(survivor.output()).toContain(`Import process ${finished.job?.id}: loaded`);
    expect(survivor.output()).toContain(`Import process ${finished.job?.id}: stage-done`);
    expect(finished.job?.rows_read).toBe(expected.job?.rows_read);
    expect(finished.job?.rows_staged).toBe(expected.job?.rows_staged);
    for (const table of stagedTables) {
      expect(finished.tables[table], table).toEqual(expected.tables[table]);
      expect(finished.tables[table]?.distinctSources, `${table} has no duplicate`).toBe(
        finished.tables[table]?.rows,
      );
    }

    // SIGTERM stops an idle worker cleanly.
    survivor.child.kill('SIGTERM');
    expect(await survivor.exited).toBe(0);
  }, 90_000);
});
