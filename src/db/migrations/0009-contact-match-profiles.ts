import type { Kysely } from 'kysely';

/**
 * Each contact's match profile (the fields and collection values the matcher compares) as one
 * JSON text beside its blocking keys, written by every writer of a contact together with the
 * keys. The Match stage reads a candidate in one indexed lookup instead of four queries over the
 * contact and its collections. Contacts written before this table existed have no row: the
 * matcher reads those from their tables, and `dovetail contacts reindex` fills the table.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('contact_match_profiles')
    .addColumn('contact_id', 'integer', (c) => c.primaryKey().references('contacts.id').onDelete('cascade'))
    .addColumn('profile', 'text', (c) => c.notNull())
    .execute();
}
