import type { Database as SqliteConnection, Statement } from 'better-sqlite3';
import { type BatchInserter, type BatchWrite, StaleBatchError } from '../batch-inserter.js';

/**
 * Bulk staging on SQLite: one synchronous transaction over cached prepared statements. It is
 * many times faster than building multi-row INSERTs through the query builder, and nothing
 * else can interleave with a synchronous transaction on this connection.
 */
export class SqliteBatchInserter implements BatchInserter {
  private readonly statements = new Map<string, Statement>();
  private readonly updates = new Map<string, Statement>();

  constructor(private readonly connection: SqliteConnection) {}

  async write(batch: BatchWrite): Promise<void> {
    // Immediate, like every transaction here (sqlite.ts): it waits for the write lock up front.
    this.connection
      .transaction(() => {
        for (const { table, columns, rows } of batch.inserts) {
          if (rows.length === 0) continue;
          const insert = this.insertStatement(table, columns);
          for (const row of rows) insert.run(row);
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
      })
      .immediate();
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

  private insertStatement(table: string, columns: readonly string[]): Statement {
    const names = columns.map((column) => `"${column}"`).join(', ');
    const values = columns.map(() => '?').join(', ');
    return this.cached(`insert into "${table}" (${names}) values (${values})`);
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
