/**
 * SQLite has one write lock. A stage writing transaction after transaction (Process's batches,
 * Load's) must not keep it from a user's write in another process for the whole stage: SQLite's
 * own wait for the lock sleeps up to 100 ms between tries, missed every gap between the stage's
 * transactions, and a Cancel or an edit waited seconds or failed after busy_timeout. The runner
 * here is another process on the built code (dist/, as the CLI and workers run), writing
 * back-to-back transactions; this process's writes must get in while it still runs.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, expect, it } from 'vitest';
import type { DatabaseConnection } from '../../src/db/database.js';
import { createSqliteConnection } from '../../src/db/dialects/sqlite.js';

const repoRoot = path.resolve(import.meta.dirname, '../..');

/** Back-to-back transactions of about 20 ms each for `seconds`, each inserting a 'runner' row. */
const runnerScript = `
import { sql } from 'kysely';
import { createSqliteConnection } from ${JSON.stringify(path.join(repoRoot, 'dist/db/dialects/sqlite.js'))};
const connection = createSqliteConnection(process.argv[1]);
const until = Date.now() + Number(process.argv[2]) * 1000;
let announced = false;
while (Date.now() < until) {
  await connection.db.transaction().execute(async (trx) => {
    await sql\`insert into turns (who) values ('runner')\`.execute(trx);
    const busyUntil = Date.now() + 20;
    while (Date.now() < busyUntil) {}
  });
  if (!announced) process.stdout.write('running\\n');
  announced = true;
}
await connection.close();
`;

let folder: string | undefined;
let runner: ChildProcess | undefined;
let connection: DatabaseConnection | undefined;
afterEach(async () => {
  runner?.kill('SIGKILL');
  await connection?.close();
  if (folder) fs.rmSync(folder, { recursive: true, force: true });
});

it('lets another process write between the transactions of a long run, without waiting for its end', async () => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'dovetail-turns-'));
  const file = path.join(folder, 'dovetail.sqlite');
  connection = createSqliteConnection(file);
  const { db } = connection;
  await sql`create table turns (id integer primary key, who text not null)`.execute(db);

  const child = spawn(process.execPath, ['--input-type=module', '-e', runnerScript, file, '6'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  runner = child;
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`the runner stopped first (exit code ${code})`)));
  });

  // A write alone (a status change), then a transaction (an edit), four times over, each a
  // moment after the last so that the runner is back to its back-to-back transactions.
  for (let round = 0; round < 4; round++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    await sql`insert into turns (who) values ('alone')`.execute(db);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await db.transaction().execute(async (trx) => {
      await sql`insert into turns (who) values ('transaction')`.execute(trx);
    });
  }
  expect(await exited).toBe(0);

  const rows = (await sql<{ id: number; who: string }>`select id, who from turns order by id`.execute(db))
    .rows;
  expect(rows.filter((row) => row.who !== 'runner')).toHaveLength(8);
  // The runner's transactions committed before each of this process's writes, since the last:
  // it lets others in about every 250 ms (a dozen of its transactions); with SQLite's own wait
  // the first write waited for the whole run (300 transactions).
  const waitedFor: number[] = [];
  let runnersBefore = 0;
  for (const row of rows) {
    if (row.who === 'runner') {
      runnersBefore++;
    } else {
      waitedFor.push(runnersBefore);
      runnersBefore = 0;
    }
  }
  expect(Math.max(...waitedFor), `runner transactions before each write: ${waitedFor}`).toBeLessThanOrEqual(
    50,
  );
  // And the runner was still at work after the last of them.
  expect(rows.at(-1)!.who).toBe('runner');
}, 30_000);
