import type { Config } from '../config/config.js';
import type { Repositories } from '../db/repositories/index.js';
import { BackgroundJobs } from './background-jobs.js';
import type { NotificationService } from './notification-service.js';
import { QueuedJobs } from './queued-jobs.js';
import { SpawnedJobs } from './spawned-jobs.js';

/**
 * The one way to say "run the background stage of job N": HTTP routes call
 * `context.jobs.start(id)` and the CLI calls it too, whoever ends up running the job.
 *
 * @example
 * const jobs = createJobDispatcher(app, 'server');
 * if (await app.repositories.importJobs.startStage(id, ['Review Staged Data'], 'Match')) jobs.start(id);
 */
export interface JobDispatcher {
  /** Has the job's current background stage run; returns at once (failures end up on the job). */
  start(jobId: number): void;
  /** Has the jobs a crash or restart left unfinished run again, where this dispatcher runs jobs. */
  resumeInterrupted(): void;
  /** Work this process started that has not ended yet (jobs, or signals to workers). */
  readonly count: number;
  /** Resolves once everything started so far has ended. */
  drain(): Promise<void>;
}

/** The parts of the app (src/app/open-app.ts) a dispatcher uses; the app itself sits above the jobs. */
export interface JobDispatcherParts {
  config: Config;
  repositories: Repositories;
  notifications: NotificationService;
}

/**
 * The dispatcher of a shell, by DOVETAIL_JOB_RUNNER: with `workers` (the PostgreSQL default) the
 * job waits in the database and `dovetail worker` processes run it; with `in-process` (the SQLite
 * default) the server runs it itself and the CLI starts `dovetail jobs run <id>` in the background.
 */
export function createJobDispatcher(app: JobDispatcherParts, shell: 'server' | 'cli'): JobDispatcher {
  if (app.config.jobRunner === 'workers') return new QueuedJobs(app.repositories);
  if (shell === 'cli') return new SpawnedJobs(process.env);
  return new BackgroundJobs({
    repositories: app.repositories,
    config: app.config,
    notifications: app.notifications,
  });
}
