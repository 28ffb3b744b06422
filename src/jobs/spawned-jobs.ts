import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { JobDispatcher } from './job-dispatcher.js';

const launcher = fileURLToPath(new URL('../../bin/dovetail.js', import.meta.url));

/**
 * The CLI's way of running a job in the background: a detached `dovetail jobs run <id>` that
 * outlives the command. Nothing to wait for here; the job's lease tells whether it still runs.
 */
export class SpawnedJobs implements JobDispatcher {
  constructor(private readonly environment: NodeJS.ProcessEnv) {}

  start(jobId: number): void {
    spawn(process.execPath, [launcher, 'jobs', 'run', String(jobId)], {
      detached: true,
      stdio: 'ignore',
      env: this.environment,
    }).unref();
  }

  resumeInterrupted(): void {
    spawn(process.execPath, [launcher, 'jobs', 'resume'], {
      detached: true,
      stdio: 'ignore',
      env: this.environment,
    }).unref();
  }

  get count(): number {
    return 0;
  }

  async drain(): Promise<void> {}
}
