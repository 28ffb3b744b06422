/**
 * The databases the database-touching suites run on, Kysely-style: the same tests on each.
 * SQLite always; PostgreSQL at 127.0.0.1:5432 (trust auth, user postgres) when it answers. When
 * it does not, its suites are reported as skipped under a name that says so, except in CI
 * (CI is set), where they run and fail: CI must test both.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { describe } from 'vitest';
import type { DialectName } from '../../src/db/dialect-name.js';
import { createPostgresPool } from '../../src/db/dialects/postgres.js';

export const postgresAddress = '127.0.0.1:5432';
const adminUrl = `postgres://postgres@${postgresAddress}/postgres`;

export interface TestDatabase {
  dialect: DialectName;
  /** The describe name: the database, or why its tests are skipped. */
  title: string;
  skip: boolean;
}

async function reachPostgres(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => {});
  }
}

const postgresProblem = await reachPostgres();
const skipPostgres = postgresProblem !== undefined && !process.env.CI;
if (skipPostgres) {
  console.warn(
    `PostgreSQL not reachable at ${postgresAddress} (${postgresProblem}): its test variants are SKIPPED. ` +
      'Start it (.ci/run does) to test both databases.',
  );
}

export const testDatabases: readonly TestDatabase[] = [
  { dialect: 'sqlite', title: 'SQLite', skip: false },
  {
    dialect: 'postgres',
    title: skipPostgres ? `PostgreSQL not reachable at ${postgresAddress} — skipped` : 'PostgreSQL',
    skip: skipPostgres,
  },
];

/**
 * Declares the same suite once per test database, under the database's name (or, for one whose
 * server is missing, a name that says it was skipped).
 */
export function describeEachDatabase(suite: (database: TestDatabase) => void): void {
  for (const database of testDatabases) {
    describe.skipIf(database.skip)(database.title, () => suite(database));
  }
}

/** A database of its own for one test: the environment that points Dovetail at it, and drop(). */
export interface ScratchDatabase {
  /** DATABASE_URL for PostgreSQL; nothing for SQLite, which lives in the data folder. */
  env: Record<string, string>;
  /** The postgres:// URL, for PostgreSQL. */
  url?: string;
  drop(): Promise<void>;
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  if (postgresProblem !== undefined) {
    throw new Error(`PostgreSQL is not reachable at ${postgresAddress} (${postgresProblem}); CI needs it`);
  }
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates dovetail_test_<random> on the local PostgreSQL (nothing to create for SQLite). */
export async function createScratchDatabase(dialect: DialectName): Promise<ScratchDatabase> {
  // An empty DATABASE_URL means the embedded SQLite even where the developer's shell sets one.
  if (dialect === 'sqlite') return { env: { DATABASE_URL: '' }, drop: async () => {} };
  const name = `dovetail_test_${randomBytes(6).toString('hex')}`;
  // template0 with an explicit UTF-8 locale: the same encoding and byte-wise text order however
  // the local cluster was initialised.
  await admin((client) =>
    client.query(`create database "${name}" template template0 encoding 'UTF8' locale 'C.UTF-8'`),
  );
  const url = `postgres://postgres@${postgresAddress}/${name}`;
  return {
    env: { DATABASE_URL: url },
    url,
    drop: () =>
      admin((client) => client.query(`drop database if exists "${name}" with (force)`)).then(() => {}),
  };
}

/**
 * Plain SQL on a test's database from outside Dovetail, e.g. to watch a CLI process's progress.
 * SQLite is opened read-only for each query, so the probe never creates the file itself (a
 * query before the CLI has created it throws).
 */
export interface DatabaseProbe {
  query<T>(sql: string): Promise<T[]>;
  close(): Promise<void>;
}

export function openDatabaseProbe(
  dialect: DialectName,
  location: { dataDir: string; url?: string | undefined },
): DatabaseProbe {
  if (dialect === 'postgres') {
    if (!location.url) throw new Error('a PostgreSQL probe needs the database URL');
    const pool = createPostgresPool(location.url);
    return {
      query: async <T>(sql: string) => (await pool.query(sql)).rows as T[],
      close: () => pool.end(),
    };
  }
  const file = path.join(location.dataDir, 'dovetail.sqlite');
  return {
    query: async <T>(sql: string) => {
      const db = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
      try {
        return db.prepare(sql).all() as T[];
      } finally {
        db.close();
      }
    },
    close: async () => {},
  };
}
