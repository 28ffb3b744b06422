/**
 * A worker process's loop (`dovetail worker`): runs the background stages of import jobs that
 * nobody holds, whichever process queued them. import_jobs is the queue: a job waits while it is
 * Running without a live lease, and `claim` is the atomic take (a conditional UPDATE), so two
 * workers never run one job; a crashed worker's lease runs out and another worker takes the job
 * over, continuing from its last committed batch.
 */
import { type Config, isPostgresUrl } from '../config/config.js';
import { StaleBatchError } from '../db/batch-inserter.js';
import type { Repositories } from '../db/repositories/index.js';
import { openSignalListener, signalChannels } from '../db/signals.js';
import { loadOneFile } from '../pipeline/load/load-package.js';
import { newWorkerId, type RunOutcome, runImportJob } from './job-runner.js';
import type { NotificationService } from './notification-service.js';

export interface JobWorkerOptions {
  repositories: Repositories;
  config: Config;
  notifications?: NotificationService;
  /** Jobs run at once by this worker. */
  concurrency: number;
  workerId?: string;
  /** Told when a job ran here (for the worker's log). */
  onJobDone?: (jobId: number, outcome: RunOutcome) => void;
  /** Told when this worker loaded a file of a package another worker's runner is loading. */
  onFileLoaded?: (jobId: number, fileName: string) => void;
}

class StopHelping extends Error {}

/**
 * How often the queue is looked at without a signal: often enough to take over a dead worker's
 * job soon after its lease ran out, and to find jobs queued while the signal was missed.
 */
export function pollIntervalMs(leaseSeconds: number): number {
  return Math.max(100, Math.min(5000, (leaseSeconds * 1000) / 2));
}

export class JobWorker {
  readonly workerId: string;
  /** Jobs run here (`job:<id>`) and files loaded to help another worker (`file:<id>:<name>`). */
  private readonly running = new Map<string, Promise<void>>();
  private stopping = false;
  private wake: (() => void) | undefined;
  /** A signal came while the worker was busy looking: look again at once. */
  private poked = false;

  constructor(private readonly options: JobWorkerOptions) {
    this.workerId = options.workerId ?? newWorkerId();
  }

  /**
   * Runs jobs until stop() is called; then gives the jobs it holds back at their next batch
   * (another worker continues them at once) and resolves once they are given back.
   */
  async run(): Promise<void> {
    const listener = openSignalListener(this.options.config);
    try {
      await listener.on(signalChannels.jobs, () => this.poke());
      listener.onReconnect(() => this.poke());
      while (!this.stopping) {
        await this.takeWaitingJobs();
        await this.nextReason();
      }
      await Promise.allSettled([...this.running.values()]);
    } finally {
      await listener.close();
    }
  }

  stop(): void {
    this.stopping = true;
    this.poke();
  }

  private async takeWaitingJobs(): Promise<void> {
    const { repositories } = this.options;
    let waiting: number[];
    try {
      waiting = await repositories.importJobs.findResumable();
    } catch (error) {
      console.error('Could not read the job queue (retrying):', error);
      return;
    }
    for (const jobId of waiting) {
      if (this.stopping || this.running.size >= this.options.concurrency) return;
      if (this.running.has(`job:${jobId}`)) continue;
      this.runJob(jobId);
    }
    await this.helpWithFiles();
  }

  /**
   * With a free slot and no job to run, loads a child file of a package another worker is
   * loading (PostgreSQL: SQLite has one writer anyway), so one large import is shared.
   */
  private async helpWithFiles(): Promise<void> {
    const { config, repositories } = this.options;
    if (!config.databaseUrl || !isPostgresUrl(config.databaseUrl)) return;
    while (!this.stopping && this.running.size < this.options.concurrency) {
      const file = await repositories.fileLeases.findFileToHelp().catch(() => undefined);
      const key = file && `file:${file.jobId}:${file.fileName}`;
      if (!file || !key || this.running.has(key)) return;
      const work = this.loadFile(file.jobId, file.fileName).finally(() => {
        this.running.delete(key);
        this.poke();
      });
      this.running.set(key, work);
    }
  }

  private async loadFile(jobId: number, fileName: string): Promise<void> {
    const { repositories, config } = this.options;
    const lease = { owner: this.workerId, leaseSeconds: config.jobLeaseSeconds };
    try {
      const job = await repositories.importJobs.find(jobId);
      if (!job) return;
      const loaded = await loadOneFile({
        jobId,
        packagePath: job.package_path,
        repositories,
        config,
        fileName,
        fileLeases: lease,
        afterBatch: async () => {
          const current = await repositories.importJobs.find(jobId);
          if (this.stopping || current?.status !== 'Running' || current.stage !== 'Load Package') {
            throw new StopHelping();
          }
        },
      });
      if (loaded) this.options.onFileLoaded?.(jobId, fileName);
    } catch (error) {
      // The job's runner meets any problem of the package itself and fails the job with it.
      if (!(error instanceof StopHelping || error instanceof StaleBatchError)) {
        console.error(`Gave file ${fileName} of import process ${jobId} back after an error:`, error);
      }
    } finally {
      await repositories.fileLeases.release(jobId, fileName, lease.owner).catch(() => {});
    }
  }

  private runJob(jobId: number): void {
    const { repositories, config, notifications } = this.options;
    const work = runImportJob(jobId, {
      repositories,
      config,
      workerId: this.workerId,
      shouldStop: () => this.stopping,
      ...(notifications ? { notifications } : {}),
    })
      .then(
        (outcome) => this.options.onJobDone?.(jobId, outcome),
        (error: unknown) => console.error(`Import process ${jobId} failed unexpectedly:`, error),
      )
      .finally(() => {
        this.running.delete(`job:${jobId}`);
        // A freed slot may take the next job at once.
        this.poke();
      });
    this.running.set(`job:${jobId}`, work);
  }

  /** Waits for a signal, a freed slot, stop(), or the poll interval. */
  private nextReason(): Promise<void> {
    if (this.poked) {
      this.poked = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, pollIntervalMs(this.options.config.jobLeaseSeconds));
      const self = this;
      function done() {
        clearTimeout(timer);
        if (self.wake === done) self.wake = undefined;
        resolve();
      }
      this.wake = done;
    });
  }

  private poke(): void {
    if (this.wake) this.wake();
    else this.poked = true;
  }
}
