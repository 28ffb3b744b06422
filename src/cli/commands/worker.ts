import type { Command } from 'commander';
import { openApp } from '../../app/open-app.js';
import { DovetailError } from '../../errors/dovetail-error.js';
import { JobWorker } from '../../jobs/job-worker.js';
import { stopOnSignal } from '../stop-on-signal.js';

/** `dovetail worker`: runs queued import jobs until SIGINT/SIGTERM (see docs/operations.md). */
export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description('run queued import jobs in this process (several workers may share one database)')
    .option('-c, --concurrency <n>', 'jobs run at once', process.env.DOVETAIL_WORKER_CONCURRENCY ?? '1')
    .action(async (options: { concurrency: string }) => {
      const concurrency = Number(options.concurrency);
      if (!Number.isInteger(concurrency) || concurrency < 1) {
        throw new DovetailError('INVALID_ARGUMENT', `"${options.concurrency}" is not a number of jobs`);
      }
      const app = await openApp();
      const worker = new JobWorker({
        repositories: app.repositories,
        config: app.config,
        notifications: app.notifications,
        concurrency,
        onJobDone: (jobId, outcome) => process.stdout.write(`Import process ${jobId}: ${outcome}\n`),
        onFileLoaded: (jobId, fileName) =>
          process.stdout.write(`Import process ${jobId}: loaded ${fileName} beside its runner\n`),
      });
      const stopRequested = stopOnSignal();
      const running = worker.run();
      process.stdout.write(`Dovetail worker ${worker.workerId} waiting for import jobs\n`);
      await Promise.race([stopRequested, running]);
      process.stdout.write('Stopping: giving running jobs back after their current batch...\n');
      worker.stop();
      await running;
      await app.close();
    });
}
