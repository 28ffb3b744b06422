import type { Kysely } from 'kysely';

/**
 * How many runs of the job's current stage in a row ended with their process gone (its lease ran
 * out) before committing anything: what tells a job that kills its worker every time (out of
 * memory, a native crash) from one that a single crash or restart interrupted.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('import_jobs')
    .addColumn('interrupted_runs', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}
