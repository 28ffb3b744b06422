import type { Command } from 'commander';
import { createJobDispatcher } from '../../jobs/job-dispatcher.js';
import { runImportJob } from '../../jobs/job-runner.js';
import type { CommandResult } from '../main.js';
import { formatJob, printJson } from '../output.js';
import { createProgressReporter } from '../progress.js';
import { withApp } from '../with-app.js';
import { runImportDryRun } from './import-dry-run.js';

export function registerImportCommand(program: Command, result: CommandResult): void {
  program
    .command('import')
    .description('Import a contact package (ZIP). The job runs in the background unless --wait is given.')
    .argument('<package>', 'path of the package ZIP')
    .option(
      '-d, --description <text>',
      'identifies the job at every stage and names its contact list (required)',
    )
    .option('-o, --on-behalf-of <user>', 'user the contacts are imported for (default: you)')
    .option(
      '-u, --user <user>',
      'who is importing (the local operator)',
      process.env.DOVETAIL_USER ?? 'admin',
    )
    .option('-w, --wait', 'run the job here and wait for it to finish')
    .option('--json', 'print JSON for scripts')
    .option('--dry-run', 'validate and match without staging anything, and print what would happen')
    .action(async (packagePath: string, options, command) => {
      if (options.dryRun) {
        await withApp((app) => runImportDryRun(app, packagePath, options));
        return;
      }
      if (options.description === undefined)
        command.error("error: required option '-d, --description <text>' not specified");
      await withApp(async (app) => {
        const job = await app.imports.startImport({
          packagePath,
          description: options.description,
          onBehalfOf: options.onBehalfOf,
          submittedBy: options.user,
        });
        if (!options.wait) {
          const jobs = createJobDispatcher(app, 'cli');
          jobs.start(job.id);
          await jobs.drain();
          if (options.json) printJson(job);
          else {
            const where = app.config.jobRunner === 'workers' ? ' (a `dovetail worker` runs it)' : '';
            process.stdout.write(
              `Import process ${job.id} started for "${job.description}"${where}.\n` +
                `Follow it with: dovetail imports show ${job.id}\n`,
            );
          }
          return;
        }
        const progress = createProgressReporter(!options.json && process.stderr.isTTY === true);
        await runImportJob(job.id, {
          repositories: app.repositories,
          config: app.config,
          onProgress: async (jobId) => progress.update(await app.imports.show(jobId)),
        });
        progress.stop();
        const finished = await app.imports.show(job.id);
        if (options.json) printJson(finished);
        else {
          process.stdout.write(`${formatJob(finished)}\n`);
          if (finished.counts.errorCount > 0 || finished.counts.warningCount > 0) {
            process.stdout.write(
              `\nSee the errors and warnings with: dovetail imports errors ${finished.id}\n`,
            );
          }
        }
        if (finished.status === 'Failed') result.exitCode = 3;
      });
    });
}
