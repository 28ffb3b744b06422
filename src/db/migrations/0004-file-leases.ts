import type { Kysely } from 'kysely';

/**
 * A lease per package file, so several workers can load the files of one package at once (child
 * files in parallel once the contact files are staged), each file by one worker at a time.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('import_job_files').addColumn('lease_owner', 'text').execute();
  await db.schema.alterTable('import_job_files').addColumn('lease_expires_at', 'text').execute();
}
