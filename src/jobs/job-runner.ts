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
import type { ImportStage } from './import-job.js';
import { importFailedText, importSucceededText } from './notification-texts.js';

export interface JobRunnerContext {
  repositories: Repositories;
  config: Config;
  /** Identifies this process in leases; unique per process by default. */
  workerId?: string;
  /** Called after each committed batch, e.g. to draw a progress bar. */
  onProgress?: (jobId: number) => void | Promise<void>;
}

export type RunOutcome = 'completed' | 'failed' | 'not-claimed' | 'lease-lost';

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
          if (leaseLost) throw new LeaseLost();
          await context.onProgress?.(jobId);
        },
      });
    }
    await complete(jobId, context);
    return 'completed';
  } catch (error) {
    if (error instanceof LeaseLost) return 'lease-lost';
    await fail(jobId, context, error);
    return 'failed';
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

async function complete(jobId: number, { repositories }: JobRunnerContext): Promise<void> {
  await repositories.importJobs.finish(jobId, { status: 'Completed' });
  const job = await repositories.importJobs.find(jobId);
  if (!job) return;
  // Rejected rows are news the user must act on, so they get the error alarm with its View
  // button even though the good rows are staged.
  const kind = job.error_count > 0 ? 'error' : 'success';
  await notify(repositories, job, kind);
}

async function fail(jobId: number, { repositories }: JobRunnerContext, error: unknown): Promise<void> {
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
  await repositories.importJobs.finish(jobId, { status: 'Failed', failure });
  const job = await repositories.importJobs.find(jobId);
  if (job) await notify(repositories, job, 'error');
}

async function notify(
  repositories: Repositories,
  job: { id: number; description: string; on_behalf_of_user_id: number; submitted_by_user_id: number },
  kind: 'success' | 'error',
): Promise<void> {
  const text = kind === 'success' ? importSucceededText(job.description) : importFailedText(job.description);
  const recipients = new Set([job.submitted_by_user_id, job.on_behalf_of_user_id]);
  for (const userId of recipients)
    await repositories.notifications.add({ userId, jobId: job.id, kind, text });
}
