/**
 * Moving a reviewed import on: Match, Process, Complete Import (with its confirmation), Undo,
 * and the Import Completion report. Starting the background work is the shell's part (the
 * server's BackgroundJobs, or the CLI's runner).
 */
import type { Repositories } from '../../db/repositories/index.js';
import { DovetailError } from '../../errors/dovetail-error.js';
import type { ImportStage } from '../../format/import-stages.js';
import { buildCompletionReport, type ImportReport } from '../complete/completion-report.js';
import { type ReportContact, reportContacts } from '../complete/report-contacts.js';
import { type DuplicateKey, duplicateKeys } from '../match/duplicate-keys.js';
import type { UndoResult } from '../undo/undo-import.js';
import { type ReviewActor, reviewStages, visibleJob, waitingJob, wrongStage } from './import-access.js';

export type { ImportReport } from '../complete/completion-report.js';

/**
 * Whether this version of Dovetail has background work for a stage. The job runner's handlers
 * (src/jobs/stages.ts) sit above the stages, so the app passes this in rather than this service
 * importing them.
 */
export type CanRunStage = (stage: ImportStage) => boolean;

export class ImportFlowService {
  constructor(
    private readonly repositories: Repositories,
    private readonly canRunStage: CanRunStage,
  ) {}

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

  /** The Import Completion report, at any stage (its figures so far before completion). */
  async report(actor: ReviewActor, jobId: number): Promise<ImportReport> {
    await visibleJob(this.repositories, actor, jobId);
    return buildCompletionReport(this.repositories, (await this.repositories.importJobs.find(jobId))!);
  }

  /**
   * The report of a completed import with every staged contact and what it became, for the CSV
   * and PDF downloads; before completion it is IMPORT_WRONG_STAGE (nothing is final yet).
   */
  async completedReport(
    actor: ReviewActor,
    jobId: number,
  ): Promise<{ report: ImportReport; contacts: AsyncIterable<ReportContact> }> {
    const job = await visibleJob(this.repositories, actor, jobId);
    if (job.stage !== 'Completed' || job.status !== 'Completed') {
      throw wrongStage(job, ['Completed'], 'reported on');
    }
    return {
      report: await this.report(actor, jobId),
      contacts: reportContacts(this.repositories, jobId),
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
    if (!this.canRunStage(stage)) {
      throw new DovetailError('INTERNAL_ERROR', `Stage "${stage}" cannot run in this version of Dovetail`);
    }
    if (!(await this.repositories.importJobs.startStage(jobId, from, stage, settings))) {
      // Someone else moved it first.
      throw wrongStage((await this.repositories.importJobs.find(jobId)) ?? job, from, what);
    }
  }
}
