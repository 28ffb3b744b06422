/** Stages and statuses of an import process, in NexJ's words. */
import type { DuplicateKey } from '../pipeline/match/duplicate-keys.js';
export const importStages = [
  'Load Package',
  'Review Staged Data',
  'Match',
  'Review Match Results',
  'Process',
  'Completed',
] as const;
export const importStatuses = ['Running', 'Waiting for User', 'Completed', 'Failed'] as const;

/** The failure code of a job a user cancelled (POST /api/imports/:id/cancel, `imports cancel`). */
export const importCancelledCode = 'IMPORT_CANCELLED';

export type ImportStage = (typeof importStages)[number];
export type ImportStatus = (typeof importStatuses)[number];

export interface ImportCounts {
  rowsRead: number;
  rowsStaged: number;
  rowsRejected: number;
  contactsStaged: number;
  /** Errors: refused rows' problems and package problems. */
  errorCount: number;
  /** Invalid optional values left out of staged rows (onInvalid "dropValue"). */
  warningCount: number;
}

export interface ImportFileSummary {
  fileName: string;
  dataType: string;
  state: 'pending' | 'loading' | 'done';
  encoding: string | null;
  delimiter: string | null;
  rowsRead: number;
  rowsStaged: number;
  rowsRejected: number;
  warningCount: number;
}

/** An import process as every shell (CLI, API, UI) shows it. */
export interface ImportJob {
  id: number;
  description: string;
  packageName: string;
  onBehalfOf: string;
  submittedBy: string;
  stage: ImportStage;
  status: ImportStatus;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  counts: ImportCounts;
  progress: { bytesDone: number; totalBytes: number; percent: number };
  failure: { code: string; message: string } | null;
  files: ImportFileSummary[];
  /** The duplicate keys chosen for the last Match (see duplicate-keys.ts); empty: the score alone. */
  identifyDuplicatesBy: DuplicateKey[];
}
