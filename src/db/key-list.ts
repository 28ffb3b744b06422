import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { DialectName } from './dialect-name.js';

/**
 * `column` is one of `keys`, with the whole list bound as ONE parameter: a JSON array on SQLite,
 * a text array on PostgreSQL. A plain `in (?, ?, …)` binds one parameter per key, and building
 * and binding thousands of them per batch cost more than the lookup itself.
 */
export function isOneOfKeys(
  dialect: DialectName,
  column: string,
  keys: readonly string[],
): RawBuilder<SqlBool> {
  return dialect === 'postgres'
    ? sql<SqlBool>`${sql.ref(column)} = any(${[...keys]}::text[])`
    : sql<SqlBool>`${sql.ref(column)} in (select value from json_each(${JSON.stringify(keys)}))`;
}

/** `column` is one of the integer `ids`, bound as ONE parameter like isOneOfKeys. */
export function isOneOfIds(
  dialect: DialectName,
  column: string,
  ids: readonly number[],
): RawBuilder<SqlBool> {
  return dialect === 'postgres'
    ? sql<SqlBool>`${sql.ref(column)} = any(${[...ids]}::bigint[])`
    : sql<SqlBool>`${sql.ref(column)} in (select value from json_each(${JSON.stringify(ids)}))`;
}
