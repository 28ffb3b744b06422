import type { ChildDataType } from '../../format/attributes.js';
import type { MappedChild, MappedContact } from '../../pipeline/map/mapped-record.js';
import type { Database } from '../database.js';
import { type NewImportError, stagedChildTables } from '../schema.js';

/** What one staging transaction writes: rows, their errors, and the progress they cover. */
export interface StagingBatch {
  jobId: string;
  fileName: string;
  contacts: readonly MappedContact[];
  children: readonly MappedChild[];
  errors: readonly NewImportError[];
  /** Last physical line of the file covered by this batch. */
  linesCommitted: number;
  bytesDone: number;
  bytesDelta: number;
  rowsRead: number;
  rowsRejected: number;
}

// SQLite accepts at most 32,766 bound values per statement; stay well below for every dialect.
const MAX_VALUES_PER_STATEMENT = 16_000;
const MAX_KEYS_PER_LOOKUP = 900;

const snakeCase = (name: string) => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

function chunk<T>(rows: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < rows.length; start += size) chunks.push(rows.slice(start, start + size));
  return chunks;
}

export class StagingRepository {
  constructor(private readonly db: Database) {}

  /**
   * Writes a batch and its progress in one transaction, so a crash leaves either all of it or
   * none of it, and a resumed load restarts right after linesCommitted.
   */
  async commitBatch(batch: StagingBatch): Promise<void> {
    const source = { job_id: batch.jobId, source_file: batch.fileName };
    const contactRows = batch.contacts.map((contact) => ({
      ...source,
      source_line: contact.line,
      legacy_key: contact.key,
      kind: contact.dataType,
      ...toColumns(contact.attributes),
    }));
    const fieldRows = batch.contacts.flatMap((contact) =>
      contact.fieldValues.map((fieldValue) => ({
        ...source,
        source_line: contact.line,
        contact_key: contact.key,
        ...fieldValue,
      })),
    );
    const childRows = batch.children.map((child) => ({
      ...source,
      source_line: child.line,
      contact_key: child.parentKey,
      ...toColumns(child.attributes),
    }));
    const childTable = batch.children[0] && stagedChildTables[batch.children[0].dataType as ChildDataType];
    const rowsStaged = batch.contacts.length + batch.children.length;

    await this.db.transaction().execute(async (trx) => {
      await insertChunked(trx, 'staged_contacts', contactRows);
      await insertChunked(trx, 'staged_field_values', fieldRows);
      if (childTable) await insertChunked(trx, childTable, childRows);
      await insertChunked(trx, 'import_errors', [...batch.errors]);
      await trx
        .updateTable('import_job_files')
        .set((eb) => ({
          lines_committed: batch.linesCommitted,
          bytes_done: batch.bytesDone,
          rows_read: eb('rows_read', '+', batch.rowsRead),
          rows_staged: eb('rows_staged', '+', rowsStaged),
          rows_rejected: eb('rows_rejected', '+', batch.rowsRejected),
        }))
        .where('job_id', '=', batch.jobId)
        .where('file_name', '=', batch.fileName)
        .execute();
      await trx
        .updateTable('import_jobs')
        .set((eb) => ({
          bytes_done: eb('bytes_done', '+', batch.bytesDelta),
          rows_read: eb('rows_read', '+', batch.rowsRead),
          rows_staged: eb('rows_staged', '+', rowsStaged),
          rows_rejected: eb('rows_rejected', '+', batch.rowsRejected),
          contacts_staged: eb('contacts_staged', '+', batch.contacts.length),
          error_count: eb('error_count', '+', batch.errors.length),
        }))
        .where('id', '=', batch.jobId)
        .execute();
    });
  }

  /** Where each of these keys is already staged as a contact of this job. */
  async findStagedContacts(
    jobId: string,
    keys: readonly string[],
  ): Promise<Map<string, { file: string; line: number }>> {
    const found = new Map<string, { file: string; line: number }>();
    for (const part of chunk([...new Set(keys)], MAX_KEYS_PER_LOOKUP)) {
      const rows = await this.db
        .selectFrom('staged_contacts')
        .select(['legacy_key', 'source_file', 'source_line'])
        .where('job_id', '=', jobId)
        .where('legacy_key', 'in', part)
        .execute();
      for (const row of rows) found.set(row.legacy_key, { file: row.source_file, line: row.source_line });
    }
    return found;
  }

  /** Where each of these contact keys was rejected, so orphaned child rows can point there. */
  async findRejectedContactRows(
    jobId: string,
    keys: readonly string[],
  ): Promise<Map<string, { file: string | null; line: number | null }>> {
    const found = new Map<string, { file: string | null; line: number | null }>();
    for (const part of chunk([...new Set(keys)], MAX_KEYS_PER_LOOKUP)) {
      const rows = await this.db
        .selectFrom('import_errors')
        .select(['legacy_key', 'file_name', 'line'])
        .where('job_id', '=', jobId)
        .where('legacy_key', 'in', part)
        .orderBy('id')
        .execute();
      for (const row of rows) {
        if (row.legacy_key && !found.has(row.legacy_key)) {
          found.set(row.legacy_key, { file: row.file_name, line: row.line });
        }
      }
    }
    return found;
  }

  /** Removes everything a job staged: used when the package turns out unusable mid-load. */
  async discardStagedRows(jobId: string): Promise<void> {
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

  async countStaged(jobId: string): Promise<Record<'contacts' | ChildDataType, number>> {
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

function toColumns(attributes: Record<string, unknown>): Record<string, unknown> {
  const columns: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(attributes)) columns[snakeCase(name)] = value;
  return columns;
}

async function insertChunked(db: Database, table: string, rows: readonly object[]): Promise<void> {
  const first = rows[0];
  if (!first) return;
  const rowsPerStatement = Math.max(1, Math.floor(MAX_VALUES_PER_STATEMENT / Object.keys(first).length));
  for (const part of chunk(rows, rowsPerStatement)) {
    // biome-ignore lint/suspicious/noExplicitAny: table names come from the typed constants above.
    await db.insertInto(table as any).values(part as any).execute();
  }
}
