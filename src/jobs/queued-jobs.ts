import type { Repositories } from '../db/repositories/index.js';
import type { JobDispatcher } from './job-dispatcher.js';

/**
 * Jobs run by `dovetail worker` processes. A job whose status is Running and whose lease nobody
 * holds is already queued (import_jobs is the queue); `start` only wakes the workers up at once
 * (NOTIFY on PostgreSQL) instead of at their next poll.
 */
export class QueuedJobs implements JobDispatcher {
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly repositories: Repositories) {}

  start(jobId: number): void {
    const signal = this.repositories.importJobs
      .announce(jobId)
      .catch((error: unknown) => {
        // The job is queued all the same: a worker's next poll finds it.
        console.error(`Could not wake the workers for import process ${jobId}:`, error);
      })
      .finally(() => this.pending.delete(signal));
    this.pending.add(signal);
  }

  /** Workers resume interrupted jobs themselves. */
  resumeInterrupted(): void {}

  get count(): number {
    return this.pending.size;
  }

  async drain(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }
}
