import type { Kysely } from 'kysely';

/**
 * The match model the Match stage estimated from the job's own data (m and u per level, name
 * frequencies: src/pipeline/match/model/match-model.ts, as JSON), so that a resumed stage scores
 * with the very weights it began with; null: the default model.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('import_jobs').addColumn('match_model', 'text').execute();
}
