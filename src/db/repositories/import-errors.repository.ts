import type { Database } from '../database.js';
import type { ImportErrorRow, NewImportError } from '../schema.js';

const ERRORS_PER_PAGE = 1000;

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

  /** How many errors (not warnings) each file has (null: errors of the package itself). */
  async countByFile(jobId: number): Promise<Array<{ file: string | null; count: number }>> {
    const rows = await this.db
      .selectFrom('import_errors')
      .select((eb) => ['file_name', eb.fn.countAll<number>().as('n')])
      .where('job_id', '=', jobId)
      .where('severity', '=', 'error')
      .groupBy('file_name')
      .orderBy('file_name')
      .execute();
    return rows.map((row) => ({ file: row.file_name, count: Number(row.n) }));
  }

  /** How many entries of each severity the job's log holds, whatever the log's limit. */
  async count(jobId: number): Promise<{ errors: number; warnings: number }> {
    const rows = await this.db
      .selectFrom('import_errors')
      .select(['severity', (eb) => eb.fn.countAll<number>().as('n')])
      .where('job_id', '=', jobId)
      .groupBy('severity')
      .execute();
    const of = (severity: string) => Number(rows.find((row) => row.severity === severity)?.n ?? 0);
    return { errors: of('error'), warnings: of('warning') };
  }

  /**
   * Every error of a job in order, optionally of one file only (for the full error file). Read in
   * pages by id (keyset pagination), which works the same on every dialect and holds no cursor or
   * connection open while the caller writes.
   */
  async *stream(jobId: number, fileName?: string): AsyncIterableIterator<ImportErrorRow> {
    let after: number | undefined;
    for (;;) {
      let query = this.db.selectFrom('import_errors').selectAll().where('job_id', '=', jobId);
      if (fileName !== undefined) query = query.where('file_name', '=', fileName);
      if (after !== undefined) query = query.where('id', '>', after);
      const page = await query.orderBy('id').limit(ERRORS_PER_PAGE).execute();
      yield* page;
      if (page.length < ERRORS_PER_PAGE) return;
      after = page[page.length - 1]!.id;
    }
  }
}
