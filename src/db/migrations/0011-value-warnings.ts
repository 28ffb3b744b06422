import type { Kysely } from 'kysely';

/**
 * Warnings beside errors: an invalid value of an optional attribute is left out and the row is
 * staged (onInvalid "dropValue"). Its entry in import_errors has severity 'warning'; the job and
 * each of its files count warnings apart from errors, so rejected rows and the error alarm mean
 * what they did before.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('import_errors')
    .addColumn('severity', 'text', (c) => c.notNull().defaultTo('error'))
    .execute();
  await db.schema
    .alterTable('import_jobs')
    .addColumn('warning_count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('import_job_files')
    .addColumn('warning_count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}
