import { once } from 'node:events';
import fs from 'node:fs';
import { PassThrough } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { Command } from 'commander';
import type { App } from '../../app/open-app.js';
import type { StagedContactFilter } from '../../db/repositories/review.repository.js';
import type { StagedContactAction } from '../../db/schema.js';
import { DovetailError } from '../../errors/dovetail-error.js';
import { createJobDispatcher } from '../../jobs/job-dispatcher.js';
import { runImportJob } from '../../jobs/job-runner.js';
import { completionReportCsv } from '../../pipeline/complete/completion-report-csv.js';
import { type DuplicateKey, duplicateKeys } from '../../pipeline/match/duplicate-keys.js';
import type { ReviewActor } from '../../pipeline/review/import-access.js';
import type { CommandResult } from '../main.js';
import { formatJob, printJson } from '../output.js';
import { parseImportId, recordId } from '../parse-id.js';
import {
  formatCompare,
  formatReport,
  formatStagedDetails,
  formatStagedList,
  formatSuggestions,
} from '../review-output.js';
import { withApp } from '../with-app.js';

/** --identify-by email,legacyKey: the duplicate keys chosen for Match. */
function parseIdentifyBy(text: string): DuplicateKey[] {
  const keys = text
    .split(',')
    .map((key) => key.trim())
    .filter(Boolean);
  for (const key of keys) {
    if (!(duplicateKeys as readonly string[]).includes(key)) {
      throw new DovetailError(
        'INVALID_ARGUMENT',
        `"${key}" is not a duplicate key (use ${duplicateKeys.join(', ')})`,
      );
    }
  }
  return keys as DuplicateKey[];
}

const actions = ['merge', 'create', 'discard'] as const;

const positiveId = recordId('an id');

function choice<T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  what: string,
): T | undefined {
  if (value === undefined) return undefined;
  const match = allowed.find((candidate) => candidate.toLowerCase() === value.toLowerCase());
  if (!match)
    throw new DovetailError(
      'INVALID_ARGUMENT',
      `Unknown ${what} "${value}"; use one of: ${allowed.join(', ')}`,
    );
  return match;
}

async function actorOf(app: App, userName: string): Promise<ReviewActor> {
  const user = await app.repositories.users.findByUserName(userName);
  if (!user) throw new DovetailError('USER_NOT_FOUND', `There is no user named "${userName}"`);
  return { id: user.id, isAdmin: user.is_admin === 1 };
}

/** The filter options shared by `review list` and `review bulk`. */
function withFilterOptions(command: Command, actionFlag = '--action <action>'): Command {
  return command
    .option('--name <text>', 'part of the name')
    .option('--status <status>', "the contact's status")
    .option('--band <band>', 'match quality: High, Medium, Low or none')
    .option('--has-match', 'only those with a selected match')
    .option('--no-match', 'only those without a match')
    .option(actionFlag, 'only those whose action is merge, create, discard or none')
    .option('--processed', 'only those already processed')
    .option('--unprocessed', 'only those not processed yet');
}

function filterOf(options: Record<string, unknown>, actionOption = 'action'): StagedContactFilter {
  const filter: StagedContactFilter = {};
  if (options.name) filter.name = String(options.name);
  if (options.status) filter.status = String(options.status);
  const band = choice(options.band as string | undefined, ['High', 'Medium', 'Low', 'none'] as const, 'band');
  if (band) filter.band = band;
  if (options.hasMatch) filter.hasMatch = true;
  if (options.match === false) filter.hasMatch = false;
  const action = choice(options[actionOption] as string | undefined, [...actions, 'none'] as const, 'action');
  if (action) filter.action = action;
  if (options.processed) filter.processed = true;
  if (options.unprocessed) filter.processed = false;
  return filter;
}

const userOption = [
  '-u, --user <user>',
  'who reviews (the local operator)',
  process.env.DOVETAIL_USER ?? 'admin',
] as const;

/** `dovetail review …`: Review Staged Data / Review Match Results, Process, Complete Import, Undo. */
export function registerReviewCommands(program: Command, result: CommandResult): void {
  const review = program
    .command('review')
    .description('review staged contacts and matches, process, complete, undo');

  withFilterOptions(review.command('list').description('staged contacts of an import, filtered and sorted'))
    .argument('<job>', 'import process id', parseImportId)
    .option('--sort <by>', 'name or quality', 'name')
    .option('--desc', 'descending')
    .option('--limit <n>', 'page size', '50')
    .option('--offset <n>', 'skip this many', '0')
    .option(...userOption)
    .option('--json', 'print JSON')
    .action(async (job: number, options) => {
      await withApp(async (app) => {
        const offset = Number(options.offset);
        const page = await app.review.list(await actorOf(app, options.user), job, filterOf(options), {
          sort: choice(options.sort, ['name', 'quality'] as const, 'sort') ?? 'name',
          ...(options.desc ? { direction: 'desc' as const } : {}),
          limit: Number(options.limit),
          offset,
        });
        if (options.json) printJson(page);
        else process.stdout.write(`${formatStagedList(page, offset)}\n`);
      });
    });

  review
    .command('summary')
    .description('how many staged contacts per action, match band and processing state')
    .argument('<job>', 'import process id', parseImportId)
    .option(...userOption)
    .option('--json', 'print JSON')
    .action(async (job: number, options) => {
      await withApp(async (app) => {
        const summary = await app.review.summary(await actorOf(app, options.user), job);
        if (options.json) printJson(summary);
        else
          process.stdout.write(
            `${summary.total} staged: ${summary.processed} processed, ${summary.unprocessed} not; ${summary.withMatch} with a match\n` +
              `  actions: ${Object.entries(summary.byAction)
                .map(([k, v]) => `${k} ${v}`)
                .join(', ')}\n` +
              `  match quality: ${Object.entries(summary.byBand)
                .map(([k, v]) => `${k} ${v}`)
                .join(', ')}\n`,
          );
      });
    });

  const perStaged = (name: string, description: string) =>
    review
      .command(name)
      .description(description)
      .argument('<job>', 'import process id', parseImportId)
      .argument('<staged-id>', 'staged contact id', positiveId)
      .option(...userOption)
      .option('--json', 'print JSON');

  perStaged('show', 'a staged contact with its addresses, communications, notes, categories, fields').action(
    async (job: number, stagedId: number, options) => {
      await withApp(async (app) => {
        const details = await app.review.show(await actorOf(app, options.user), job, stagedId);
        if (options.json) printJson(details);
        else process.stdout.write(`${formatStagedDetails(details)}\n`);
      });
    },
  );

  perStaged('compare', 'Compare Details: the staged contact beside its selected match').action(
    async (job: number, stagedId: number, options) => {
      await withApp(async (app) => {
        const compare = await app.review.compare(await actorOf(app, options.user), job, stagedId);
        if (options.json) printJson(compare);
        else process.stdout.write(`${formatCompare(compare)}\n`);
      });
    },
  );

  perStaged('matches', 'match suggestions with score, band and explanation').action(
    async (job: number, stagedId: number, options) => {
      await withApp(async (app) => {
        const suggestions = await app.review.suggestions(await actorOf(app, options.user), job, stagedId);
        if (options.json) printJson(suggestions);
        else process.stdout.write(`${formatSuggestions(suggestions)}\n`);
      });
    },
  );

  perStaged('set-match', 'Set as Match (--suggestion), Select Another Match (--contact), or --none')
    .option('--suggestion <id>', 'one of its match suggestions', positiveId)
    .option('--contact <id>', 'any contact the on-behalf-of user may see', positiveId)
    .option('--none', 'no match')
    .action(async (job: number, stagedId: number, options) => {
      const picked = [options.suggestion, options.contact, options.none].filter((v) => v !== undefined);
      if (picked.length !== 1) {
        throw new DovetailError(
          'INVALID_ARGUMENT',
          'Give exactly one of --suggestion <id>, --contact <id> or --none',
        );
      }
      await withApp(async (app) => {
        const summary = await app.review.setMatch(
          await actorOf(app, options.user),
          job,
          stagedId,
          options.suggestion
            ? { suggestionId: options.suggestion }
            : options.contact
              ? { contactId: options.contact }
              : { none: true },
        );
        if (options.json) printJson(summary);
        else process.stdout.write(`Staged contact ${stagedId}: match ${JSON.stringify(summary.match)}\n`);
      });
    });

  perStaged('action', 'choose merge, create, discard (or none)')
    .argument('<action>', 'merge, create, discard or none')
    .option(
      '--take <fields...>',
      'for merge: fields where the staged value wins (firstName, custom.<field> …)',
    )
    .action(async (job: number, stagedId: number, actionName: string, options) => {
      const action = choice(actionName, [...actions, 'none'] as const, 'action')!;
      await withApp(async (app) => {
        const summary = await app.review.setAction(
          await actorOf(app, options.user),
          job,
          stagedId,
          action === 'none' ? null : action,
          options.take ?? [],
        );
        if (options.json) printJson(summary);
        else process.stdout.write(`Staged contact ${stagedId}: ${summary.action ?? 'no action'}\n`);
      });
    });

  perStaged('edit', "edit a staged contact's profile")
    .requiredOption(
      '--set <field=value...>',
      'e.g. --set firstName=Ann birthDate=1980-04-02 (empty value clears)',
    )
    .action(async (job: number, stagedId: number, options) => {
      const edits: Record<string, string | null> = {};
      for (const pair of options.set as string[]) {
        const at = pair.indexOf('=');
        if (at < 1) throw new DovetailError('INVALID_ARGUMENT', `"${pair}" is not field=value`);
        edits[pair.slice(0, at)] = pair.slice(at + 1);
      }
      await withApp(async (app) => {
        const details = await app.review.edit(await actorOf(app, options.user), job, stagedId, edits);
        if (options.json) printJson(details);
        else process.stdout.write(`${formatStagedDetails(details)}\n`);
      });
    });

  perStaged('delete', 'delete a staged contact with its staged rows (irreversible; needs --yes)')
    .option('--yes', 'confirm')
    .action(async (job: number, stagedId: number, options) => {
      await withApp(async (app) => {
        await app.review.delete(await actorOf(app, options.user), job, stagedId, options.yes === true);
        process.stdout.write(`Staged contact ${stagedId} deleted.\n`);
      });
    });

  withFilterOptions(
    review.command('bulk').description('one action for every unprocessed staged contact the filter covers'),
    '--with-action <action>',
  )
    .argument('<job>', 'import process id', parseImportId)
    .requiredOption('--action <action>', 'the action to set: merge, create or discard')
    .option(...userOption)
    .option('--json', 'print JSON')
    .action(async (job: number, options) => {
      const action = choice(options.action, actions, 'action') as StagedContactAction;
      await withApp(async (app) => {
        const outcome = await app.review.bulkAction(
          await actorOf(app, options.user),
          job,
          filterOf(options, 'withAction'),
          action,
        );
        if (options.json) printJson(outcome);
        else process.stdout.write(`${outcome.updated} staged contact(s) set to ${action}.\n`);
      });
    });

  const background = (name: 'match' | 'process' | 'complete', description: string) =>
    review
      .command(name)
      .description(description)
      .argument('<job>', 'import process id', parseImportId)
      .option('-w, --wait', 'run it here and wait for it to finish')
      .option('--yes', 'complete: discard unprocessed staged contacts without asking')
      .option(
        '--identify-by <keys>',
        `match: duplicate keys that make a match High whatever its score, comma-separated (${duplicateKeys.join(', ')})`,
        parseIdentifyBy,
      )
      .option(...userOption)
      .option('--json', 'print JSON')
      .action(async (job: number, options) => {
        await withApp(async (app) => {
          const actor = await actorOf(app, options.user);
          if (name === 'match') await app.importFlow.startMatch(actor, job, options.identifyBy ?? []);
          else if (name === 'process') await app.importFlow.startProcess(actor, job);
          else await app.importFlow.startCompletion(actor, job, options.yes === true);
          if (options.wait) {
            await runImportJob(job, {
              repositories: app.repositories,
              config: app.config,
              notifications: app.notifications,
            });
          } else {
            // The same dispatcher as `import`: queued for `dovetail worker` with
            // DOVETAIL_JOB_RUNNER=workers, else a detached `dovetail jobs run` here.
            const jobs = createJobDispatcher(app, 'cli');
            jobs.start(job);
            await jobs.drain();
          }
          const shown = await app.imports.show(job);
          if (options.json) printJson(shown);
          else process.stdout.write(`${formatJob(shown)}\n`);
          if (shown.status === 'Failed') result.exitCode = 3;
        });
      });
  background('match', 'Match: compare the staged contacts with the contacts the on-behalf-of user may see');
  background('process', 'Process: apply the chosen actions');
  background('complete', 'Complete Import (asks for --yes when staged contacts are unprocessed)');

  review
    .command('export')
    .description(
      'the match results as CSV: each staged contact with its best suggestion (or every one), score, band and explanation',
    )
    .argument('<job>', 'import process id', parseImportId)
    .option('--all-suggestions', 'one row per suggestion, not only the best one')
    .option('--out <path>', 'write to this file instead of standard output')
    .option(...userOption)
    .action(async (job: number, options) => {
      await withApp(async (app) => {
        const actor = await actorOf(app, options.user);
        const csv = new PassThrough();
        const writing = app.review.exportMatches(actor, job, csv, {
          allSuggestions: options.allSuggestions === true,
        });
        // An unknown or foreign import fails before the first line: no file is made for it.
        await Promise.race([once(csv, 'readable'), writing]);
        const out = options.out ? fs.createWriteStream(options.out) : process.stdout;
        csv.pipe(out, { end: out !== process.stdout });
        await writing;
        await finished(out === process.stdout ? csv : out);
      });
    });

  review
    .command('report')
    .description('the Import Completion report')
    .argument('<job>', 'import process id', parseImportId)
    .option('--csv', 'as CSV')
    .option(...userOption)
    .option('--json', 'print JSON')
    .action(async (job: number, options) => {
      await withApp(async (app) => {
        const actor = await actorOf(app, options.user);
        if (options.csv) {
          const { report, contacts } = await app.importFlow.completedReport(actor, job);
          for await (const line of completionReportCsv(report, contacts)) process.stdout.write(line);
          return;
        }
        const report = await app.importFlow.report(actor, job);
        if (options.json) printJson(report);
        else process.stdout.write(`${formatReport(report)}\n`);
      });
    });

  review
    .command('undo')
    .description('undo a completed import from its audit trail (all or nothing)')
    .argument('<job>', 'import process id', parseImportId)
    .option(...userOption)
    .option('--json', 'print JSON')
    .action(async (job: number, options) => {
      await withApp(async (app) => {
        const outcome = await app.importFlow.undo(await actorOf(app, options.user), job);
        if (options.json) printJson(outcome);
        else
          process.stdout.write(
            `Import process ${job} undone: ${outcome.contactsDeleted} created contact(s) deleted, ${outcome.contactsRestored} merged contact(s) restored, ${outcome.entriesRemoved} entries removed.\n`,
          );
      });
    });
}
