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

/** Migration 0010: contacts written before it get their search form, and prefix search an index. */
describeEachDatabase(({ dialect }) => {
  describe('contacts.search_name', () => {
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
      sqliteDir = await mkdtemp(path.join(tmpdir(), 'dovetail-search-name-'));
      return createSqliteConnection(path.join(sqliteDir, 'dovetail.sqlite'));
    }

    it('is filled for the contacts that existed before the migration, batch after batch', async () => {
      connection = await openUnmigrated();
      const { db } = connection;
      const migrator = new Migrator({ db, provider: migrationProvider(dialect) });
      expect((await migrator.migrateTo('0007-identify-duplicates-by')).error).toBeUndefined();
      const { id: owner } = await db
        .insertInto('users')
        .values({
          user_name: 'owner',
          first_name: null,
          last_name: null,
          is_admin: 0,
          created_at: '2026-01-01',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const blank = {
        owner_user_id: owner,
        title: null,
        first_name: null,
        middle_name: null,
        last_name: null,
        preferred_name: null,
        suffix: null,
        birth_date: null,
        company_name: null,
        position: null,
        industry: null,
        status: null,
        created_at: '2026-01-01',
        updated_at: '2026-01-01',
        created_by_job_id: null,
      };
      // More than one backfill batch (500).
      const people = Array.from({ length: 700 }, () => ({
        ...blank,
        kind: 'person' as const,
        first_name: 'Renée',
        last_name: 'Müller',
      }));
      for (let start = 0; start < people.length; start += 100) {
        await db
          .insertInto('contacts')
          .values(people.slice(start, start + 100))
          .execute();
      }
      await db
        .insertInto('contacts')
        .values({ ...blank, kind: 'company', company_name: 'Société Générale' })
        .execute();

      await migrateToLatest(db, dialect);

      const forms = await db
        .selectFrom('contacts')
        .select(['search_name', (eb) => eb.fn.countAll<number>().as('contacts')])
        .groupBy('search_name')
        .orderBy('search_name')
        .execute();
      expect(forms.map((form) => ({ ...form, contacts: Number(form.contacts) }))).toEqual([
        { search_name: 'muller renee', contacts: 700 },
        { search_name: 'societe generale', contacts: 1 },
      ]);
    });

    it('has an index a prefix search uses', async () => {
      connection = await openUnmigrated();
      await migrateToLatest(connection.db, dialect);
      const plan = await connection.db.transaction().execute(async (trx) => {
        // The scratch table is empty: PostgreSQL would rightly scan it, so ask whether it can use the index.
        if (dialect === 'postgres') await sql`set local enable_seqscan = off`.execute(trx);
        const explain = dialect === 'postgres' ? sql`explain` : sql`explain query plan`;
        const { rows } = await sql<
          Record<string, unknown>
        >`${explain} select id from contacts where search_name like 'mul%'`.execute(trx);
        return JSON.stringify(rows);
      });
      expect(plan).toContain('contacts_search_name_idx');
    });
  });
});
