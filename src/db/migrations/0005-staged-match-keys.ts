import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../dialect-name.js';

/**
 * Blocking keys of a job's staged contacts, written by the Match stage batch by batch (in the
 * transaction of the batch's matches), so a staged contact finds the earlier staged contacts of
 * the same package that share a key without the stage holding the whole package in memory.
 */
export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const table = db.schema
    .createTable('staged_match_keys')
    .addColumn('job_id', 'integer', (c) => c.notNull().references('import_jobs.id').onDelete('cascade'))
    .addColumn('match_key', 'text', (c) => c.notNull())
    .addColumn('staged_contact_id', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('staged_match_keys_pk', ['job_id', 'match_key', 'staged_contact_id']);
  // On SQLite the rows live in the key's own b-tree: one write per key instead of two.
  await (dialect === 'sqlite' ? table.modifyEnd(sql`without rowid`) : table).execute();
}
