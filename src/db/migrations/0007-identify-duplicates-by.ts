import type { Kysely } from 'kysely';

/**
 * The duplicate keys the person who started Match chose (legacyKey, email, phone,
 * nameAndBirthDate), as a JSON array; null when the score alone decides.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('import_jobs').addColumn('identify_duplicates_by', 'text').execute();
}
