import type { Database as SqliteConnection, Statement } from 'better-sqlite3';
import { type BatchInserter, type BatchWrite, StaleBatchError } from '../batch-inserter.js';
import type { SqliteWriteLock } from './sqlite-write-lock.js';

/** Rows per multi-row INSERT, and the bound values it may carry (SQLite allows 32,766). */
const ROWS_PER_STATEMENT = 32;
const VALUES_PER_STATEMENT = 1_000;

/**
 * Bulk staging on SQLite: one synchronous transaction over cached prepared statements. It is
 * many times faster than building multi-row INSERTs through the query builder, and nothing
 * else can interleave with a synchronous transaction on this connection.
 */
export class SqliteBatchInserter implements BatchInserter {
  private readonly statements = new Map<string, Statement>();
  private readonly updates = new Map<string, Statement>();

  /**
   * @param holdConnection runs `work` while nothing else of this process uses the connection
   * (Kysely's hold on its one connection): a batch written while another transaction of this
   * process was open between two statements (a request's, in the server that runs imports) went
   * into it as a savepoint, and that transaction's rollback took the batch with it.
   */
  constructor(
    private readonly connection: SqliteConnection,
    private readonly writeLock: SqliteWriteLock,
    private readonly holdConnection: (work: () => Promise<void>) => Promise<void>,
  ) {}

  write(batch: BatchWrite): Promise<void> {
    return this.holdConnection(() => this.#writeHeld(batch));
  }

  async #writeHeld(batch: BatchWrite): Promise<void> {
    // Immediate, like every transaction here: the write lock is waited for before it begins.
    await this.writeLock.inTransaction(() => {
      for (const { table, columns, rows } of batch.inserts) {
        if (rows.length === 0) continue;
        this.insertRows(table, columns, rows);
      }
      for (const update of batch.increments) {
        const set = update.set ?? {};
        const { changes } = this.updateStatement(update.table, set, update.add, update.where).run([
          ...Object.values(set),
          ...Object.values(update.add),
          ...Object.values(update.where),
        ]);
        if (update.required && changes === 0) throw new StaleBatchError(update.table);
      }
    });
  }

  /**
   * One statement per shape of update (table and column names), its values bound in the order
   * set, add, where: a batch may carry thousands of updates of one shape (the Match stage's
   * pre-selections), and building their SQL text and named parameters cost more than running them.
   */
  private updateStatement(
    table: string,
    set: Record<string, unknown>,
    add: Record<string, number>,
    where: Record<string, unknown>,
  ): Statement {
    const setColumns = Object.keys(set);
    const addColumns = Object.keys(add);
    const whereColumns = Object.keys(where);
    const shape = `${table}|${setColumns.join()}|${addColumns.join()}|${whereColumns.join()}`;
    let statement = this.updates.get(shape);
    if (!statement) {
      const sets = [
        ...setColumns.map((column) => `"${column}" = ?`),
        ...addColumns.map((column) => `"${column}" = "${column}" + ?`),
      ];
      const conditions = whereColumns.map((column) => `"${column}" = ?`);
      statement = this.cached(`update "${table}" set ${sets.join(', ')} where ${conditions.join(' and ')}`);
      this.updates.set(shape, statement);
    }
    return statement;
  }

  /**
   * Rows go in groups of ROWS_PER_STATEMENT through one multi-row INSERT, the rest one by one:
   * each statement run crosses from JavaScript into SQLite once, and that crossing cost about a
   * quarter of a staged row's insert.
   */
  private insertRows(table: string, columns: readonly string[], rows: readonly unknown[][]): void {
    const perStatement = Math.max(
      1,
      Math.min(ROWS_PER_STATEMENT, Math.floor(VALUES_PER_STATEMENT / columns.length)),
    );
    let start = 0;
    if (rows.length >= perStatement && perStatement > 1) {
      const group = this.insertStatement(table, columns, perStatement);
      const values: unknown[] = new Array(perStatement * columns.length);
      for (; start + perStatement <= rows.length; start += perStatement) {
        let at = 0;
        for (let index = start; index < start + perStatement; index++) {
          const row = rows[index]!;
          for (let column = 0; column < columns.length; column++) values[at++] = row[column];
        }
        group.run(values);
      }
    }
    if (start === rows.length) return;
    const single = this.insertStatement(table, columns, 1);
    for (; start < rows.length; start++) single.run(rows[start]);
  }

  private insertStatement(table: string, columns: readonly string[], rowCount: number): Statement {
    const names = columns.map((column) => `"${column}"`).join(', ');
    const tuple = `(${columns.map(() => '?').join(', ')})`;
    return this.cached(`insert into "${table}" (${names}) values ${Array(rowCount).fill(tuple).join(', ')}`);
  }

  private cached(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.connection.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}
