/**
 * Set-based writes inside a transaction that is already open (BulkWrites on PostgreSQL, where a
 * round trip per row would dominate; SQLite has its own, sqlite-bulk-writes.ts): multi-row
 * INSERTs, and UPDATEs and DELETEs of many rows from a list of values, in one statement per chunk
 * of rows instead of one per row.
 *
 * Statements are sent as SQL text with positional parameters, past the query builder: building
 * its syntax tree for thousands of values cost more than running the statement. A chunk holds a
 * power of two rows (at most `maxRowsPerStatement`), so a table has only a handful of different
 * statement texts: SQLite's prepared-statement cache (sqlite.ts) keeps them all and reuses them,
 * where a text per row count would fill it with large statements used once.
 */
import { CompiledQuery } from 'kysely';
import {
  type BulkWrites,
  type BulkExecutor as Executor,
  onConflictUpdate,
  type UpdateFromRows,
  type ValueType,
} from '../bulk-writes.js';
import type { DialectName } from '../dialect-name.js';

/** Rows per statement: SQLite binds at most 32,766 values, PostgreSQL 65,535. */
const maxRowsPerStatement = 256;
const maxValuesPerStatement = 16_000;

/** Chunk sizes for `rows` rows: full chunks, then the remainder as powers of two (largest first). */
function chunkSizes(rows: number, largest: number): number[] {
  const sizes: number[] = [];
  let left = rows;
  while (left >= largest) {
    sizes.push(largest);
    left -= largest;
  }
  for (let size = largest >> 1; size >= 1; size >>= 1) {
    if (left >= size) {
      sizes.push(size);
      left -= size;
    }
  }
  return sizes;
}

/** The largest power of two at most `maxRowsPerStatement` whose rows stay under the value limit. */
function largestChunk(columns: number): number {
  let size = maxRowsPerStatement;
  while (size > 1 && size * columns > maxValuesPerStatement) size >>= 1;
  return size;
}

export class BulkStatements implements BulkWrites {
  private readonly texts = new Map<string, string>();

  constructor(private readonly dialect: DialectName) {}

  /** Inserts rows given as values in the order of `columns`. */
  async insert(
    db: Executor,
    table: string,
    columns: readonly string[],
    rows: readonly (readonly unknown[])[],
    /** Upsert on these columns (see BulkWrites.upsert). */
    conflictKey?: readonly string[],
  ): Promise<void> {
    let at = 0;
    for (const size of chunkSizes(rows.length, largestChunk(columns.length))) {
      const parameters: unknown[] = [];
      for (let row = at; row < at + size; row++) for (const value of rows[row]!) parameters.push(value);
      at += size;
      await db.executeQuery(
        CompiledQuery.raw(this.insertText(table, columns, size, conflictKey), parameters),
      );
    }
  }

  async upsert(
    db: Executor,
    table: string,
    columns: readonly string[],
    key: readonly string[],
    rows: readonly (readonly unknown[])[],
  ): Promise<void> {
    await this.insert(db, table, columns, rows, key);
  }

  /**
   * For each row of values (key first, then `columns`), sets the matching row's columns:
   * `column = coalesce(value, column)` for those marked `keepWhenNull` (null: leave as is), the
   * value otherwise; `also` assigns the same value to every updated row.
   */
  async updateFrom(db: Executor, update: UpdateFromRows): Promise<void> {
    const width = update.columns.length + 1;
    const alsoValues = Object.values(update.also);
    let at = 0;
    for (const size of chunkSizes(update.rows.length, largestChunk(width))) {
      const parameters: unknown[] = [];
      for (let row = at; row < at + size; row++)
        for (const value of update.rows[row]!) parameters.push(value);
      for (const value of alsoValues) parameters.push(value);
      at += size;
      await db.executeQuery(CompiledQuery.raw(this.updateText(update, size), parameters));
    }
  }

  /** A list of values (cast as updateFrom's) joined on the key: one statement per chunk of rows. */
  async deleteRows(
    db: Executor,
    table: string,
    key: ReadonlyArray<{ name: string; type: ValueType }>,
    rows: readonly (readonly unknown[])[],
  ): Promise<void> {
    let at = 0;
    for (const size of chunkSizes(rows.length, largestChunk(key.length))) {
      const parameters: unknown[] = [];
      for (let row = at; row < at + size; row++) for (const value of rows[row]!) parameters.push(value);
      at += size;
      await db.executeQuery(CompiledQuery.raw(this.deleteText(table, key, size), parameters));
    }
  }

  /** The values bound as one parameter: an array on PostgreSQL, a JSON array on SQLite. */
  async deleteWhereIn(db: Executor, table: string, column: string, values: readonly number[]): Promise<void> {
    if (values.length === 0) return;
    const text =
      this.dialect === 'postgres'
        ? `delete from "${table}" where "${column}" = any($1::bigint[])`
        : `delete from "${table}" where "${column}" in (select value from json_each(?))`;
    await db.executeQuery(
      CompiledQuery.raw(text, [this.dialect === 'postgres' ? [...values] : JSON.stringify(values)]),
    );
  }

  private insertText(
    table: string,
    columns: readonly string[],
    rows: number,
    conflictKey?: readonly string[],
  ): string {
    const key = `insert|${table}|${columns.join()}|${rows}|${conflictKey?.join() ?? ''}`;
    let text = this.texts.get(key);
    if (text === undefined) {
      const next = this.placeholders();
      const tuples: string[] = [];
      for (let row = 0; row < rows; row++) tuples.push(`(${columns.map(() => next()).join(', ')})`);
      text = `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values ${tuples.join(', ')}`;
      if (conflictKey) text += ` ${onConflictUpdate(columns, conflictKey)}`;
      this.texts.set(key, text);
    }
    return text;
  }

  private deleteText(
    table: string,
    key: ReadonlyArray<{ name: string; type: ValueType }>,
    rows: number,
  ): string {
    const cacheKey = `delete|${table}|${key.map((column) => `${column.name}:${column.type}`).join()}|${rows}`;
    let text = this.texts.get(cacheKey);
    if (text === undefined) {
      const next = this.placeholders();
      const tuples: string[] = [];
      for (let row = 0; row < rows; row++)
        tuples.push(`(${key.map((column) => `cast(${next()} as ${column.type})`).join(', ')})`);
      const names = key.map((_, index) => `k${index}`);
      text =
        `with v (${names.join(', ')}) as (values ${tuples.join(', ')}) ` +
        `delete from "${table}" where (${key.map((column) => `"${column.name}"`).join(', ')}) in (select ${names.join(', ')} from v)`;
      this.texts.set(cacheKey, text);
    }
    return text;
  }

  private updateText(update: UpdateFromRows, rows: number): string {
    const { table, key, columns, also } = update;
    const cacheKey = `update|${table}|${key.name}|${columns.map((c) => `${c.name}:${c.type}:${c.keepWhenNull ?? false}`).join()}|${Object.keys(also).join()}|${rows}`;
    let text = this.texts.get(cacheKey);
    if (text === undefined) {
      const next = this.placeholders();
      const types = [key.type, ...columns.map((column) => column.type)];
      const tuples: string[] = [];
      for (let row = 0; row < rows; row++) {
        tuples.push(`(${types.map((type) => `cast(${next()} as ${type})`).join(', ')})`);
      }
      const names = ['key', ...columns.map((_, index) => `v${index}`)];
      const sets = columns.map((column, index) =>
        column.keepWhenNull
          ? `"${column.name}" = coalesce(v.v${index}, "${table}"."${column.name}")`
          : `"${column.name}" = v.v${index}`,
      );
      for (const name of Object.keys(also)) sets.push(`"${name}" = ${next()}`);
      text =
        `with v (${names.join(', ')}) as (values ${tuples.join(', ')}) ` +
        `update "${table}" set ${sets.join(', ')} from v where "${table}"."${key.name}" = v.key`;
      this.texts.set(cacheKey, text);
    }
    return text;
  }

  /** `?` on SQLite, `$1`, `$2` … on PostgreSQL, numbered in the order the text uses them. */
  private placeholders(): () => string {
    if (this.dialect === 'sqlite') return () => '?';
    let count = 0;
    return () => `$${++count}`;
  }
}

/**
 * Ids for rows a transaction is about to insert, handed out before the rows exist so that the
 * rows, their audit entries and their match index entries can all be written set-based, without
 * reading anything back. On PostgreSQL they come from the table's identity sequence (a rolled
 * back transaction leaves a gap, as any insert would); on SQLite from the largest id in use,
 * which is safe because every transaction takes the write lock when it begins (sqlite.ts) and
 * none but this one can insert until it ends.
 */
export class IdReservations {
  /** Per table, the ids reserved and how many of them were taken. */
  private readonly free = new Map<string, { ids: number[]; taken: number }>();
  /** SQLite: the next id to hand out per table. */
  private readonly nextSqlite = new Map<string, number>();
  /** PostgreSQL: each table's id sequence (sequenceOf). */
  private readonly sequences = new Map<string, number>();

  constructor(
    private readonly db: Executor,
    private readonly dialect: DialectName,
  ) {}

  /** Makes sure `count` more ids of `table` can be taken. */
  async reserve(table: string, count: number): Promise<void> {
    const free = this.free.get(table) ?? { ids: [], taken: 0 };
    this.free.set(table, free);
    const missing = count - (free.ids.length - free.taken);
    if (missing <= 0) return;
    if (this.dialect === 'sqlite') {
      let next = this.nextSqlite.get(table);
      if (next === undefined) next = (await this.largestSqliteId(table)) + 1;
      for (let id = next; id < next + missing; id++) free.ids.push(id);
      this.nextSqlite.set(table, next + missing);
      return;
    }
    // The sequence by its number, a constant: named through pg_get_serial_sequence in the same
    // query, it was looked up again for every id (4–9 times slower; a twelfth of Process's time).
    const sequence = await this.sequenceOf(table);
    const { rows } = await this.db.executeQuery<{ id: number }>(
      CompiledQuery.raw(
        `select nextval(${sequence}::oid::regclass)::bigint as id from generate_series(1, $1)`,
        [missing],
      ),
    );
    // Ascending, so that rows taken in order get ids in that order, as inserts one by one would.
    for (const id of rows.map((row) => Number(row.id)).sort((a, b) => a - b)) free.ids.push(id);
  }

  /** PostgreSQL: the object id of the sequence that numbers `table`'s ids (looked up once per table). */
  private async sequenceOf(table: string): Promise<number> {
    let sequence = this.sequences.get(table);
    if (sequence === undefined) {
      const { rows } = await this.db.executeQuery<{ oid: string | number }>(
        CompiledQuery.raw(`select pg_get_serial_sequence($1, 'id')::regclass::oid::bigint as oid`, [table]),
      );
      sequence = Number(rows[0]?.oid);
      if (!Number.isSafeInteger(sequence)) throw new Error(`${table} has no id sequence`);
      this.sequences.set(table, sequence);
    }
    return sequence;
  }

  /** An id reserved before; throws when none is left (a caller that did not reserve enough). */
  take(table: string): number {
    const free = this.free.get(table);
    if (!free || free.taken === free.ids.length) throw new Error(`No id of ${table} was reserved`);
    return free.ids[free.taken++]!;
  }

  private async largestSqliteId(table: string): Promise<number> {
    // AUTOINCREMENT tables never reuse an id, even of a deleted row: sqlite_sequence remembers.
    const { rows } = await this.db.executeQuery<{ id: number | null }>(
      CompiledQuery.raw(
        `select max(coalesce((select max(id) from "${table}"), 0), coalesce((select seq from sqlite_sequence where name = ?), 0)) as id`,
        [table],
      ),
    );
    return Number(rows[0]?.id ?? 0);
  }
}
