import type { Database } from '../database.js';
import type { ImportErrorRow, NewImportError } from '../schema.js';

export class ImportErrorsRepository {
  constructor(private readonly db: Database) {}

  async add(errors: readonly NewImportError[]): Promise<void> {
    if (errors.length === 0) return;
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('import_errors')
        .values([...errors])
        .execute();
      await trx
        .updateTable('import_jobs')
        .set((eb) => ({ error_count: eb('error_count', '+', errors.length) }))
        .where('id', '=', errors[0]!.job_id)
        .execute();
    });
  }

  /** The first errors in the order they were found: what the error log shows. */
  first(jobId: number, limit: number): Promise<ImportErrorRow[]> {
    return this.db
      .selectFrom('import_errors')
      .selectAll()
      .where('job_id', '=', jobId)
      .orderBy('id')
      .limit(limit)
      .execute();
  }

  async count(jobId: number): Promise<number> {
    const row = await this.db
      .selectFrom('import_errors')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('job_id', '=', jobId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Every error of a job, streamed in order, optionally of one file only (for the full error file). */
  stream(jobId: number, fileName?: string): AsyncIterableIterator<ImportErrorRow> {
    let query = this.db.selectFrom('import_errors').selectAll().where('job_id', '=', jobId);
    if (fileName !== undefined) query = query.where('file_name', '=', fileName);
    return query.orderBy('id').stream(500);
  }
}
