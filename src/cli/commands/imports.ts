import fs from 'node:fs';
import type { Command } from 'commander';
import {
  type ImportJobSortKey,
  importJobSortKeys,
  maxImportJobPageSize,
} from '../../db/repositories/import-jobs.repository.js';
import { DovetailError } from '../../errors/dovetail-error.js';
import { importStages, importStatuses } from '../../jobs/import-job.js';
import type { CommandResult } from '../main.js';
import { formatErrorLog, formatJob, formatJobList, printJson } from '../output.js';
import { parseImportId } from '../parse-id.js';
import { withApp } from '../with-app.js';

function oneOf(value: string | undefined, allowed: readonly string[], what: string): string | undefined {
  if (value === undefined) return undefined;
  const match = allowed.find((candidate) => candidate.toLowerCase() === value.toLowerCase());
  if (!match)
    throw new DovetailError(
      'INVALID_ARGUMENT',
      `Unknown ${what} "${value}"; use one of: ${allowed.join(', ')}`,
    );
  return match;
}

function isoDate(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw new DovetailError('INVALID_ARGUMENT', `"${value}" is not a date; use e.g. 2026-11-25`);
  }
  return date.toISOString();
}

function positive(option: string) {
  return (value: string): number => {
    const number = Number(value);
    if (!Number.isInteger(number) || number < 1) {
      throw new DovetailError('INVALID_ARGUMENT', `${option} needs a whole number from 1, not "${value}"`);
    }
    return number;
  };
}

/** The Import Processes list, one process, and its error log. */
export function registerImportsCommands(program: Command, _result: CommandResult): void {
  const imports = program.command('imports').description('the Import Processes list');
  imports
    .command('list')
    .description('list import processes, newest first')
    .option('--description <text>', 'description contains this text')
    .option('--stage <stage>', `one of: ${importStages.join(', ')}`)
    .option('--status <status>', `one of: ${importStatuses.join(', ')}`)
    .option('--since <date>', 'started on or after this date')
    .option('--until <date>', 'started before this date')
    .option('--sort <key>', `one of: ${importJobSortKeys.join(', ')} (default created)`)
    .option('--order <order>', 'asc or desc (default: desc for created, asc otherwise)')
    .option('--page <n>', 'page number, from 1', positive('--page'))
    .option('--page-size <n>', `jobs per page (at most ${maxImportJobPageSize})`, positive('--page-size'))
    .option('--json', 'print JSON (the page, as an array)')
    .action(async (options) => {
      const query = {
        description: options.description,
        stage: oneOf(options.stage, importStages, 'stage'),
        status: oneOf(options.status, importStatuses, 'status'),
        since: isoDate(options.since),
        until: isoDate(options.until),
        sort: oneOf(options.sort, importJobSortKeys, 'sort key') as ImportJobSortKey | undefined,
        order: oneOf(options.order, ['asc', 'desc'], 'order') as 'asc' | 'desc' | undefined,
        page: options.page,
        pageSize: options.pageSize,
      };
      await withApp(async (app) => {
        const { items, total } = await app.imports.listPage(query);
        if (options.json) printJson(items);
        else {
          process.stdout.write(`${formatJobList(items)}\n`);
          if (items.length < total) process.stdout.write(`(${items.length} of ${total}; see --page)\n`);
        }
      });
    });
  imports
    .command('show')
    .description('show one import process with its files and counts')
    .argument('<id>', 'import process id', parseImportId)
    .option('--json', 'print JSON')
    .action(async (id: number, options) => {
      await withApp(async (app) => {
        const job = await app.imports.show(id);
        if (options.json) printJson(job);
        else process.stdout.write(`${formatJob(job)}\n`);
      });
    });
  imports
    .command('cancel')
    .description('cancel a Running import process: it fails (IMPORT_CANCELLED) and its staged rows go')
    .argument('<id>', 'import process id', parseImportId)
    .option(
      '-u, --user <user>',
      'who cancels (the submitter or an administrator)',
      process.env.DOVETAIL_USER ?? 'admin',
    )
    .option('--json', 'print JSON')
    .action(async (id: number, options) => {
      await withApp(async (app) => {
        const user = await app.repositories.users.findByUserName(options.user);
        if (!user) throw new DovetailError('USER_NOT_FOUND', `There is no user named "${options.user}"`);
        const job = await app.imports.cancel(
          { id: user.id, userName: user.user_name, isAdmin: user.is_admin === 1 },
          id,
        );
        if (options.json) printJson(job);
        else process.stdout.write(`${formatJob(job)}\n`);
      });
    });
  imports
    .command('errors')
    .description('the error log: the first 500 errors and the total (DOVETAIL_ERROR_LOG_LIMIT)')
    .argument('<id>', 'import process id', parseImportId)
    .option('--all', 'every error, not only the first ones')
    .option('--csv', 'the full error file as CSV, with the original rows')
    .option('--file <name>', 'with --csv: one file of the package, original columns plus the errors')
    .option('--out <path>', 'with --csv: write to this file instead of standard output')
    .option('--json', 'print JSON')
    .action(async (id: number, options) => {
      await withApp(async (app) => {
        if (options.csv) {
          const out = options.out ? fs.createWriteStream(options.out) : process.stdout;
          await app.imports.writeErrorCsv(id, out, { file: options.file });
          return;
        }
        const log = await app.imports.errorLog(id, { all: options.all });
        if (options.json) printJson(log);
        else process.stdout.write(`${formatErrorLog(log)}\n`);
      });
    });
}
