import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import {
  Kysely,
  type DatabaseConnection as KyselyConnection,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
} from 'kysely';
import type { DatabaseConnection } from '../database.js';
import type { DatabaseSchema } from '../schema.js';
import { plainTransactions } from '../transaction-series.js';
import { SqliteBatchInserter } from './sqlite-batch-inserter.js';
import { SqliteBulkWrites } from './sqlite-bulk-writes.js';
import { SqliteCheckpointThread } from './sqlite-checkpoint-thread.js';
import { SqliteWriteLock, writeLockWaitMs } from './sqlite-write-lock.js';

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
  connection.pragma(`busy_timeout = ${writeLockWaitMs}`);
  // Staging indexes outgrow the default 2 MiB page cache within a million rows; 32 MiB made a
  // 1,000,000-contact load about 10% faster while peak memory stayed near 250 MiB.
  connection.pragma('cache_size = -32000');
  const writeLock = new SqliteWriteLock(connection);
  const db = new Kysely<DatabaseSchema>({
    dialect: new SqliteDialectWithImmediateTransactions(
      { database: withStatementCache(connection, writeLock) },
      writeLock,
    ),
  });
  return {
    db,
    dialect: 'sqlite',
    batchInserter: new SqliteBatchInserter(connection, writeLock, (work) => db.connection().execute(work)),
    bulkWrites: new SqliteBulkWrites(connection),
    transactionSeries: () => SqliteCheckpointThread.open(connection) ?? plainTransactions,
    close: () => db.destroy(),
  };
}

/**
 * Kysely's SQLite driver opens a transaction with a plain BEGIN, which takes the write lock only
 * at its first write. A transaction that reads first (Load, Process, Complete, contact edits all
 * do) then fails with SQLITE_BUSY_SNAPSHOT if another process — a background import, the CLI, a
 * reindex — committed in between, and busy_timeout cannot help it. BEGIN IMMEDIATE takes the
 * lock at the start, waiting for it as every writer here does (sqlite-write-lock.ts).
 */
class ImmediateTransactionsDriver extends SqliteDriver {
  readonly #writeLock: SqliteWriteLock;

  constructor(config: SqliteDialectConfig, writeLock: SqliteWriteLock) {
    super(config);
    this.#writeLock = writeLock;
  }

  override async beginTransaction(): Promise<void> {
    await this.#writeLock.begin();
  }

  override async commitTransaction(connection: KyselyConnection): Promise<void> {
    try {
      await super.commitTransaction(connection);
    } finally {
      this.#writeLock.ended();
    }
  }

  override async rollbackTransaction(connection: KyselyConnection): Promise<void> {
    try {
      await super.rollbackTransaction(connection);
    } finally {
      this.#writeLock.ended();
    }
  }
}

class SqliteDialectWithImmediateTransactions extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  readonly #writeLock: SqliteWriteLock;

  constructor(config: SqliteDialectConfig, writeLock: SqliteWriteLock) {
    super(config);
    this.#config = config;
    this.#writeLock = writeLock;
  }

  override createDriver() {
    return new ImmediateTransactionsDriver(this.#config, this.#writeLock);
  }
}

/** Prepared statements kept per connection; past this the least recently used one goes. */
const statementsKept = 500;

/**
 * The connection as Kysely sees it, with its statements prepared once per SQL text: Kysely asks
 * for a new statement on every query, and preparing (parsing and planning the SQL) cost more
 * than running it for the many small inserts of Process and the multi-row key inserts of every
 * contact writer — 5 s of a 100,000-contact Process. A statement still being iterated (a
 * streamed query) is busy and cannot run twice at once, so then a fresh one is prepared.
 */
function withStatementCache(connection: SqliteDatabase.Database, writeLock: SqliteWriteLock) {
  const statements = new Map<string, SqliteDatabase.Statement>();
  const cachedStatement = (sql: string): SqliteDatabase.Statement => {
    const cached = statements.get(sql);
    if (cached) {
      if (cached.busy) return connection.prepare(sql);
      // Map order is insertion order: moving the statement to the end keeps the order by use.
      statements.delete(sql);
      statements.set(sql, cached);
      return cached;
    }
    const statement = connection.prepare(sql);
    statements.set(sql, statement);
    if (statements.size > statementsKept) statements.delete(statements.keys().next().value!);
    return statement;
  };
  return {
    close: () => connection.close(),
    prepare(sql: string): SqliteDatabase.Statement {
      const statement = cachedStatement(sql);
      // A write outside a transaction takes the lock for itself: it waits as every writer here
      // does. (A pragma sets the connection up, and may set busy_timeout itself.)
      if (statement.readonly || connection.inTransaction || /^\s*pragma\b/i.test(sql)) return statement;
      return {
        reader: statement.reader,
        all: (...parameters: unknown[]) => writeLock.writeAlone(() => statement.all(...parameters)),
        run: (...parameters: unknown[]) => writeLock.writeAlone(() => statement.run(...parameters)),
      } as unknown as SqliteDatabase.Statement;
    },
  };
}
