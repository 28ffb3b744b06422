import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot, runCli, waitFor } from '../support/cli.js';
import { createScratchDatabase, testDatabases } from '../support/databases.js';
import { tempDir } from '../support/package-builder.js';

const goodPackage = path.join(repoRoot, 'examples/northwind-good.zip');
const postgres = testDatabases.find((database) => database.dialect === 'postgres')!;

describe.skipIf(postgres.skip)(
  `dovetail review with DOVETAIL_JOB_RUNNER=workers on ${postgres.title}`,
  () => {
    const cleanups: Array<() => Promise<void>> = [];
    afterEach(async () => {
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    });

    it('queues Match, Process and Complete for the workers (announced on dovetail_jobs) instead of running them on this machine', async () => {
      const database = await createScratchDatabase('postgres');
      cleanups.push(() => database.drop());
      const env = { DOVETAIL_DATA_DIR: tempDir(), ...database.env };
      const inProcess = { ...env, DOVETAIL_JOB_RUNNER: 'in-process' };
      const imported = await runCli(
        ['import', goodPackage, '--description', 'Northwind', '--wait', '--json'],
        inProcess,
      );
      expect(imported.code, imported.stderr).toBe(0);
      const jobId = JSON.parse(imported.stdout).id as number;

      const listener = new pg.Client({ connectionString: database.url });
      await listener.connect();
      cleanups.push(() => listener.end());
      const heard: string[] = [];
      listener.on('notification', (message) => heard.push(message.payload ?? ''));
      await listener.query('listen dovetail_jobs');
      const probe = new pg.Client({ connectionString: database.url });
      await probe.connect();
      cleanups.push(() => probe.end());

      for (const [command, stage] of [
        ['match', 'Match'],
        ['process', 'Process'],
        ['complete', 'Completed'],
      ] as const) {
        heard.length = 0;
        const queued = await runCli(['review', command, String(jobId), '--yes', '--json'], {
          ...env,
          DOVETAIL_JOB_RUNNER: 'workers',
        });
        expect(queued.code, queued.stderr).toBe(0);
        expect(JSON.parse(queued.stdout)).toMatchObject({ stage, status: 'Running' });
        await waitFor(() => heard.includes(String(jobId)), `${command} announced to the workers`, 10_000);
        // Queued, not run here: no process holds the job's lease, so a worker can claim it.
        const { rows } = await probe.query(
          'select stage, status, lease_owner from import_jobs where id = $1',
          [jobId],
        );
        expect(rows[0], command).toMatchObject({ stage, status: 'Running', lease_owner: null });
        // Play the worker: run the stage to its end, for the next command.
        const ran = await runCli(['jobs', 'run', String(jobId)], inProcess);
        expect(ran.code, ran.stderr).toBe(0);
      }
    });
  },
);
