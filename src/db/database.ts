import { DEFAULT_MIGRATION_TABLE, type Kysely, Migrator, sql } from 'kysely';
import { type Config, isPostgresUrl } from '../config/config.js';
import type { BatchInserter } from './batch-inserter.js';
import type { BulkWrites } from './bulk-writes.js';
import type { DialectName } from './dialect-name.js';
import { migrationProvider } from './migrations/index.js';
import type { DatabaseSchema } from './schema.js';
import type { TransactionSeries } from './transaction-series.js';

export type Database = Kysely<DatabaseSchema>;
export type { DialectName } from './dialect-name.js';

export interface DatabaseConnection {
  db: Database;
  dialect: DialectName;
  batchInserter: BatchInserter;
  /** The dialect's own way to write many rows in an open transaction; none: multi-row statements. */
  bulkWrites?: BulkWrites;
  /** The dialect's service for a long run of write transactions; none: plainTransactions. */
  transactionSeries?: () => TransactionSeries;
  close(): Promise<void>;
}

/**
 * Opens the configured database and brings its schema up to date: PostgreSQL when DATABASE_URL
 * is a postgres:// or postgresql:// URL, otherwise the embedded SQLite file. Only the chosen
 * dialect's driver is loaded (each costs start-up time that a short CLI command notices).
 */
export async function openDatabase(config: Config): Promise<DatabaseConnection> {
  const connection =
    config.databaseUrl && isPostgresUrl(config.databaseUrl)
      ? (await import('./dialects/postgres.js')).createPostgresConnection(config.databaseUrl)
      : (await import('./dialects/sqlite.js')).createSqliteConnection(config.sqlitePath);
  try {
    await migrateToLatest(connection.db, connection.dialect);
  } catch (error) {
    await connection.close();
    throw error;
  }
  return connection;
}

export async function migrateToLatest(db: Database, dialect: DialectName): Promise<void> {
  const provider = migrationProvider(dialect);
  if (await hasExactly(db, Object.keys(await provider.getMigrations()))) return;
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((result) => result.status === 'Error');
    throw new Error(
      failed
        ? `Database migration ${failed.migrationName} failed: ${String(error)}`
        : `Could not bring the database schema up to date: ${String(error)}`,
    );
  }
}

/**
 * Whether the database ran exactly these migrations: then the Migrator has nothing to do, and
 * every command is spared its lock table, its lock and its queries (one query instead). Anything
 * else — a new database, a migration to run, one this build does not know — goes to the Migrator,
 * which migrates or reports as it always did.
 */
async function hasExactly(db: Database, migrationNames: readonly string[]): Promise<boolean> {
  let executed: string[];
  try {
    const query = sql<{ name: string }>`select name from ${sql.table(DEFAULT_MIGRATION_TABLE)}`;
    executed = (await query.execute(db)).rows.map((row) => row.name);
  } catch {
    return false; // No migration table yet: a new database.
  }
  const known = new Set(migrationNames);
  return executed.length === known.size && executed.every((name) => known.has(name));
}
