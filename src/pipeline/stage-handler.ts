import type { Config } from '../config/config.js';
import type { Repositories } from '../db/repositories/index.js';
import type { ImportJobRow } from '../db/schema.js';
import type { ImportStage, ImportStatus } from '../format/import-stages.js';

/** What a background stage gets from the job runner. */
export interface StageContext {
  job: ImportJobRow;
  repositories: Repositories;
  config: Config;
  /** The runner's lease owner, for stages that share their work with other workers (Load Package's files). */
  workerId?: string;
  /**
   * Call after each committed batch. Throws when this runner no longer holds the job (another
   * worker took it over, or it was cancelled), so the stage stops; reports progress otherwise.
   */
  checkpoint(): Promise<void>;
}

/** Where the job goes once the stage has done its work, and which alarm (if any) the user gets. */
export interface StageOutcome {
  next: { stage: ImportStage; status: ImportStatus };
  notify?: 'success' | 'error';
  /** The alarm's text when the stage has its own (Complete Import); the import job's text otherwise. */
  notifyText?: string;
}

/**
 * One background stage of an import (Load Package, Match, Process, Complete Import). A stage
 * reads durable input and records its progress in the same transaction as its output, so running
 * it again after a crash continues where it stopped and never writes anything twice.
 */
export type StageHandler = (context: StageContext) => Promise<StageOutcome>;
