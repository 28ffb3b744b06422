/** An import process as the shells show it; its stage and status vocabulary lives in src/format. */

import type { ImportStage, ImportStatus } from '../format/import-stages.js';
import type { DuplicateKey } from '../pipeline/match/duplicate-keys.js';

export {
  type ImportStage,
  type ImportStatus,
  importStages,
  importStatuses,
} from '../format/import-stages.js';

/** The failure code of a job a user cancelled (POST /api/imports/:id/cancel, `imports cancel`). */
export const importCancelledCode = 'IMPORT_CANCELLED';

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
