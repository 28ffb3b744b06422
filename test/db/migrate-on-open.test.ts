import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Migrator, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { type DatabaseConnection, migrateToLatest } from '../../src/db/database.js';
import { createPostgresConnection } from '../../src/db/dialects/postgres.js';
import { createSqliteConnection } from '../../src/db/dialects/sqlite.js';
import { migrationProvider } from '../../src/db/migrations/index.js';
import { createScratchDatabase, describeEachDatabase, type ScratchDatabase } from '../support/databases.js';

/**
 * Every process brings the schema up to date when it opens the database; a database that is
 * already current is recognised by one query (start-up time of every CLI command), and anything
 * else still goes through the Migrator.
 */
describeEachDatabase(({ dialect }) => {
  describe('opening a database', () => {
    let scratch: ScratchDatabase;
    let connection: DatabaseConnection;
    let sqliteDir: string | undefined;
    afterEach(async () => {
      await connection?.close();
      await scratch?.drop();
      if (sqliteDir) await rm(sqliteDir, { recursive: true, force: true });
    });

    async function openUnmigrated(): Promise<DatabaseConnection> {
      scratch = await createScratchDatabase(dialect);
      if (dialect === 'postgres') return createPostgresConnection(scratch.url!);
      sqliteDir = await mkdtemp(path.join(tmpdir(), 'dovetail-migrate-on-open-'));
      return createSqliteConnection(path.join(sqliteDir, 'dovetail.sqlite'));
    }

    async function executedMigrations(): Promise<string[]> {
      const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(connection.db);
      return rows.map((row) => row.name).sort();
    }

    const knownMigrations = async () => Object.keys(await migrationProvider(dialect).getMigrations()).sort();

    it('runs the migrations that a database of an older build has not run yet', async () => {
      connection = await openUnmigrated();
      const migrator = new Migrator({ db: connection.db, provider: migrationProvider(dialect) });
      expect((await migrator.migrateTo('0007-identify-duplicates-by')).error).toBeUndefined();
      await migrateToLatest(connection.db, dialect);
      expect(await executedMigrations()).toEqual(await knownMigrations());
    });

    it('is refused when the database ran a migration this build does not know (a newer build)', async () => {
      connection = await openUnmigrated();
      await migrateToLatest(connection.db, dialect);
      await sql`insert into kysely_migration (name, timestamp) values ('9999-from-a-newer-build', ${new Date().toISOString()})`.execute(
        connection.db,
      );
      await expect(migrateToLatest(connection.db, dialect)).rejects.toThrow(/9999-from-a-newer-build/);
    });

    it('changes nothing when the database ran every migration', async () => {
      connection = await openUnmigrated();
      await migrateToLatest(connection.db, dialect);
      await migrateToLatest(connection.db, dialect);
      expect(await executedMigrations()).toEqual(await knownMigrations());
    });
  });
});
