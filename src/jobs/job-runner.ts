/**
 * Moves an import job through its stages. It holds a lease on the job while it works (renewed
 * in the background), so a second process never runs the same job, and a crashed process's job
 * is picked up again once the lease runs out.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Config } from '../config/config.js';
import { StaleBatchError } from '../db/batch-inserter.js';
import type { Repositories } from '../db/repositories/index.js';
import { DovetailError, describeError } from '../errors/dovetail-error.js';
import { PackageProblems } from '../pipeline/package/open-package.js';
import type { StageOutcome } from '../pipeline/stage-handler.js';
import { attemptsExhausted, type JobFailure } from './attempt-limit.js';
import { type ImportStage, importCancelledCode } from './import-job.js';
import { NotificationService } from './notification-service.js';
import { backgroundStages } from './stages.js';

export interface JobRunnerContext {
  repositories: Repositories;
  config: Config;
  /** Identifies this process in leases; unique per process by default. */
  workerId?: string;
  /** Called after each committed batch, e.g. to draw a progress bar. */
  onProgress?: (jobId: number) => void | Promise<void>;
  /** Stores the job's notification and tells live streams; a fresh one (no listeners) by default. */
  notifications?: NotificationService;
  /**
   * Asked after each committed batch: true makes the runner give the job back (release its
   * lease) so another worker continues it at once, e.g. when a worker is asked to stop.
   */
  shouldStop?: () => boolean;
}

/** `stage-done`: the stage finished and the job moved on; `released`: given back unfinished (shouldStop). */
export type RunOutcome = 'stage-done' | 'failed' | 'not-claimed' | 'lease-lost' | 'cancelled' | 'released';

class LeaseLost extends Error {}
class StopRequested extends Error {}

export function newWorkerId(): string {
  return `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/**
 * Runs (or resumes) the background stage a job is at, then moves it to the next stage: one where
 * it waits for people, the next background stage, or its end.
 */
export async function runImportJob(jobId: number, context: JobRunnerContext): Promise<RunOutcome> {
  const { repositories, config } = context;
  const workerId = context.workerId ?? newWorkerId();
  const leaseSeconds = config.jobLeaseSeconds;
  if (!(await repositories.importJobs.claim(jobId, workerId, leaseSeconds))) return 'not-claimed';

  let leaseLost = false;
  const heartbeat = setInterval(
    () => {
      repositories.importJobs.renewLease(jobId, workerId, leaseSeconds).then(
        (held) => {
          if (!held) leaseLost = true;
        },
        () => {
          // A failed renewal is retried on the next beat; the lease outlives a few misses.
        },
      );
    },
    Math.max(200, (leaseSeconds * 1000) / 3),
  );
  heartbeat.unref();

  try {
    const job = await repositories.importJobs.find(jobId);
    if (!job) return 'not-claimed';
    // The runs before this one all died with their process: running it again would only kill
    // this one too, so it ends here, through the same failure path as any other.
    const exhausted = attemptsExhausted(job, config.maxJobAttempts);
    if (exhausted) {
      return (await recordFailure(jobId, context, exhausted)) ? 'failed' : await stopped(jobId, context);
    }
    // Once this run has committed a batch, the job is getting on: earlier deaths stop counting.
    let interruptedRunsCleared = false;
    const handler = backgroundStages[job.stage as ImportStage];
    if (!handler) {
      throw new DovetailError('INTERNAL_ERROR', `No background work is defined for stage "${job.stage}"`);
    }
    const outcome = await handler({
      job,
      repositories,
      config,
      workerId,
      checkpoint: async () => {
        // Cancelling releases the lease and ends the job, so this also stops a cancelled job.
        if (leaseLost || !(await repositories.importJobs.holdsLease(jobId, workerId))) throw new LeaseLost();
        if (context.shouldStop?.()) throw new StopRequested();
        if (!interruptedRunsCleared) {
          await repositories.importJobs.clearInterruptedRuns(jobId, workerId);
          interruptedRunsCleared = true;
        }
        await context.onProgress?.(jobId);
      },
    });
    if (!(await advance(jobId, context, outcome))) return await stopped(jobId, context);
    clearInterval(heartbeat);
    // A stage may hand straight over to another background stage (e.g. Process to Complete).
    // A worker that is stopping leaves that next stage to another one.
    return outcome.next.status === 'Running' && !context.shouldStop?.()
      ? runImportJob(jobId, { ...context, workerId })
      : 'stage-done';
  } catch (error) {
    // A batch refused because the job ended or its file went to another worker: this runner lost it.
    if (error instanceof LeaseLost || error instanceof StaleBatchError) {
      // Still holding the job (a file went elsewhere): give it back at once rather than at expiry.
      await repositories.importJobs.releaseLease(jobId, workerId);
      return stopped(jobId, context);
    }
    if (error instanceof StopRequested) {
      await repositories.importJobs.releaseLease(jobId, workerId);
      return 'released';
    }
    return (await fail(jobId, context, error)) ? 'failed' : await stopped(jobId, context);
  } finally {
    clearInterval(heartbeat);
  }
}

/** Runs every job that is Running but held by nobody: new ones and those a crash left behind. */
export async function resumeInterruptedJobs(context: JobRunnerContext): Promise<number[]> {
  const resumed: number[] = [];
  for (const jobId of await context.repositories.importJobs.findResumable()) {
    const outcome = await runImportJob(jobId, context);
    if (outcome !== 'not-claimed') resumed.push(jobId);
  }
  return resumed;
}

/**
 * The job left this runner's hands: another worker took the lease over, or it was cancelled.
 * A cancelled job's batch that committed after the cancel discarded the staged rows is
 * discarded here, so nothing of it stays staged.
 */
async function stopped(jobId: number, { repositories }: JobRunnerContext): Promise<RunOutcome> {
  const job = await repositories.importJobs.find(jobId);
  if (job?.status === 'Failed' && job.failure_code === importCancelledCode) {
    await repositories.staging.discardStagedRows(jobId);
    return 'cancelled';
  }
  return 'lease-lost';
}

function notifications(context: JobRunnerContext): NotificationService {
  return context.notifications ?? new NotificationService(context.repositories);
}

/**
 * Ends the job's stage (moving it to `next`) with the notification of `notice`, stored together,
 * and then tells the users' open streams; false when the job had ended meanwhile (cancelled).
 */
async function endStageAndNotify(
  jobId: number,
  context: JobRunnerContext,
  next: Parameters<Repositories['importJobs']['endStage']>[1],
  notice?: { kind: NonNullable<StageOutcome['notify']>; text?: string | undefined },
): Promise<boolean> {
  const notifier = notifications(context);
  const notices = notice ? notifier.noticesOf(notice.kind, notice.text) : undefined;
  const stored = await context.repositories.importJobs.endStage(jobId, next, notices);
  if (!stored) return false;
  notifier.deliver(stored);
  return true;
}

/** Moves the job on after its stage finished; false when it had ended meanwhile (cancelled). */
function advance(jobId: number, context: JobRunnerContext, outcome: StageOutcome): Promise<boolean> {
  const notice = outcome.notify ? { kind: outcome.notify, text: outcome.notifyText } : undefined;
  return endStageAndNotify(jobId, context, outcome.next, notice);
}

async function fail(jobId: number, context: JobRunnerContext, error: unknown): Promise<boolean> {
  const problems =
    error instanceof PackageProblems ? error.problems : error instanceof DovetailError ? [error] : [];
  const failure =
    error instanceof DovetailError
      ? { code: error.code, message: describeError(error) }
      : {
          code: 'INTERNAL_ERROR',
          message: `Unexpected error: ${(error as Error)?.message ?? String(error)}`,
        };
  if (!(error instanceof DovetailError)) console.error(error);
  return recordFailure(jobId, context, failure, problems);
}

/**
 * Ends the job as Failed with its error log and the error notification; false when it had
 * already ended (cancelled meanwhile).
 */
async function recordFailure(
  jobId: number,
  context: JobRunnerContext,
  failure: JobFailure,
  problems: readonly DovetailError[] = [],
): Promise<boolean> {
  const { repositories } = context;
  // A package that turns out unusable leaves nothing half-staged behind. A later stage's failure
  // keeps the staged contacts: they hold the reviewers' decisions.
  if ((await repositories.importJobs.find(jobId))?.stage === 'Load Package') {
    await repositories.staging.discardStagedRows(jobId);
  }
  await repositories.importErrors.add(
    (problems.length > 0 ? problems : [undefined]).map((problem) => ({
      job_id: jobId,
      file_name: problem?.location.file ?? null,
      line: problem?.location.line ?? null,
      column_name: problem?.location.column ?? null,
      value: problem?.location.value ?? null,
      code: problem?.code ?? failure.code,
      message: problem?.message ?? failure.message,
      legacy_key: null,
      raw_values: null,
    })),
  );
  return endStageAndNotify(jobId, context, { status: 'Failed', failure }, { kind: 'error' });
}
