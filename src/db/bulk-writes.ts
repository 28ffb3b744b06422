import type { Kysely, Transaction } from 'kysely';
import type { DatabaseSchema } from './schema.js';

/** The transaction (or database) the writes run in. */
export type BulkExecutor = Kysely<DatabaseSchema> | Transaction<DatabaseSchema>;

/** The SQL types a list of values is cast to (its columns are untyped otherwise on PostgreSQL). */
export type ValueType = 'integer' | 'bigint' | 'text';

/** For each row of values (key first, then `columns`), the matching row's columns are set. */
export interface UpdateFromRows {
  table: string;
  key: { name: string; type: ValueType };
  /** `keepWhenNull`: `column = coalesce(value, column)` (null leaves it as is). */
  columns: ReadonlyArray<{ name: string; type: ValueType; keepWhenNull?: boolean }>;
  /** The same value for every updated row. */
  also: Readonly<Record<string, unknown>>;
  rows: readonly (readonly unknown[])[];
}

/**
 * Writes of many rows inside a transaction that is already open, each dialect the fastest way
 * it has: multi-row statements through the query builder's connection on PostgreSQL (one round
 * trip per chunk), cached one-row statements run synchronously on SQLite (no round trip to save,
 * and a one-row statement costs SQLite less than a row of a multi-row one).
 */
export interface BulkWrites {
  /** Inserts rows given as values in the order of `columns`. */
  insert(
    db: BulkExecutor,
    table: string,
    columns: readonly string[],
    rows: readonly (readonly unknown[])[],
  ): Promise<void>;
  /**
   * Inserts rows given as values in the order of `columns`; a row whose `key` columns match a
   * stored row's sets that row's other columns instead (one write, where a delete and an insert
   * are two).
   */
  upsert(
    db: BulkExecutor,
    table: string,
    columns: readonly string[],
    key: readonly string[],
    rows: readonly (readonly unknown[])[],
  ): Promise<void>;
  updateFrom(db: BulkExecutor, update: UpdateFromRows): Promise<void>;
  /** Deletes the rows whose `key` columns hold one of the `rows` of values. */
  deleteRows(
    db: BulkExecutor,
    table: string,
    key: ReadonlyArray<{ name: string; type: ValueType }>,
    rows: readonly (readonly unknown[])[],
  ): Promise<void>;
  /** Deletes the rows whose `column` is one of `values`. */
  deleteWhereIn(db: BulkExecutor, table: string, column: string, values: readonly number[]): Promise<void>;
}

/** The clause that turns an INSERT into an upsert on `key` (the same text on both dialects). */
export function onConflictUpdate(columns: readonly string[], key: readonly string[]): string {
  const set = columns
    .filter((column) => !key.includes(column))
    .map((column) => `"${column}" = excluded."${column}"`);
  return `on conflict (${key.map((column) => `"${column}"`).join(', ')}) do update set ${set.join(', ')}`;
}
