import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { DatabaseConnection } from '../database.js';
import type { DatabaseSchema } from '../schema.js';
import { SqliteBatchInserter } from './sqlite-batch-inserter.js';

/**
 * The embedded database. WAL lets the CLI read job progress while a job process writes, and
 * synchronous=NORMAL keeps every committed batch across a process crash (not a power cut).
 */
export function createSqliteConnection(file: string): DatabaseConnection {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const connection = new SqliteDatabase(file);
  connection.pragma('journal_mode = WAL');
  connection.pragma('synchronous = NORMAL');
  connection.pragma('foreign_keys = ON');
  connection.pragma('busy_timeout = 10000');
  // Staging indexes outgrow the default 2 MiB page cache within a million rows; 32 MiB made a
  // 1,000,000-contact load about 10% faster while peak memory stayed near 250 MiB.
  connection.pragma('cache_size = -32000');
  const db = new Kysely<DatabaseSchema>({ dialect: new SqliteDialect({ database: connection }) });
  return {
    db,
    dialect: 'sqlite',
    batchInserter: new SqliteBatchInserter(connection),
    close: () => db.destroy(),
  };
}
