import type { ImportJobWithUsers } from '../db/repositories/import-jobs.repository.js';
import type { ImportJobFileRow } from '../db/schema.js';
import { parseDuplicateKeys } from '../pipeline/match/duplicate-keys.js';
import type { ImportJob, ImportStage, ImportStatus } from './import-job.js';

/** Turns stored rows into the ImportJob that every shell shows. */
export function toImportJob(row: ImportJobWithUsers, files: readonly ImportJobFileRow[]): ImportJob {
  const totalBytes = Number(row.total_bytes);
  const bytesDone = Number(row.bytes_done);
  // Past Load Package the bytes are all read; later stages show their own counts.
  const loaded = row.status !== 'Running' || row.stage !== 'Load Package';
  return {
    id: row.id,
    description: row.description,
    packageName: row.package_name,
    onBehalfOf: row.on_behalf_of,
    submittedBy: row.submitted_by,
    stage: row.stage as ImportStage,
    status: row.status as ImportStatus,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    counts: {
      rowsRead: row.rows_read,
      rowsStaged: row.rows_staged,
      rowsRejected: row.rows_rejected,
      contactsStaged: row.contacts_staged,
      errorCount: row.error_count,
      warningCount: row.warning_count,
    },
    progress: {
      bytesDone,
      totalBytes,
      percent: loaded ? 100 : totalBytes > 0 ? Math.min(99, Math.floor((bytesDone / totalBytes) * 100)) : 0,
    },
    identifyDuplicatesBy: parseDuplicateKeys(row.identify_duplicates_by),
    failure: row.failure_code ? { code: row.failure_code, message: row.failure_message ?? '' } : null,
    files: files.map((file) => ({
      fileName: file.file_name,
      dataType: file.data_type,
      state: file.state,
      encoding: file.encoding,
      delimiter: file.delimiter,
      rowsRead: file.rows_read,
      rowsStaged: file.rows_staged,
      rowsRejected: file.rows_rejected,
      warningCount: file.warning_count,
    })),
  };
}
