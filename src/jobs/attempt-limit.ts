/**
 * The retry limit for "poison" jobs: a job whose processing kills its worker process every time
 * (out of memory, a native crash) would otherwise be taken over again each time its lease runs
 * out, forever. `import_jobs.interrupted_runs` counts the runs of the current stage in a row that
 * died before committing a batch; a run that commits one, or a stage that ends, clears it.
 */
import type { ImportJobRow } from '../db/schema.js';

/** The failure code of a job failed by the limit, beside IMPORT_CANCELLED (not a DovetailError). */
export const importAttemptsExhaustedCode = 'IMPORT_ATTEMPTS_EXHAUSTED';

export interface JobFailure {
  code: string;
  message: string;
}

/**
 * The failure to end the job with instead of running it again, when its last `maxAttempts` runs
 * all died; undefined while it may still be resumed.
 *
 * @example
 * attemptsExhausted({ stage: 'Load Package', interrupted_runs: 3 }, 3)?.message
 * // 'Stopped after 3 attempts: the worker processing this import stopped unexpectedly each time (last at stage Load Package)'
 */
export function attemptsExhausted(
  job: Pick<ImportJobRow, 'stage' | 'interrupted_runs'>,
  maxAttempts: number,
): JobFailure | undefined {
  if (job.interrupted_runs < maxAttempts) return undefined;
  return {
    code: importAttemptsExhaustedCode,
    message:
      `Stopped after ${job.interrupted_runs} attempts: the worker processing this import stopped ` +
      `unexpectedly each time (last at stage ${job.stage})`,
  };
}
