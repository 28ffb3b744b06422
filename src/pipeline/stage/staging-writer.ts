/**
 * Collects mapped rows of one file and commits them in batches. Before a batch is written it
 * settles what only the database knows: duplicate legacy keys, and child rows whose contact is
 * not staged (orphans). One batch = one transaction with its progress, the unit of crash
 * recovery.
 */

import type { StagingRepository } from '../../db/repositories/staging.repository.js';
import type { NewImportError } from '../../db/schema.js';
import type { RowProblem } from '../../errors/dovetail-error.js';
import { isContactDataType } from '../../format/attributes.js';
import type { MappedBatch, MappedChild, MappedContact, MappedRow } from '../../format/mapped-record.js';

export interface StagingWriterOptions {
  staging: StagingRepository;
  jobId: number;
  fileName: string;
  dataType: string;
  /** The legacy key column (contact files) or parent key column (child files), for messages. */
  keyColumn: string;
  /** Bytes of the file already covered by earlier batches (when resuming). */
  bytesDone: number;
  /** Called after every committed batch; may throw to stop the load (e.g. lease lost). */
  afterCommit?: () => Promise<void>;
  /** The worker holding the file's lease, when files are leased (see StagingBatch). */
  fileLeaseOwner?: string;
}

type PendingRow = MappedRow;

export class StagingWriter {
  private bytesDone: number;
  private readonly isContactFile: boolean;

  constructor(private readonly options: StagingWriterOptions) {
    this.bytesDone = options.bytesDone;
    this.isContactFile = isContactDataType(options.dataType as never);
  }

  /** Settles and commits one batch of mapped rows. */
  async write(batch: MappedBatch): Promise<void> {
    const rows = batch.rows;
    if (rows.length === 0) return;
    const { jobId, fileName } = this.options;
    const contacts: MappedContact[] = [];
    const children: MappedChild[] = [];
    const errors: NewImportError[] = [];
    let rowsRejected = 0;

    const reject = (row: PendingRow, problems: readonly RowProblem[], key: string | undefined) => {
      rowsRejected += 1;
      const rawValues = JSON.stringify(row.rawValues);
      for (const problem of problems) {
        errors.push({
          job_id: jobId,
          file_name: fileName,
          line: row.line,
          column_name: problem.column ?? null,
          value: problem.value?.replaceAll('\0', '') ?? null,
          code: problem.code,
          message: problem.message,
          legacy_key: this.isContactFile ? (key ?? null) : null,
          raw_values: rawValues,
        });
      }
    };

    const accepted = rows.filter((row) => {
      if (!row.result.ok) reject(row, row.result.problems, row.result.key);
      return row.result.ok;
    });

    const staged = this.isContactFile
      ? await this.settleDuplicateKeys(accepted, contacts, reject)
      : await this.settleOrphans(accepted, children, reject);
    // A staged row's left-out values are logged as warnings; a row refused later (duplicate key,
    // orphan) is logged with its refusal only, as nothing of it is staged.
    for (const row of staged) {
      if (!row.result.ok || row.result.warnings.length === 0) continue;
      const key = this.isContactFile ? (row.result.record as MappedContact).key : null;
      const rawValues = JSON.stringify(row.rawValues);
      for (const warning of row.result.warnings) {
        errors.push({
          job_id: jobId,
          file_name: fileName,
          line: row.line,
          column_name: warning.column ?? null,
          value: warning.value?.replaceAll('\0', '') ?? null,
          code: warning.code,
          message: `${warning.message}; the value was left out and the row imported`,
          legacy_key: key,
          raw_values: rawValues,
          severity: 'warning',
        });
      }
    }

    // Duplicates, orphans and warnings are settled after the other checks; the log still reads in
    // file order (the sort is stable, so a row's entries keep their column order).
    errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    const lastLine = rows[rows.length - 1]!.line;
    const bytesDelta = Math.max(0, batch.bytesRead - this.bytesDone);
    this.bytesDone = Math.max(this.bytesDone, batch.bytesRead);
    await this.options.staging.commitBatch({
      jobId,
      fileName,
      contacts,
      children,
      errors,
      linesCommitted: lastLine,
      bytesDone: this.bytesDone,
      bytesDelta,
      rowsRead: rows.length,
      rowsRejected,
      ...(this.options.fileLeaseOwner ? { fileLeaseOwner: this.options.fileLeaseOwner } : {}),
    });
    await this.options.afterCommit?.();
  }

  private async settleDuplicateKeys(
    accepted: PendingRow[],
    contacts: MappedContact[],
    reject: (row: PendingRow, problems: RowProblem[], key: string) => void,
  ): Promise<PendingRow[]> {
    const staged: PendingRow[] = [];
    const keys = accepted.map((row) => (row.result.ok ? (row.result.record as MappedContact).key : ''));
    // Duplicates are rare: only the keys found are looked up again, for where they are staged.
    const stagedKeys = await this.options.staging.findStagedKeys(this.options.jobId, keys);
    const alreadyStaged =
      stagedKeys.size > 0
        ? await this.options.staging.findStagedContacts(this.options.jobId, [...stagedKeys])
        : new Map<string, { file: string; line: number }>();
    const seenInBatch = new Map<string, number>();
    for (const row of accepted) {
      const contact = (row.result as { record: MappedContact }).record;
      const earlier = alreadyStaged.get(contact.key);
      const earlierLine = seenInBatch.get(contact.key);
      if (earlier || earlierLine !== undefined) {
        const where = earlier
          ? `line ${earlier.line} of ${earlier.file}`
          : `line ${earlierLine} of this file`;
        reject(
          row,
          [
            {
              code: 'ROW_DUPLICATE_KEY',
              message: `the legacy key "${contact.key}" is already used by the contact on ${where}`,
              column: this.options.keyColumn,
              value: contact.key,
            },
          ],
          contact.key,
        );
        continue;
      }
      seenInBatch.set(contact.key, row.line);
      contacts.push(contact);
      staged.push(row);
    }
    return staged;
  }

  private async settleOrphans(
    accepted: PendingRow[],
    children: MappedChild[],
    reject: (row: PendingRow, problems: RowProblem[], key: string) => void,
  ): Promise<PendingRow[]> {
    const stagedRows: PendingRow[] = [];
    const parentKeys = accepted.map((row) => (row.result as { record: MappedChild }).record.parentKey);
    const unstaged = await this.options.staging.findUnstagedKeys(this.options.jobId, parentKeys);
    const missing = parentKeys.filter((key) => unstaged.has(key));
    const rejected =
      missing.length > 0
        ? await this.options.staging.findRejectedContactRows(this.options.jobId, missing)
        : new Map<string, { file: string | null; line: number | null }>();
    for (const row of accepted) {
      const child = (row.result as { record: MappedChild }).record;
      if (!unstaged.has(child.parentKey)) {
        children.push(child);
        stagedRows.push(row);
        continue;
      }
      const parentError = rejected.get(child.parentKey);
      const message = parentError
        ? `its contact "${child.parentKey}" was not imported (see the error on line ${parentError.line} of ${parentError.file})`
        : `no contact with the legacy key "${child.parentKey}" is in the package`;
      reject(
        row,
        [{ code: 'ROW_ORPHAN', message, value: child.parentKey, column: this.options.keyColumn }],
        child.parentKey,
      );
    }
    return stagedRows;
  }
}
