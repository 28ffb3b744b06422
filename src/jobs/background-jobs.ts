import type { Config } from '../config/config.js';
import type { Repositories } from '../db/repositories/index.js';
import type { JobDispatcher } from './job-dispatcher.js';
import { newWorkerId, resumeInterruptedJobs, runImportJob } from './job-runner.js';
import type { NotificationService } from './notification-service.js';

/**
 * Import jobs run inside this process (the server's embedded mode). Keeps track of them so a
 * shutdown can wait for them, or at least say how many it leaves to `jobs resume`.
 */
export class BackgroundJobs implements JobDispatcher {
  private readonly running = new Set<Promise<unknown>>();
  private readonly workerId = newWorkerId();

  constructor(
    private readonly context: {
      repositories: Repositories;
      config: Config;
      /** The app's service, so the notifications these jobs store reach this server's streams. */
      notifications?: NotificationService;
    },
  ) {}

  /** Runs the job without waiting; failures end up on the job itself (Failed, with its error log). */
  start(jobId: number): void {
    this.track(runImportJob(jobId, { ...this.context, workerId: this.workerId }));
  }

  /** Continues the jobs a crash or restart left unfinished. */
  resumeInterrupted(): void {
    this.track(resumeInterruptedJobs({ ...this.context, workerId: this.workerId }));
  }

  get count(): number {
    return this.running.size;
  }

  /** Resolves once every job started so far has ended. */
  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  private track(work: Promise<unknown>): void {
    const tracked = work
      .catch((error: unknown) => console.error('Background import job failed unexpectedly:', error))
      .finally(() => this.running.delete(tracked));
    this.running.add(tracked);
  }
}
