/**
 * Stage "Process": applies the reviewers' actions (merge, create, discard) to the staged
 * contacts, in batches ordered by id. Each batch's contact writes, its audit rows, its match
 * index entries, the staged contacts' processed_at/result_contact_id, the job's stage_cursor and
 * counts commit in ONE transaction, so a crash mid-batch leaves nothing of that batch and a
 * re-run never merges twice. A batch is planned in memory (batch-plan.ts) and written in bulk
 * (BulkWrites: a few multi-row statements per table on PostgreSQL, cached one-row statements run
 * synchronously on SQLite).
 */
import type { Repositories } from '../../db/repositories/index.js';
import type { ImportJobRow } from '../../db/schema.js';
import { BatchPlan } from './batch-plan.js';

export interface ProcessInput {
  job: ImportJobRow;
  repositories: Repositories;
  /** Staged contacts per transaction. */
  batchSize?: number;
  /** Called after each committed batch (the job runner's checkpoint). */
  afterBatch?: () => Promise<void>;
  now?: () => Date;
}

export async function processStagedContacts(input: ProcessInput): Promise<void> {
  const { job, repositories } = input;
  const batchSize = input.batchSize ?? 500;
  let cursor = Number(job.stage_cursor);
  for (;;) {
    const batch = await repositories.processing.nextBatch(job.id, cursor, batchSize);
    if (batch.length === 0) return;
    const last = batch[batch.length - 1]!.id;
    const audit = {
      jobId: job.id,
      userId: job.on_behalf_of_user_id,
      now: (input.now?.() ?? new Date()).toISOString(),
    };
    await repositories.processing.inTransaction(audit, async (unit) => {
      const plan = await BatchPlan.prepare(unit, job, batch, audit.now);
      for (const staged of batch) await plan.apply(staged.id, new Set());
      await unit.writeProcessBatch(await plan.writes({ jobId: job.id, cursor: last }));
    });
    cursor = last;
    await input.afterBatch?.();
  }
}
