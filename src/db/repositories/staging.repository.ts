import { sql } from 'kysely';
import type { ChildDataType } from '../../format/attributes.js';
import type { MappedChild, MappedContact } from '../../format/mapped-record.js';
import type { BatchInserter } from '../batch-inserter.js';
import type { Database, DialectName } from '../database.js';
import { isOneOfKeys } from '../key-list.js';
import { type NewImportError, stagedChildTables } from '../schema.js';
import {
  childAttributes,
  childColumns,
  contactAttributes,
  contactColumns,
  fieldValueColumns,
  importErrorColumns,
} from './staging-columns.js';

/** What one staging transaction writes: rows, their errors, and the progress they cover. */
export interface StagingBatch {
  jobId: number;
  fileName: string;
  contacts: readonly MappedContact[];
  children: readonly MappedChild[];
  /** Errors of refused rows and warnings of staged ones (severity 'warning'), counted apart. */
  errors: readonly NewImportError[];
  /** Last physical line of the file covered by this batch. */
  linesCommitted: number;
  bytesDone: number;
  bytesDelta: number;
  rowsRead: number;
  rowsRejected: number;
  /** The worker holding the file's lease: the batch is void (StaleBatchError) once it does not. */
  fileLeaseOwner?: string;
}

export class StagingRepository {
  constructor(
    private readonly db: Database,
    private readonly batchInserter: BatchInserter,
    private readonly dialect: DialectName,
  ) {}

  /**
   * Writes a batch and its progress in one transaction, so a crash leaves either all of it or
   * none of it, and a resumed load restarts right after linesCommitted.
   */
  async commitBatch(batch: StagingBatch): Promise<void> {
    const { jobId, fileName } = batch;
    const contactRows = batch.contacts.map((contact) => {
      const row: unknown[] = [jobId, fileName, contact.line, contact.key, contact.dataType];
      for (const name of contactAttributes) row.push(contact.attributes[name] ?? null);
      return row;
    });
    const fieldRows = batch.contacts.flatMap((contact) =>
      contact.fieldValues.map((field) => [
        jobId,
        fileName,
        contact.line,
        contact.key,
        field.scope,
        field.field,
        field.value,
      ]),
    );
    const childType = batch.children[0]?.dataType;
    const childNames = childType ? childAttributes(childType) : [];
    const childRows = batch.children.map((child) => {
      const row: unknown[] = [jobId, fileName, child.line, child.parentKey];
      for (const name of childNames) row.push(child.attributes[name] ?? null);
      return row;
    });
    const errorRows = batch.errors.map((error) =>
      importErrorColumns.map((column) =>
        column === 'severity' ? (error.severity ?? 'error') : (error[column] ?? null),
      ),
    );
    const warningCount = batch.errors.filter((error) => error.severity === 'warning').length;
    const rowsStaged = batch.contacts.length + batch.children.length;
    const counts = {
      rows_read: batch.rowsRead,
      rows_staged: rowsStaged,
      rows_rejected: batch.rowsRejected,
      warning_count: warningCount,
    };

    await this.batchInserter.write({
      carriesItsProgress: true,
      inserts: [
        { table: 'staged_contacts', columns: contactColumns, rows: contactRows },
        { table: 'staged_field_values', columns: fieldValueColumns, rows: fieldRows },
        ...(childType
          ? [{ table: stagedChildTables[childType], columns: childColumns(childType), rows: childRows }]
          : []),
        { table: 'import_errors', columns: importErrorColumns, rows: errorRows },
      ],
      increments: [
        {
          table: 'import_job_files',
          where: {
            job_id: batch.jobId,
            file_name: batch.fileName,
            ...(batch.fileLeaseOwner ? { lease_owner: batch.fileLeaseOwner } : {}),
          },
          set: { lines_committed: batch.linesCommitted, bytes_done: batch.bytesDone },
          add: counts,
          required: true,
        },
        {
          table: 'import_jobs',
          // Nothing more is staged for a job that ended (cancelled, or failed by another worker).
          where: { id: batch.jobId, status: 'Running' },
          required: true,
          add: {
            ...counts,
            bytes_done: batch.bytesDelta,
            contacts_staged: batch.contacts.length,
            error_count: batch.errors.length - warningCount,
          },
        },
      ],
    });
  }

  /**
   * Which of these keys are staged as contacts of this job. Cheaper than findStagedContacts: the
   * key's own index answers it (on SQLite without reading the rows), once per batch of every file.
   */
  async findStagedKeys(jobId: number, keys: readonly string[]): Promise<Set<string>> {
    const found = new Set<string>();
    if (keys.length === 0) return found;
    const rows = await this.db
      .selectFrom('staged_contacts')
      .select('legacy_key')
      .where('job_id', '=', jobId)
      .where(isOneOfKeys(this.dialect, 'legacy_key', [...new Set(keys)]))
      .execute();
    for (const row of rows) found.add(row.legacy_key);
    return found;
  }

  /**
   * Which of these keys are NOT staged as contacts of this job: a child file's parents, which are
   * nearly all staged, so the answer is short. On SQLite the keys go through the key's index as an
   * anti-join, which costs half of listing the staged ones (measured); on PostgreSQL the lookup is
   * findStagedKeys', as before.
   */
  async findUnstagedKeys(jobId: number, keys: readonly string[]): Promise<Set<string>> {
    const wanted = [...new Set(keys)];
    if (wanted.length === 0) return new Set();
    if (this.dialect === 'postgres') {
      const staged = await this.findStagedKeys(jobId, wanted);
      return new Set(wanted.filter((key) => !staged.has(key)));
    }
    const rows = await this.db
      .selectFrom(sql<{ value: string }>`json_each(${JSON.stringify(wanted)})`.as('wanted'))
      .select('wanted.value')
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('staged_contacts')
              .select(sql.lit(1).as('one'))
              .where('job_id', '=', jobId)
              .whereRef('legacy_key', '=', 'wanted.value'),
          ),
        ),
      )
      .execute();
    return new Set(rows.map((row) => row.value));
  }

  /** Where each of these keys is already staged as a contact of this job. */
  async findStagedContacts(
    jobId: number,
    keys: readonly string[],
  ): Promise<Map<string, { file: string; line: number }>> {
    const found = new Map<string, { file: string; line: number }>();
    if (keys.length === 0) return found;
    const rows = await this.db
      .selectFrom('staged_contacts')
      .select(['legacy_key', 'source_file', 'source_line'])
      .where('job_id', '=', jobId)
      .where(isOneOfKeys(this.dialect, 'legacy_key', [...new Set(keys)]))
      .execute();
    for (const row of rows) found.set(row.legacy_key, { file: row.source_file, line: row.source_line });
    return found;
  }

  /** Where each of these contact keys was rejected, so orphaned child rows can point there. */
  async findRejectedContactRows(
    jobId: number,
    keys: readonly string[],
  ): Promise<Map<string, { file: string | null; line: number | null }>> {
    const found = new Map<string, { file: string | null; line: number | null }>();
    if (keys.length === 0) return found;
    const rows = await this.db
      .selectFrom('import_errors')
      .select(['legacy_key', 'file_name', 'line'])
      .where('job_id', '=', jobId)
      .where(isOneOfKeys(this.dialect, 'legacy_key', [...new Set(keys)]))
      .orderBy('id')
      .execute();
    for (const row of rows) {
      if (row.legacy_key && !found.has(row.legacy_key)) {
        found.set(row.legacy_key, { file: row.file_name, line: row.line });
      }
    }
    return found;
  }

  /** Removes everything a job staged: used when the package turns out unusable mid-load. */
  async discardStagedRows(jobId: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('staged_contacts').where('job_id', '=', jobId).execute();
      for (const table of Object.values(stagedChildTables)) {
        await trx.deleteFrom(table).where('job_id', '=', jobId).execute();
      }
      await trx
        .updateTable('import_job_files')
        .set({ rows_staged: 0, state: 'pending' })
        .where('job_id', '=', jobId)
        .execute();
      await trx
        .updateTable('import_jobs')
        .set({ rows_staged: 0, contacts_staged: 0 })
        .where('id', '=', jobId)
        .execute();
    });
  }

  async countStaged(jobId: number): Promise<Record<'contacts' | ChildDataType, number>> {
    const count = async (table: 'staged_contacts' | (typeof stagedChildTables)[ChildDataType]) => {
      const row = await this.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('job_id', '=', jobId)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    };
    return {
      contacts: await count('staged_contacts'),
      address: await count('staged_addresses'),
      communication: await count('staged_communications'),
      note: await count('staged_notes'),
      category: await count('staged_categories'),
      customField: await count('staged_field_values'),
    };
  }
}
