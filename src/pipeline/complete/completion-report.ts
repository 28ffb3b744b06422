/**
 * The Import Completion report: who imported what for whom and when, the totals by action and by
 * file, the contact list, the load's errors and the warnings a reviewer should read. Every shell
 * (API JSON, CSV, PDF, the web page) shows this one object.
 */

import type { ImportJobWithUsers } from '../../db/repositories/import-jobs.repository.js';
import type { Repositories } from '../../db/repositories/index.js';
import { type StagedOutcome, stagedOutcomeOf, stagedOutcomes } from '../review/review-views.js';

/** How many of the load's errors the report itself lists; the Error Log has them all. */
export const reportErrorsListed = 20;

export type OutcomeCounts = Record<StagedOutcome, number>;

export interface ReportFile extends OutcomeCounts {
  file: string;
  /** Staged contacts the file holds now (deleted ones are gone). */
  staged: number;
  rowsRejected: number;
}

export interface ImportReport {
  jobId: number;
  packageName: string;
  description: string;
  onBehalfOf: string;
  submittedBy: string;
  stage: string;
  status: string;
  createdAt: string;
  startedAt: string | null;
  completedAt: string | null;
  undoneAt: string | null;
  totals: {
    /** Staged contacts the import holds now: the same number as the list of staged contacts. */
    staged: number;
    created: number;
    merged: number;
    discarded: number;
    /** Staged contacts nobody processed, discarded by Complete Import. */
    discardedAtCompletion: number;
    /** Still unprocessed (before completion). */
    unprocessed: number;
    rowsRejected: number;
  };
  byFile: ReportFile[];
  contactList: { id: number; name: string; size: number } | null;
  errors: {
    total: number;
    first: Array<{
      file: string | null;
      line: number | null;
      column: string | null;
      value: string | null;
      code: string;
      message: string;
    }>;
  };
  warnings: string[];
}

const zeroOutcomes = (): OutcomeCounts =>
  Object.fromEntries(stagedOutcomes.map((outcome) => [outcome, 0])) as OutcomeCounts;

const plural = (count: number, one: string, many = `${one}s`) =>
  `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;

/** The report of a job the caller may see (visibility is the caller's check). */
export async function buildCompletionReport(
  repositories: Repositories,
  job: ImportJobWithUsers,
): Promise<ImportReport> {
  const [figures, outcomes, errorsByFile, firstErrors, logTotals] = await Promise.all([
    repositories.processing.reportFigures(job.id, job.contact_list_id),
    repositories.review.outcomesByFile(job.id),
    repositories.importErrors.countByFile(job.id),
    repositories.importErrors.first(job.id, reportErrorsListed),
    repositories.importErrors.count(job.id),
  ]);
  const files = new Map<string, ReportFile>();
  const fileOf = (file: string) => {
    let entry = files.get(file);
    if (!entry) {
      entry = { file, staged: 0, rowsRejected: 0, ...zeroOutcomes() };
      files.set(file, entry);
    }
    return entry;
  };
  for (const group of outcomes) {
    const entry = fileOf(group.file);
    entry.staged += group.count;
    // The report keeps what each row became even after Undo; undoneAt says it was reverted.
    const outcome = stagedOutcomeOf(
      {
        processed_at: group.processed ? 'processed' : null,
        action: group.action,
        result_contact_id: group.resulted ? 1 : null,
      },
      false,
    );
    entry[outcome] += group.count;
  }
  for (const { file, count } of errorsByFile) if (file !== null) fileOf(file).rowsRejected += count;
  const byFile = [...files.values()].sort((a, b) => a.file.localeCompare(b.file));
  const staged = byFile.reduce((sum, file) => sum + file.staged, 0);

  const warnings: string[] = [];
  if (figures.discardedAtCompletion > 0) {
    warnings.push(
      `${plural(figures.discardedAtCompletion, 'staged contact was', 'staged contacts were')} not processed and discarded by Complete Import.`,
    );
  }
  if (job.rows_rejected > 0) {
    warnings.push(
      `${plural(job.rows_rejected, 'row was', 'rows were')} rejected when the package was loaded (see the Error Log).`,
    );
  }
  if (logTotals.warnings > 0) {
    warnings.push(
      `${plural(logTotals.warnings, 'invalid value was', 'invalid values were')} left out of staged contacts, each with a warning (see the Error Log).`,
    );
  }
  if (job.undone_at !== null) {
    warnings.push(`This import was undone on ${job.undone_at}: its contacts were removed or restored.`);
  }

  return {
    jobId: job.id,
    packageName: job.package_name,
    description: job.description,
    onBehalfOf: job.on_behalf_of,
    submittedBy: job.submitted_by,
    stage: job.stage,
    status: job.status,
    createdAt: job.created_at,
    startedAt: job.started_at,
    completedAt: job.status === 'Completed' ? job.finished_at : null,
    undoneAt: job.undone_at,
    totals: {
      staged,
      created: job.contacts_created,
      merged: job.contacts_merged,
      discarded: job.contacts_discarded,
      discardedAtCompletion: figures.discardedAtCompletion,
      unprocessed: figures.unprocessed,
      rowsRejected: job.rows_rejected,
    },
    byFile,
    contactList: figures.list,
    errors: {
      total: logTotals.errors,
      first: firstErrors.map((error) => ({
        file: error.file_name,
        line: error.line,
        column: error.column_name,
        value: error.value,
        code: error.code,
        message: error.message,
      })),
    },
    warnings,
  };
}

/** The words people read for each outcome, in the report and the workspace alike. */
export const outcomeLabels: Record<StagedOutcome, string> = {
  pending: 'Not processed yet',
  created: 'Created',
  merged: 'Merged',
  discarded: 'Discarded',
  notProcessed: 'Not processed (discarded at completion)',
  undone: 'Undone',
};
