import type { Kysely } from 'kysely';

/**
 * Staged contacts of a job in id order, the order in which the Match stage (and every other
 * resumable stage with a stage_cursor) reads them: `where job_id = ? and id > ? order by id
 * limit n`. Without it SQLite found the job's rows through staged_contacts_key_uq and sorted
 * all of them for every batch — a cost growing with the package, per batch.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('staged_contacts_job_order_idx')
    .on('staged_contacts')
    .columns(['job_id', 'id'])
    .execute();
}
