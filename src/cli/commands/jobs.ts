import type { Command } from 'commander';
import { resumeInterruptedJobs, runImportJob } from '../../jobs/job-runner.js';
import type { CommandResult } from '../main.js';
import { parseImportId } from '../parse-id.js';
import { withApp } from '../with-app.js';

/** Job plumbing: the background process `dovetail import` starts, and crash recovery. */
export function registerJobsCommands(program: Command, result: CommandResult): void {
  const jobs = program.command('jobs').description('run and resume import jobs (plumbing)');
  jobs
    .command('run')
    .description('run one import job to its end in this process')
    .argument('<id>', 'import process id', parseImportId)
    .action(async (id: number) => {
      await withApp(async (app) => {
        const outcome = await runImportJob(id, { repositories: app.repositories, config: app.config });
        if (outcome === 'not-claimed') {
          process.stderr.write(
            `Import process ${id} is not waiting to run (finished, or another process holds it).\n`,
          );
          result.exitCode = 1;
        }
      });
    });
  jobs
    .command('resume')
    .description('run every job a crash or restart left unfinished')
    .action(async () => {
      await withApp(async (app) => {
        const resumed = await resumeInterruptedJobs({ repositories: app.repositories, config: app.config });
        process.stdout.write(
          resumed.length === 0 ? 'No interrupted import processes.\n' : `Resumed ${resumed.join(', ')}\n`,
        );
      });
    });
}
