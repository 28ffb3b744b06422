import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../dialect-name.js';

/**
 * On SQLite, contact_match_keys becomes a WITHOUT ROWID table: its rows live in the primary
 * key's b-tree (match_key, contact_id), so a key costs two b-tree writes (that one and the
 * contact_id index) instead of three, and the table no longer holds every key twice. Process
 * writes about eight keys per contact it creates, in random key order, and those writes were
 * the largest part of its inserts. The keys are copied in key order (one pass through the new
 * b-tree); on a database of a million contacts this takes about as long as reindexing them.
 * PostgreSQL has no such table layout: nothing changes there.
 */
export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  if (dialect !== 'sqlite') return;
  // SQLite migrations run outside a transaction: a crash between the drop and the rename would
  // leave no table of that name for the next start to find.
  await db.transaction().execute((trx) => cluster(trx));
}

async function cluster(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('contact_match_keys_clustered')
    .addColumn('match_key', 'text', (c) => c.notNull())
    .addColumn('contact_id', 'integer', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('contact_match_keys_pk', ['match_key', 'contact_id'])
    .modifyEnd(sql`without rowid`)
    .execute();
  await sql`insert into contact_match_keys_clustered (match_key, contact_id)
    select match_key, contact_id from contact_match_keys order by match_key, contact_id`.execute(db);
  await db.schema.dropTable('contact_match_keys').execute();
  await db.schema.alterTable('contact_match_keys_clustered').renameTo('contact_match_keys').execute();
  await db.schema
    .createIndex('contact_match_keys_contact_idx')
    .on('contact_match_keys')
    .columns(['contact_id'])
    .execute();
}
