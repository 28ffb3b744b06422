import { type Kysely, Migrator } from 'kysely';
import type { Config } from '../config/config.js';
import type { BatchInserter } from './batch-inserter.js';
import { createSqliteConnection } from './dialects/sqlite.js';
import { migrationProvider } from './migrations/index.js';
import type { DatabaseSchema } from './schema.js';

export type Database = Kysely<DatabaseSchema>;

export interface DatabaseConnection {
  db: Database;
  dialect: 'sqlite' | 'postgres';
  batchInserter: BatchInserter;
  close(): Promise<void>;
}

/** Opens the configured database and brings its schema up to date. */
export async function openDatabase(config: Config): Promise<DatabaseConnection> {
  const connection = createSqliteConnection(config.sqlitePath);
  await migrateToLatest(connection.db);
  return connection;
}

export async function migrateToLatest(db: Database): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((result) => result.status === 'Error');
    throw new Error(`Database migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
  }
}
