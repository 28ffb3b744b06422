/**
 * Moving a reviewed import on: Match, Process, Complete Import (with its confirmation), Undo,
 * and the Import Completion report. Starting the background work is the shell's part (the
 * server's BackgroundJobs, or the CLI's runner).
 */
import type { Repositories } from '../../db/repositories/index.js';
import { DovetailError } from '../../errors/dovetail-error.js';
import type { ImportStage } from '../../jobs/import-job.js';
import { backgroundStages } from '../../jobs/stages.js';
import { type DuplicateKey, duplicateKeys } from '../match/duplicate-keys.js';
import type { UndoResult } from '../undo/undo-import.js';
import { type ReviewActor, reviewStages, visibleJob, waitingJob, wrongStage } from './import-access.js';

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
  contactList: { id: number; name: string; size: number } | null;
}

export class ImportFlowService {
  constructor(private readonly repositories: Repositories) {}

  /**
   * Review Staged Data / Review Match Results → Match (Running). `identifyBy`: duplicate keys
   * that make a match High whatever its score (duplicate-keys.ts); none: the score alone.
   */
  startMatch(actor: ReviewActor, jobId: number, identifyBy: readonly DuplicateKey[] = []): Promise<void> {
    const chosen = duplicateKeys.filter((key) => identifyBy.includes(key));
    return this.start(actor, jobId, reviewStages, 'Match', 'matched', {
      identify_duplicates_by: chosen.length > 0 ? JSON.stringify(chosen) : null,
    });
  }

  /** Review Staged Data / Review Match Results → Process (Running). */
  startProcess(actor: ReviewActor, jobId: number): Promise<void> {
    return this.start(actor, jobId, reviewStages, 'Process', 'processed');
  }

  /**
   * → Completed (Running). Unprocessed staged contacts would be discarded: without confirm that
   * is CONFIRMATION_REQUIRED with their number.
   */
  async startCompletion(actor: ReviewActor, jobId: number, confirm: boolean): Promise<void> {
    await waitingJob(this.repositories, actor, jobId, reviewStages, 'completed');
    const unprocessed = await this.repositories.review.countUnprocessed(jobId);
    if (unprocessed > 0 && !confirm) {
      throw new DovetailError(
        'CONFIRMATION_REQUIRED',
        `${unprocessed} staged contact${unprocessed === 1 ? ' has' : 's have'} not been processed and will be discarded by Complete Import; confirm to go on (confirm: true, or --yes)`,
        {},
        { unprocessed },
      );
    }
    await this.start(actor, jobId, reviewStages, 'Completed', 'completed');
  }

  /** Reverts a completed import from its audit trail; all or nothing (see undo-import.ts). */
  async undo(actor: ReviewActor, jobId: number): Promise<UndoResult> {
    const job = await visibleJob(this.repositories, actor, jobId);
    if (job.stage !== 'Completed' || job.status !== 'Completed') {
      throw wrongStage(job, ['Completed'], 'undone');
    }
    if (job.undone_at !== null) {
      throw new DovetailError(
        'IMPORT_WRONG_STAGE',
        `Import process ${jobId} was already undone at ${job.undone_at}`,
      );
    }
    const { undoImport } = await import('../undo/undo-import.js');
    return undoImport(job, this.repositories, actor.id);
  }

  async report(actor: ReviewActor, jobId: number): Promise<ImportReport> {
    await visibleJob(this.repositories, actor, jobId);
    const job = (await this.repositories.importJobs.find(jobId))!;
    const figures = await this.repositories.processing.reportFigures(jobId, job.contact_list_id);
    return {
      jobId,
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
        staged: job.contacts_staged,
        created: job.contacts_created,
        merged: job.contacts_merged,
        discarded: job.contacts_discarded,
        discardedAtCompletion: figures.discardedAtCompletion,
        unprocessed: figures.unprocessed,
        rowsRejected: job.rows_rejected,
      },
      contactList: figures.list,
    };
  }

  private async start(
    actor: ReviewActor,
    jobId: number,
    from: readonly ImportStage[],
    stage: ImportStage,
    what: string,
    settings: { identify_duplicates_by?: string | null } = {},
  ): Promise<void> {
    const job = await waitingJob(this.repositories, actor, jobId, from, what);
    // Moving the job on to a stage nobody can run would leave it Failed.
    if (!backgroundStages[stage]) {
      throw new DovetailError('INTERNAL_ERROR', `Stage "${stage}" cannot run in this version of Dovetail`);
    }
    if (!(await this.repositories.importJobs.startStage(jobId, from, stage, settings))) {
      // Someone else moved it first.
      throw wrongStage((await this.repositories.importJobs.find(jobId)) ?? job, from, what);
    }
  }
}

/** The report as CSV lines: one item per line, as a spreadsheet opens it. */
export function reportCsvRows(report: ImportReport): string[][] {
  return [
    ['Item', 'Value'],
    ['Package', report.packageName],
    ['Description', report.description],
    ['On Behalf Of', report.onBehalfOf],
    ['Submitted By', report.submittedBy],
    ['Started', report.startedAt ?? ''],
    ['Completed', report.completedAt ?? ''],
    ['Undone', report.undoneAt ?? ''],
    ['Contacts Staged', String(report.totals.staged)],
    ['Created', String(report.totals.created)],
    ['Merged', String(report.totals.merged)],
    ['Discarded', String(report.totals.discarded)],
    ['Discarded At Completion', String(report.totals.discardedAtCompletion)],
    ['Unprocessed', String(report.totals.unprocessed)],
    ['Rows Rejected At Load', String(report.totals.rowsRejected)],
    [
      'Contact List',
      report.contactList ? `${report.contactList.name} (${report.contactList.size} contacts)` : '',
    ],
  ];
}
