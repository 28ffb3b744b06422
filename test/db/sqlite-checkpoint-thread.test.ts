import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteCheckpointThread } from '../../src/db/dialects/sqlite-checkpoint-thread.js';

// A series of write transactions (Process's batches) on SQLite: the commits leave the log to a
// thread of its own, which copies it back into the database file.
describe('SQLite checkpoints in a thread during a series of transactions', () => {
  let folder: string;
  let file: string;
  let connection: SqliteDatabase.Database;

  beforeEach(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'dovetail-checkpoints-'));
    file = path.join(folder, 'dovetail.sqlite');
    connection = new SqliteDatabase(file);
    connection.pragma('journal_mode = WAL');
    connection.pragma('synchronous = NORMAL');
    connection.exec('create table notes (id integer primary key, text text not null)');
  });
  afterEach(() => {
    connection.close();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  /** One transaction of `rows` rows of 1 KB: about a page of the log per 3 rows. */
  let written = 0;
  const writeTransaction = (rows: number) => {
    const insert = connection.prepare('insert into notes (text) values (?)');
    connection.transaction(() => {
      for (let row = 0; row < rows; row++) insert.run(`${written++}`.padEnd(1000, '.'));
    })();
  };
  /** [pages in the log, pages of it copied into the database], asked without copying any. */
  const logState = () => {
    const [state] = connection.pragma('wal_checkpoint(NOOP)') as Array<{ log: number; checkpointed: number }>;
    return [state!.log, state!.checkpointed];
  };

  it('leaves the commits without checkpoints, copies their log back in its thread, and gives the connection its checkpoints back at the end', async () => {
    const series = SqliteCheckpointThread.open(connection)!;
    for (let transaction = 0; transaction < 5; transaction++) {
      await series.beforeTransaction();
      writeTransaction(2000);
      series.afterCommit();
      expect(connection.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    }
    await series.close();
    const [log, checkpointed] = logState();
    // 5 transactions of about 700 pages each: past the 1,000 pages where a commit checkpoints.
    expect(log).toBeGreaterThan(1000);
    expect(checkpointed).toBe(log);
    expect(connection.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    expect(connection.prepare('select count(*) as n from notes').get()).toEqual({ n: 10_000 });
  });

  it('starts the log afresh once it is past its bound, so it does not grow with the series', async () => {
    const series = SqliteCheckpointThread.open(connection, { maxLogFrames: 1000 })!;
    let longest = 0;
    for (let transaction = 0; transaction < 12; transaction++) {
      await series.beforeTransaction();
      writeTransaction(1000);
      series.afterCommit();
      longest = Math.max(longest, logState()[0]!);
    }
    await series.close();
    // Each transaction adds about 350 pages: 12 of them would make a log of over 4,000.
    expect(longest).toBeLessThan(2000);
    expect(connection.prepare('select count(*) as n from notes').get()).toEqual({ n: 12_000 });
  });

  it('has nothing to do for a database without a log', () => {
    const memory = new SqliteDatabase(':memory:');
    expect(SqliteCheckpointThread.open(memory)).toBeUndefined();
    memory.close();
  });
});
