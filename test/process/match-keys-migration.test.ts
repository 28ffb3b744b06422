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

/** Migration 0016: the match keys of a database of an older build survive the new table layout. */
describeEachDatabase(({ dialect }) => {
  describe('migration 0016 (contact_match_keys without rowid)', () => {
    let scratch: ScratchDatabase;
    let connection: DatabaseConnection;
    let sqliteDir: string | undefined;
    afterEach(async () => {
      await connection?.close();
      await scratch?.drop();
      if (sqliteDir) await rm(sqliteDir, { recursive: true, force: true });
    });

    async function openAt(migration: string): Promise<DatabaseConnection> {
      scratch = await createScratchDatabase(dialect);
      if (dialect === 'postgres') connection = createPostgresConnection(scratch.url!);
      else {
        sqliteDir = await mkdtemp(path.join(tmpdir(), 'dovetail-0016-'));
        connection = createSqliteConnection(path.join(sqliteDir, 'dovetail.sqlite'));
      }
      const migrator = new Migrator({ db: connection.db, provider: migrationProvider(dialect) });
      expect((await migrator.migrateTo(migration)).error).toBeUndefined();
      return connection;
    }

    it('keeps every key, still refuses a duplicate, and still drops the keys of a deleted contact', async () => {
      const { db } = await openAt('0015-job-match-model');
      const now = new Date().toISOString();
      await sql`insert into users (user_name, created_at) values ('owner', ${now})`.execute(db);
      const owner = (await db.selectFrom('users').select('id').executeTakeFirstOrThrow()).id;
      for (const name of ['Ann', 'Bob']) {
        await db
          .insertInto('contacts')
          .values({
            kind: 'person',
            owner_user_id: owner,
            first_name: name,
            created_at: now,
            updated_at: now,
          })
          .execute();
      }
      const [ann, bob] = (await db.selectFrom('contacts').select('id').orderBy('id').execute()).map(
        (r) => r.id,
      );
      const keys = [
        { match_key: 'n:AN|LK', contact_id: ann! },
        { match_key: 'e:ann@example.com', contact_id: ann! },
        { match_key: 'n:AN|LK', contact_id: bob! },
        { match_key: 'p:+15551234567', contact_id: bob! },
      ];
      await db.insertInto('contact_match_keys').values(keys).execute();

      await migrateToLatest(db, dialect);

      const stored = await db
        .selectFrom('contact_match_keys')
        .select(['match_key', 'contact_id'])
        .orderBy('match_key')
        .orderBy('contact_id')
        .execute();
      const byKey = (a: (typeof keys)[number], b: (typeof keys)[number]) =>
        a.match_key < b.match_key ? -1 : a.match_key > b.match_key ? 1 : a.contact_id - b.contact_id;
      expect(stored).toEqual([...keys].sort(byKey));
      await expect(
        db.insertInto('contact_match_keys').values({ match_key: 'n:AN|LK', contact_id: ann! }).execute(),
      ).rejects.toThrow();
      await db.deleteFrom('contacts').where('id', '=', bob!).execute();
      expect(await db.selectFrom('contact_match_keys').select('contact_id').distinct().execute()).toEqual([
        { contact_id: ann },
      ]);
      if (dialect === 'sqlite') {
        const { rows } = await sql<{
          sql: string;
        }>`select sql from sqlite_master where name = 'contact_match_keys'`.execute(db);
        expect(rows[0]?.sql).toMatch(/without rowid/i);
      }
    });
  });
});
