import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { type BatchInserter, type BatchWrite, StaleBatchError } from '../batch-inserter.js';
import { copyTextLine } from './postgres-copy-text.js';

/** PostgreSQL binds at most 65,535 parameters in one statement. */
const MAX_PARAMETERS_PER_STATEMENT = 65_535;

/** Below this many rows a multi-row INSERT costs less than starting a COPY. */
const COPY_FROM_ROWS = 32;

/** Characters of COPY text sent to the server in one write. */
const COPY_CHUNK_CHARACTERS = 256 * 1024;

/** Rows a table must gain before its planner statistics are refreshed the first time. */
const ANALYZE_AFTER_ROWS = 10_000;

/**
 * Bulk staging on PostgreSQL: one transaction on one pooled client, each table's rows through
 * `COPY … FROM STDIN` (text format; a handful of rows as a multi-row INSERT), then the progress
 * counters. COPY runs inside the transaction, so a batch and its progress still commit together
 * (see decision 003).
 */
export class PostgresBatchInserter implements BatchInserter {
  private readonly insertSql = new Map<string, string>();
  /** Rows inserted per table by this process: since the last ANALYZE, and up to it. */
  private readonly growth = new Map<string, { pending: number; analyzed: number }>();

  constructor(private readonly pool: pg.Pool) {}

  async write(batch: BatchWrite): Promise<void> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      // One round trip: a simple query may hold several statements.
      await client.query(batch.carriesItsProgress ? 'begin; set local synchronous_commit = off' : 'begin');
      try {
        for (const { table, columns, rows } of batch.inserts) {
          if (rows.length >= COPY_FROM_ROWS) {
            await copyRows(client, table, columns, rows);
            continue;
          }
          const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS_PER_STATEMENT / columns.length));
          for (let start = 0; start < rows.length; start += perStatement) {
            const end = Math.min(rows.length, start + perStatement);
            const values: unknown[] = [];
            for (let index = start; index < end; index++) {
              for (const value of rows[index]!) values.push(value);
            }
            await client.query(this.insertStatement(table, columns, end - start), values);
          }
        }
        for (const update of batch.increments) {
          const values: unknown[] = [];
          const parameter = (value: unknown) => {
            values.push(value);
            return `$${values.length}`;
          };
          const sets = [
            ...Object.entries(update.set ?? {}).map(([column, value]) => `"${column}" = ${parameter(value)}`),
            ...Object.entries(update.add).map(
              ([column, amount]) => `"${column}" = "${column}" + ${parameter(amount)}`,
            ),
          ];
          const where = Object.entries(update.where).map(
            ([column, value]) => `"${column}" = ${parameter(value)}`,
          );
          const result = await client.query(
            `update "${update.table}" set ${sets.join(', ')} where ${where.join(' and ')}`,
            values,
          );
          if (update.required && result.rowCount === 0) throw new StaleBatchError(update.table);
        }
        await client.query('commit');
      } catch (error) {
        await client.query('rollback').catch((rollbackError: Error) => {
          broken = rollbackError;
        });
        throw error;
      }
      await this.refreshStatistics(client, batch);
    } finally {
      // A client whose rollback failed is discarded rather than handed out again.
      client.release(broken);
    }
  }

  /**
   * A load fills tables far faster than autovacuum re-analyzes them, and with statistics from
   * before the load the planner answers the per-batch contact lookups by scanning the job's
   * rows (about 3x slower at 100,000 contacts). So each table this process has grown by as much
   * again as at its last ANALYZE (at least ANALYZE_AFTER_ROWS) is analyzed: a handful of times
   * per load, a sample of 30,000 rows each.
   */
  private async refreshStatistics(client: pg.PoolClient, batch: BatchWrite): Promise<void> {
    for (const { table, rows } of batch.inserts) {
      if (rows.length === 0) continue;
      const growth = this.growth.get(table) ?? { pending: 0, analyzed: 0 };
      growth.pending += rows.length;
      this.growth.set(table, growth);
      if (growth.pending >= Math.max(ANALYZE_AFTER_ROWS, growth.analyzed)) {
        await client.query(`analyze "${table}"`);
        growth.analyzed += growth.pending;
        growth.pending = 0;
      }
    }
  }

  private insertStatement(table: string, columns: readonly string[], rowCount: number): string {
    const key = `${table}\u0000${columns.join(',')}\u0000${rowCount}`;
    let text = this.insertSql.get(key);
    if (!text) {
      const tuples: string[] = [];
      for (let row = 0; row < rowCount; row++) {
        const base = row * columns.length;
        tuples.push(`(${columns.map((_, column) => `$${base + column + 1}`).join(', ')})`);
      }
      const names = columns.map((column) => `"${column}"`).join(', ');
      text = `insert into "${table}" (${names}) values ${tuples.join(', ')}`;
      if (this.insertSql.size > 200) this.insertSql.clear();
      this.insertSql.set(key, text);
    }
    return text;
  }
}

async function copyRows(
  client: pg.PoolClient,
  table: string,
  columns: readonly string[],
  rows: readonly unknown[][],
): Promise<void> {
  const names = columns.map((column) => `"${column}"`).join(', ');
  const copy = client.query(copyFrom(`copy "${table}" (${names}) from stdin`));
  await pipeline(Readable.from(copyText(rows)), copy);
}

function* copyText(rows: readonly unknown[][]): Generator<string> {
  let chunk = '';
  for (const row of rows) {
    chunk += copyTextLine(row);
    if (chunk.length >= COPY_CHUNK_CHARACTERS) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk.length > 0) yield chunk;
}
