/**
 * kill -9 of the process running an import's Match, Process or Complete stage, on both databases:
 * with one worker (the CLI running the stage; `dovetail jobs resume` reruns it) and with two
 * (`dovetail worker` × 2; the other takes the job over when the lease runs out). Afterwards
 * nothing is lost or doubled: the same matches per staged contact, contacts created once, audit
 * rows once, list members once, as in a run nobody killed. (Load: test/jobs/crash-resume.test.ts
 * and test/workers/two-workers.test.ts.)
 *
 * To land the kill inside a stage, the test holds the database still first (SQLite: the write
 * lock; PostgreSQL: a table lock the stage's next write needs), checks the stage is under way and
 * unfinished, kills the process holding the job, and lets go. Complete Import is one short
 * transaction: on PostgreSQL the lock is taken before it starts and it waits on it; on SQLite,
 * where a lock would only make it wait before it begins, a trigger slows the transaction down
 * for the killed run alone.
 */
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { writeSamplePackage } from '../../src/sample/write-sample-package.js';
import { type CliResult, runCli, startCli, waitFor } from '../support/cli.js';
import {
  createScratchDatabase,
  type DatabaseProbe,
  describeEachDatabase,
  openDatabaseProbe,
  type TestDatabase,
} from '../support/databases.js';
import { tempDir } from '../support/package-builder.js';

type Stage = 'Match' | 'Process' | 'Completed';

interface JobRow {
  id: number;
  status: string;
  stage: string;
  stage_cursor: number;
  lease_owner: string | null;
}

// Small batches: a stage commits many times, so the test sees it under way with batches committed
// and left (with 20 a batch, Match and Process of 800 contacts ended before the kill on a fast machine).
const batches = {
  DOVETAIL_MATCH_BATCH_ROWS: '5',
  DOVETAIL_PROCESS_BATCH_ROWS: '5',
  DOVETAIL_JOB_LEASE_SECONDS: '2',
};

let zip: string;
beforeAll(async () => {
  // A later export of the same people: a few contacts are in it twice, so Match finds package mates.
  zip = path.join(tempDir(), 'revision.zip');
  await writeSamplePackage({ contacts: 800, out: zip, seed: 3, revision: 1 });
});

const job = async (probe: DatabaseProbe) =>
  (
    await probe.query<JobRow>(
      'select id, status, stage, cast(stage_cursor as integer) as stage_cursor, lease_owner from import_jobs',
    )
  )[0];

/** What must come out the same as in a run nobody killed; ids differ, so rows go by source line. */
async function results(probe: DatabaseProbe) {
  const perStaged = await probe.query<{
    file: string;
    line: number;
    matches: number;
    band: string | null;
    created: number;
  }>(
    `select sc.source_file as "file", sc.source_line as "line", count(sm.id) as "matches", sc.match_band as "band",
            case when sc.result_contact_id is null then 0 else 1 end as "created"
       from staged_contacts sc left join staged_matches sm on sm.staged_contact_id = sc.id
      group by sc.id, sc.source_file, sc.source_line, sc.match_band, sc.result_contact_id
      order by sc.source_file, sc.source_line`,
  );
  const [totals] = await probe.query<Record<string, number>>(
    `select (select count(*) from staged_matches) as "matches",
            (select count(distinct staged_contact_id || ':' || coalesce(contact_id, 0) || ':' || coalesce(other_staged_contact_id, 0)) from staged_matches) as "distinctMatches",
            (select count(*) from contacts) as "contacts",
            (select count(distinct result_contact_id) from staged_contacts) as "distinctResults",
            (select count(*) from contact_legacy_keys) as "legacyKeys",
            (select count(distinct source || ':' || legacy_key) from contact_legacy_keys) as "distinctLegacyKeys",
            (select count(*) from contact_audit) as "auditRows",
            (select count(*) from contact_lists) as "lists",
            (select count(*) from contact_list_members) as "listMembers",
            (select count(distinct list_id || ':' || contact_id) from contact_list_members) as "distinctListMembers"`,
  );
  const numbers = Object.fromEntries(Object.entries(totals!).map(([key, value]) => [key, Number(value)]));
  return {
    perStaged: perStaged.map((row) => ({
      ...row,
      line: Number(row.line),
      matches: Number(row.matches),
      created: Number(row.created),
    })),
    totals: numbers,
  };
}

/** Holds every write of the stage back, so the process is killed with its stage unfinished. */
interface Freeze {
  release(): Promise<void>;
}

async function freeze(
  database: TestDatabase,
  location: { dataDir: string; url?: string | undefined },
  table: string,
): Promise<Freeze> {
  if (database.dialect === 'sqlite') {
    // Asked for every millisecond, not through SQLite's busy wait: that sleeps up to 100 ms between
    // tries, and a stage that begins its next transaction as soon as it commits one took the lock
    // back every time, to its end.
    const db = new SqliteDatabase(path.join(location.dataDir, 'dovetail.sqlite'), { timeout: 0 });
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        db.exec('begin immediate');
        break;
      } catch (error) {
        if ((error as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    }
    return {
      release: async () => {
        db.exec('rollback');
        db.close();
      },
    };
  }
  const client = new pg.Client({ connectionString: location.url });
  await client.connect();
  await client.query('begin');
  // EXCLUSIVE lets readers through and stops every writer of the table.
  await client.query(`lock table ${table} in exclusive mode`);
  return {
    release: async () => {
      await client.query('rollback');
      await client.end();
    },
  };
}

/**
 * SQLite only: makes each list member's insert cost a few milliseconds of CPU, so that Complete
 * Import's transaction lasts long enough to be killed inside. Removed before the rerun.
 */
function slowDownCompletion(dataDir: string): { remove(): void } {
  const file = path.join(dataDir, 'dovetail.sqlite');
  const run = (sql: string) => {
    const db = new SqliteDatabase(file, { timeout: 30_000 });
    try {
      db.exec(sql);
    } finally {
      db.close();
    }
  };
  run(
    'create trigger test_slow_list_member after insert on contact_list_members begin select length(hex(randomblob(1000000))); end',
  );
  return { remove: () => run('drop trigger test_slow_list_member') };
}

describeEachDatabase((database) => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function installation(name: string, extra: Record<string, string> = {}) {
    const dataDir = path.join(tempDir(), name);
    const scratch = await createScratchDatabase(database.dialect);
    cleanups.push(() => scratch.drop());
    const probe = openDatabaseProbe(database.dialect, { dataDir, url: scratch.url });
    cleanups.push(() => probe.close());
    const location = { dataDir, url: scratch.url };
    return { env: { DOVETAIL_DATA_DIR: dataDir, ...scratch.env, ...batches, ...extra }, probe, location };
  }

  const ok = (result: CliResult) => {
    expect(result.code, result.stderr).toBe(0);
    return result;
  };

  /** The reference: the same package through the same stages, nobody killed. */
  let clean: {
    matched: Awaited<ReturnType<typeof results>>;
    processed: Awaited<ReturnType<typeof results>>;
    completed: Awaited<ReturnType<typeof results>>;
  };
  beforeAll(async () => {
    const { env, probe } = await installation('clean');
    const imported = JSON.parse(
      ok(await runCli(['import', zip, '-d', 'Clean', '--wait', '--json'], env)).stdout,
    );
    const id = String(imported.id);
    ok(await runCli(['review', 'match', id, '--wait'], env));
    const matched = await results(probe);
    ok(await runCli(['review', 'bulk', id, '--action', 'create'], env));
    ok(await runCli(['review', 'process', id, '--wait'], env));
    const processed = await results(probe);
    ok(await runCli(['review', 'complete', id, '--yes', '--wait'], env));
    clean = { matched, processed, completed: await results(probe) };
    expect(matched.totals.matches).toBeGreaterThan(0);
    expect(processed.totals.contacts).toBe(matched.perStaged.length);
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  }, 90_000);

  /**
   * Starts the stage, waits until it is under way, freezes the database, kills the process that
   * holds the job (kill -9), and lets go. `runners` lists the processes that may hold it: the CLI,
   * or the workers.
   */
  async function killMidStage(
    setup: Awaited<ReturnType<typeof installation>>,
    stage: Stage,
    start: () => void,
    runners: () => Array<{ pid: number | undefined; kill: () => Promise<void> }>,
  ) {
    const { probe, location } = setup;
    // Complete Import is one transaction: on PostgreSQL the lock is taken first and the stage waits on it.
    const early = stage === 'Completed' && database.dialect === 'postgres';
    const slowed =
      stage === 'Completed' && database.dialect === 'sqlite'
        ? slowDownCompletion(location.dataDir)
        : undefined;
    let held: Freeze | undefined = early ? await freeze(database, location, 'contact_lists') : undefined;
    const underWay = (current: JobRow | undefined) =>
      current?.stage === stage &&
      current.status === 'Running' &&
      !!current.lease_owner &&
      (stage === 'Completed' || current.stage_cursor > 0);
    start();
    if (early || slowed) {
      // Complete Import on SQLite is slowed, not frozen: a lock would wait for its transaction to end.
      await waitFor(async () => {
        if (!underWay(await job(probe).catch(() => undefined))) return undefined;
        if (slowed) return true;
        const waiting = await probe.query(
          "select pid from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'",
        );
        return waiting.length > 0 ? true : undefined;
      }, `${stage} to be under way`);
    } else {
      // Looked at while the stage cannot write, so a stage seen under way cannot end before the
      // kill (seen under way first and frozen after, a small Process sometimes ended in between).
      held = await waitFor(async () => {
        const frozen = await freeze(database, location, 'import_jobs');
        if (underWay(await job(probe).catch(() => undefined))) return frozen;
        await frozen.release();
        return undefined;
      }, `${stage} to be under way`);
    }
    try {
      const current = (await job(probe))!;
      expect(current.status, `${stage} was still running when the process was killed`).toBe('Running');
      expect(current.stage).toBe(stage);
      const runner = runners().find((candidate) => current.lease_owner?.includes(`:${candidate.pid}:`));
      expect(runner, `the process holding the job (${current.lease_owner})`).toBeDefined();
      await runner!.kill();
    } finally {
      await held?.release();
    }
    const after = (await job(probe))!;
    expect(after.status).toBe('Running');
    expect(after.stage).toBe(stage);
    slowed?.remove();
  }

  const untilEnd = (stage: Stage) => (current: JobRow | undefined) =>
    stage === 'Completed' ? current?.status === 'Completed' : current?.status === 'Waiting for User';

  it('one worker: a process killed with -9 in Match, Process and Complete is rerun to the same result', async () => {
    const setup = await installation('one');
    const { env, probe } = setup;
    const imported = JSON.parse(
      ok(await runCli(['import', zip, '-d', 'Killed', '--wait', '--json'], env)).stdout,
    );
    const id = String(imported.id);

    const killAndResume = async (stage: Stage, args: string[]) => {
      let child: ReturnType<typeof startCli> | undefined;
      let exited: Promise<unknown> | undefined;
      await killMidStage(
        setup,
        stage,
        () => {
          child = startCli([...args, '--wait'], env);
          exited = new Promise((resolve) => child!.on('exit', resolve));
        },
        () => [
          {
            pid: child?.pid,
            kill: async () => {
              child!.kill('SIGKILL');
              await exited;
            },
          },
        ],
      );
      // A rerun takes the job once the dead process's lease has run out.
      await waitFor(async () => {
        const result = ok(await runCli(['jobs', 'resume'], env));
        return result.stdout.startsWith('Resumed') ? true : undefined;
      }, `${stage} to be resumed`);
      expect(untilEnd(stage)(await job(probe))).toBe(true);
    };

    await killAndResume('Match', ['review', 'match', id]);
    expect(await results(probe)).toEqual(clean.matched);
    ok(await runCli(['review', 'bulk', id, '--action', 'create'], env));
    await killAndResume('Process', ['review', 'process', id]);
    expect(await results(probe)).toEqual(clean.processed);
    await killAndResume('Completed', ['review', 'complete', id, '--yes']);
    expect(await results(probe)).toEqual(clean.completed);
  }, 90_000);

  it('two workers: the worker killed with -9 in Match, Process and Complete leaves the job to the other, with the same result', async () => {
    // On SQLite too the CLI only queues, and `dovetail worker`s share the job queue.
    const setup = await installation('two', { DOVETAIL_JOB_RUNNER: 'workers' });
    const { env, probe } = setup;
    // The first command creates the database; the workers start on it.
    const queued = JSON.parse(ok(await runCli(['import', zip, '-d', 'Killed', '--json'], env)).stdout);
    const id = String(queued.id);

    const workers: Array<{ child: ReturnType<typeof startCli>; exited: Promise<unknown> }> = [];
    const startWorker = () => {
      const child = startCli(['worker'], env);
      const exited = new Promise((resolve) => child.on('exit', resolve));
      workers.push({ child, exited });
      cleanups.push(async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        await exited;
      });
    };
    startWorker();
    startWorker();
    await waitFor(async () => {
      const current = await job(probe).catch(() => undefined);
      return current?.stage === 'Review Staged Data' && current.status === 'Waiting for User'
        ? true
        : undefined;
    }, 'the workers to load the package');

    const killAndTakeOver = async (stage: Stage, args: string[]) => {
      let queued: Promise<CliResult> | undefined;
      await killMidStage(
        setup,
        stage,
        () => {
          queued = runCli(args, env);
        },
        () =>
          workers
            .filter(({ child }) => child.exitCode === null && child.signalCode === null)
            .map(({ child, exited }) => ({
              pid: child.pid,
              kill: async () => {
                child.kill('SIGKILL');
                await exited;
              },
            })),
      );
      ok(await queued!);
      await waitFor(
        async () => untilEnd(stage)(await job(probe)) || undefined,
        `the other worker to finish ${stage}`,
      );
      // Two workers again for the next stage.
      startWorker();
    };

    await killAndTakeOver('Match', ['review', 'match', id]);
    expect(await results(probe)).toEqual(clean.matched);
    ok(await runCli(['review', 'bulk', id, '--action', 'create'], env));
    await killAndTakeOver('Process', ['review', 'process', id]);
    expect(await results(probe)).toEqual(clean.processed);
    await killAndTakeOver('Completed', ['review', 'complete', id, '--yes']);
    expect(await results(probe)).toEqual(clean.completed);
  }, 90_000);
});
