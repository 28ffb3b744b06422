/**
 * Moves an import job through its stages. It holds a lease on the job while it works (renewed
 * in the background), so a second process never runs the same job, and a crashed process's job
 * is picked up again once the lease runs out.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Config } from '../config/config.js';
import type { Repositories } from '../db/repositories/index.js';
import { DovetailError, describeError } from '../errors/dovetail-error.js';
import { loadPackage } from '../pipeline/load/load-package.js';
import { PackageProblems } from '../pipeline/package/open-package.js';
import { type ImportStage, importCancelledCode } from './import-job.js';
import { NotificationService } from './notification-service.js';

export interface JobRunnerContext {
  repositories: Repositories;
  config: Config;
  /** Identifies this process in leases; unique per process by default. */
  workerId?: string;
  /** Called after each committed batch, e.g. to draw a progress bar. */
  onProgress?: (jobId: number) => void | Promise<void>;
  /** Stores the job's notification and tells live streams; a fresh one (no listeners) by default. */
  notifications?: NotificationService;
}

export type RunOutcome = 'completed' | 'failed' | 'not-claimed' | 'lease-lost' | 'cancelled';

class LeaseLost extends Error {}

export function newWorkerId(): string {
  return `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/** Runs (or resumes) one job to the end of its automatic stages. */
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
    const stage = job.stage as ImportStage;
    if (stage === 'Load Package') {
      await loadPackage({
        jobId,
        packagePath: job.package_path,
        repositories,
        config,
        afterBatch: async () => {
          // Cancelling releases the lease and ends the job, so this also stops a cancelled job.
          if (leaseLost || !(await repositories.importJobs.holdsLease(jobId, workerId)))
            throw new LeaseLost();
          await context.onProgress?.(jobId);
        },
      });
    }
    return (await complete(jobId, context)) ? 'completed' : await stopped(jobId, context);
  } catch (error) {
    if (error instanceof LeaseLost) return stopped(jobId, context);
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

async function complete(jobId: number, context: JobRunnerContext): Promise<boolean> {
  const { repositories } = context;
  if (!(await repositories.importJobs.finish(jobId, { status: 'Completed' }))) return false;
  const job = await repositories.importJobs.find(jobId);
  if (!job) return true;
  // Rejected rows are news the user must act on, so they get the error alarm with its View
  // button even though the good rows are staged.
  const kind = job.error_count > 0 ? 'error' : 'success';
  await notifications(context).notifyJobEnded(job, kind);
  return true;
}

async function fail(jobId: number, context: JobRunnerContext, error: unknown): Promise<boolean> {
  const { repositories } = context;
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
  // A package that turns out unusable leaves nothing half-staged behind.
  await repositories.staging.discardStagedRows(jobId);
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
  if (!(await repositories.importJobs.finish(jobId, { status: 'Failed', failure }))) return false;
  const job = await repositories.importJobs.find(jobId);
  if (job) await notifications(context).notifyJobEnded(job, 'error');
  return true;
}
