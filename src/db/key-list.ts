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

/**
 * The `keys` as a table of (position, value), bound as ONE parameter: a lookup joined with it
 * answers with each key's position in the list instead of the key itself, so the rows that come
 * back carry two integers and no strings (the Match stage reads hundreds of thousands of them).
 * The keys are probed in the caller's order. (An `order by value` here was dropped by SQLite's
 * planner, which since 3.41 ignores the ORDER BY of a subquery in FROM that has no LIMIT; kept
 * with a LIMIT, the sort made the Match stage's lookup slower, 232 against 162 ms of CPU per
 * batch of 47,000 keys, as the index pages are in the cache either way.)
 *
 * With `atMost`, only keys that at most `atMost.count` rows of `atMost.table` carry (in column
 * match_key; of staged_match_keys, the rows of `atMost.jobId`) are listed: each is counted up to
 * one past the limit, through the index, so a key half the database shares costs no more than a
 * rare one.
 *
 * @example db.selectFrom(keyTable(dialect, keys)).innerJoin('contact_match_keys', 'contact_match_keys.match_key', 'wanted.value').select(['wanted.position', …])
 */
export function keyTable(dialect: DialectName, keys: readonly string[], atMost?: KeyCarriersAtMost) {
  return listedKeys(dialect, keys, atMost ? sql`where ${carriersCounted(atMost)} <= ${atMost.count}` : sql``);
}

/**
 * The `keys` that at least one row of `bound.table` carries, as a table of (value, position,
 * carriers): how many rows carry each, counted up to one past `bound.count` (so a key with more
 * than the bound shows `bound.count + 1`). For a caller that needs both the carriers of the keys
 * under the bound and which keys are over it (the Match stage's staged keys: the batches not yet
 * committed meet a key's carriers too, and must know it tells no one apart), in one probe of
 * the index per key instead of one per question.
 */
export function keyTableWithCarriers(
  dialect: DialectName,
  keys: readonly string[],
  bound: KeyCarriersAtMost,
) {
  // Kept from being flattened into the caller's query, which would count each key again wherever
  // it reads `carriers` (a LIMIT on SQLite, OFFSET 0 on PostgreSQL keep the subquery whole).
  return (
    dialect === 'postgres'
      ? sql<KeyCarriersRow>`(select * from (select value, ordinality - 1 as position, ${carriersCounted(bound)} as carriers from unnest(${[...keys]}::text[]) with ordinality as listed(value, ordinality) offset 0) as counted where carriers > 0)`
      : sql<KeyCarriersRow>`(select * from (select value, key as position, ${carriersCounted(bound)} as carriers from json_each(${JSON.stringify(keys)}) as listed limit -1) as counted where carriers > 0)`
  ).as('wanted');
}

/** The rows carrying the listed key, counted up to one past the bound. */
function carriersCounted(bound: KeyCarriersAtMost) {
  const ofJob = bound.table === 'staged_match_keys' ? sql`carriers.job_id = ${bound.jobId} and ` : sql``;
  return sql`(select count(*) from (select 1 from ${sql.table(bound.table)} as carriers where ${ofJob}carriers.match_key = listed.value limit ${bound.count + 1}) as bounded)`;
}

function listedKeys(dialect: DialectName, keys: readonly string[], filter: RawBuilder<unknown>) {
  return (
    dialect === 'postgres'
      ? sql<KeyTableRow>`(select value, ordinality - 1 as position from unnest(${[...keys]}::text[]) with ordinality as listed(value, ordinality) ${filter})`
      : sql<KeyTableRow>`(select value, key as position from json_each(${JSON.stringify(keys)}) as listed ${filter})`
  ).as('wanted');
}

/** keyTable's bound: the contacts' keys, or one job's staged contacts' keys. */
export type KeyCarriersAtMost =
  | { table: 'contact_match_keys'; count: number }
  | { table: 'staged_match_keys'; jobId: number; count: number };

interface KeyTableRow {
  value: string;
  position: number;
}

interface KeyCarriersRow extends KeyTableRow {
  carriers: number;
}
