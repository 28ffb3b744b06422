/**
 * Stage "Process": applies the reviewers' actions (merge, create, discard) to the staged
 * contacts, in transactions of `batchSize` staged contacts ordered by id. A transaction's
 * contact writes, its audit rows, its match index entries, the staged contacts'
 * processed_at/result_contact_id, the job's stage_cursor and counts commit together, so a crash
 * mid-transaction leaves nothing of it and a re-run never merges twice. Within a transaction the
 * staged contacts are planned in memory (batch-plan.ts) a slice at a time, at most `planRows`,
 * and each slice is written in bulk (BulkWrites: a few multi-row statements per table on
 * PostgreSQL, cached one-row statements run synchronously on SQLite) before the next is read:
 * memory follows the slice, and the commit's cost — every database page the transaction
 * changed, written to the log — is shared by the whole transaction. The transactions run as one
 * series (ProcessingRepository.inSeries): on SQLite the log is copied back into the database in a
 * thread of its own, not by the commits.
 */
import type { Repositories } from '../../db/repositories/index.js';
import type { ImportJobRow, StagedContactRow } from '../../db/schema.js';
import { BatchPlan } from './batch-plan.js';
import { type IndexingMode, type MatchIndexer, openMatchIndexer } from './match-indexer.js';

/**
 * Staged contacts planned in memory at once (with their collections, the contacts they merge
 * into and what is written for them). With the indexing and checkpoint threads beside the
 * stage's, Process peaked at 100,000 merges near 295 MiB with slices of 500 and near 275 MiB with
 * 250 (creates: 209 MiB), for the same CPU: a slice's reads are a few queries whatever its size.
 */
export const planRows = 250;

export interface ProcessInput {
  job: ImportJobRow;
  repositories: Repositories;
  /** Staged contacts per transaction (DOVETAIL_PROCESS_BATCH_ROWS). */
  batchSize?: number;
  /** Staged contacts planned at once, at most `batchSize`: planRows unless a test wants slices. */
  sliceRows?: number;
  /** Where the match index is computed: a thread of its own from the build on several CPUs. */
  indexing?: IndexingMode;
  /** Called after each committed transaction (the job runner's checkpoint). */
  afterBatch?: () => Promise<void>;
  now?: () => Date;
}

export async function processStagedContacts(input: ProcessInput): Promise<void> {
  const indexer = openMatchIndexer(input.indexing);
  try {
    await processBatches(input, indexer);
  } finally {
    await indexer.close();
  }
}

async function processBatches(input: ProcessInput, indexer: MatchIndexer): Promise<void> {
  const { job, repositories } = input;
  const batchSize = input.batchSize ?? 5000;
  const sliceRows = Math.min(batchSize, input.sliceRows ?? planRows);
  let cursor = Number(job.stage_cursor);
  await repositories.processing.refreshStatistics();
  await repositories.processing.inSeries(async (series) => {
    for (;;) {
      const first = await repositories.processing.nextBatch(job.id, cursor, sliceRows);
      if (first.length === 0) return;
      const audit = {
        jobId: job.id,
        userId: job.on_behalf_of_user_id,
        now: (input.now?.() ?? new Date()).toISOString(),
      };
      cursor = await series.inTransaction(audit, async (unit) => {
        let slice: StagedContactRow[] = first;
        let left = batchSize;
        let last = cursor;
        for (;;) {
          last = slice[slice.length - 1]!.id;
          const plan = await BatchPlan.prepare(unit, job, slice, audit.now, indexer);
          for (const staged of slice) await plan.apply(staged.id, new Set());
          await unit.writeProcessBatch(await plan.writes({ jobId: job.id, cursor: last }));
          left -= slice.length;
          if (left === 0 || slice.length < sliceRows) return last;
          slice = await unit.nextBatch(job.id, last, Math.min(left, sliceRows));
          if (slice.length === 0) return last;
        }
      });
      await input.afterBatch?.();
    }
  });
}
