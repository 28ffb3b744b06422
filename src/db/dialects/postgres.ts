import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DatabaseConnection } from '../database.js';
import type { DatabaseSchema } from '../schema.js';
import { PostgresBatchInserter } from './postgres-batch-inserter.js';

const INT8_OID = 20;

/**
 * bigint (int8) values, which count(*) also returns, come back as numbers as they do on SQLite.
 * Every count and byte total Dovetail keeps stays far below 2^53, where numbers are exact.
 */
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary'
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** A pool for a postgres:// or postgresql:// URL, with the type parsing Dovetail expects. */
export function createPostgresPool(url: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, types, application_name: 'dovetail' });
  // An idle client whose server went away is dropped by the pool; the next query that needs a
  // connection reports the failure. Without a listener the error would end the process.
  pool.on('error', () => {});
  return pool;
}

/** The scale-out database: one pool serves the query builder and the batch inserter. */
export function createPostgresConnection(url: string): DatabaseConnection {
  const pool = createPostgresPool(url);
  const db = new Kysely<DatabaseSchema>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    dialect: 'postgres',
    batchInserter: new PostgresBatchInserter(pool),
    // Ends the pool too.
    close: () => db.destroy(),
  };
}
