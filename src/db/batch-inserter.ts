import type { Kysely } from 'kysely';

/**
 * Writes many rows and counter updates in one transaction. Each dialect provides the fastest
 * way it has (prepared statements on SQLite; COPY or multi-row inserts on PostgreSQL); the
 * portable query-builder version below is the reference.
 */
export interface BatchWrite {
  /** Rows as positional values in the order of `columns`: no per-row objects on the hot path. */
  inserts: Array<{ table: string; columns: readonly string[]; rows: readonly unknown[][] }>;
  /** `column = column + n` updates, with optional plain assignments, on the rows matching `where`. */
  increments: Array<{
    table: string;
    where: Record<string, unknown>;
    add: Record<string, number>;
    set?: Record<string, unknown>;
    /**
     * The batch is void unless this update matches a row: the whole transaction is rolled back
     * with a StaleBatchError (e.g. the writer no longer holds the file, or the job was cancelled).
     */
    required?: boolean;
  }>;
  /**
   * The batch carries its own progress (Load's lines_committed): it may commit without waiting
   * for the database's disk flush. A server crash can then lose the last such batches, but only
   * with their progress, so the resumed stage writes them again; and any later ordinary commit
   * flushes them first (PostgreSQL's log is written in order). SQLite already commits so.
   */
  carriesItsProgress?: boolean;
}

/** A batch whose writer no longer may write it (see `required`); nothing of it was committed. */
export class StaleBatchError extends Error {
  constructor(table: string) {
    super(`The batch was not written: its ${table} row no longer matches (lease lost or job ended)`);
  }
}

export interface BatchInserter {
  write(batch: BatchWrite): Promise<void>;
}

// SQLite accepts at most 32,766 bound values per statement; stay well below for every dialect.
const MAX_VALUES_PER_STATEMENT = 16_000;

export class QueryBuilderBatchInserter implements BatchInserter {
  // biome-ignore lint/suspicious/noExplicitAny: tables and columns come from the staging repository's typed rows.
  constructor(private readonly db: Kysely<any>) {}

  async write(batch: BatchWrite): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      for (const { table, columns, rows } of batch.inserts) {
        const perStatement = Math.max(1, Math.floor(MAX_VALUES_PER_STATEMENT / columns.length));
        for (let start = 0; start < rows.length; start += perStatement) {
          const objects = rows
            .slice(start, start + perStatement)
            .map((row) => Object.fromEntries(columns.map((column, index) => [column, row[index]])));
          await trx.insertInto(table).values(objects).execute();
        }
      }
      for (const update of batch.increments) {
        let query = trx.updateTable(update.table).set((eb) => {
          const values: Record<string, unknown> = { ...update.set };
          for (const [column, amount] of Object.entries(update.add)) values[column] = eb(column, '+', amount);
          return values;
        });
        for (const [column, value] of Object.entries(update.where)) query = query.where(column, '=', value);
        const [result] = await query.execute();
        if (update.required && Number(result?.numUpdatedRows ?? 0) === 0)
          throw new StaleBatchError(update.table);
      }
    });
  }
}
