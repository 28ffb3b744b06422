import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseConnection } from '../../src/db/database.js';
import { createSqliteConnection } from '../../src/db/dialects/sqlite.js';

// Two connections to one file stand for two processes (a server and a background import, or the
// CLI): SQLite lets one of them write at a time.
describe('SQLite transactions beside another process', () => {
  let folder: string;
  let job: DatabaseConnection;
  let other: DatabaseConnection;

  beforeEach(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'dovetail-sqlite-'));
    const file = path.join(folder, 'dovetail.sqlite');
    job = createSqliteConnection(file);
    other = createSqliteConnection(file);
    await sql`create table counters (name text primary key, value integer not null)`.execute(job.db);
    await sql`insert into counters values ('rows', 0)`.execute(job.db);
    // The other process gives up quickly instead of waiting the full busy timeout.
    await sql`pragma busy_timeout = 50`.execute(other.db);
  });
  afterEach(async () => {
    await job.close();
    await other.close();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  const counterIn = async (connection: DatabaseConnection) =>
    (await sql<{ value: number }>`select value from counters where name = 'rows'`.execute(connection.db))
      .rows[0]!.value;

  it("keeps a bulk batch out of a transaction the same process has open, so that transaction's rollback cannot take it", async () => {
    // The server runs imports in its own process on SQLite: a Load batch written while a request's
    // transaction is between two statements went into that transaction as a savepoint.
    let batchWritten: Promise<void> | undefined;
    await expect(
      job.db.transaction().execute(async (trx) => {
        await sql`update counters set value = 5`.execute(trx);
        batchWritten = job.batchInserter.write({
          inserts: [{ table: 'counters', columns: ['name', 'value'], rows: [['batch', 1]] }],
          increments: [],
        });
        await new Promise((resolve) => setTimeout(resolve, 20));
        throw new Error('the request failed');
      }),
    ).rejects.toThrow('the request failed');
    await batchWritten;
    const rows = (
      await sql<{ name: string; value: number }>`select name, value from counters order by name`.execute(
        other.db,
      )
    ).rows;
    expect(rows).toEqual([
      { name: 'batch', value: 1 },
      { name: 'rows', value: 0 },
    ]);
  });

  it('never fails a transaction that reads before it writes because another process wrote in between', async () => {
    await job.db.transaction().execute(async (trx) => {
      const read = (await sql<{ value: number }>`select value from counters`.execute(trx)).rows[0]!.value;
      // Another process tries to write meanwhile: it waits for the lock (and here gives up).
      await expect(sql`update counters set value = 100`.execute(other.db)).rejects.toThrow(/locked|busy/i);
      await sql`update counters set value = ${read + 1}`.execute(trx);
    });
    expect(await counterIn(other)).toBe(1);
    // Once the transaction has committed, the other process writes as usual.
    await sql`update counters set value = value + 10`.execute(other.db);
    expect(await counterIn(job)).toBe(11);
  });
});
