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
 * The `keys` that at least one row of `atMost.table` carries, as a table of (position, carriers):
 * the key's position in the list and the ids of the rows carrying it (column contact_id), at most
 * `atMost.count + 1` of them: a key listing more than `atMost.count` is over the bound, and a key
 * half the database shares costs no more than a rare one. The keys are bound as ONE parameter and
 * no key text comes back. One probe of the index per key answers both how many carry it and who:
 * counted first and joined again, each key cost two probes (a quarter more time at 100,000 staged
 * contacts against 100,000 contacts). The carriers come back as text on SQLite (comma-separated,
 * group_concat) and as an array on PostgreSQL: read them with carrierIdsOf.
 *
 * @example db.selectFrom(keyCarrierLists(dialect, keys, { table: 'contact_match_keys', count: 50 })).select(['wanted.position', 'wanted.carriers'])
 */
export function keyCarrierLists(
  dialect: DialectName,
  keys: readonly string[],
  atMost: ContactKeyCarriersAtMost,
) {
  const carriers = sql`select contact_id from ${sql.table(atMost.table)} as carriers where carriers.match_key = listed.value limit ${atMost.count + 1}`;
  // Kept from being flattened into the outer query, which would list each key's carriers twice
  // (once for the where, once for the select): a LIMIT on SQLite, OFFSET 0 on PostgreSQL.
  return (
    dialect === 'postgres'
      ? sql<KeyCarrierListRow>`(select * from (select ordinality - 1 as position, array(${carriers}) as carriers from unnest(${[...keys]}::text[]) with ordinality as listed(value, ordinality) offset 0) as listed_carriers where cardinality(carriers) > 0)`
      : sql<KeyCarrierListRow>`(select * from (select key as position, (select group_concat(contact_id) from (${carriers})) as carriers from json_each(${JSON.stringify(keys)}) as listed limit -1) as listed_carriers where carriers is not null)`
  ).as('wanted');
}

/** The ids in a keyCarrierLists row's `carriers`, as either database returns them. */
export function carrierIdsOf(carriers: string | readonly (number | string)[]): number[] {
  return (typeof carriers === 'string' ? carriers.split(',') : carriers).map(Number);
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

/** keyCarrierLists' bound: the contacts' keys. */
export interface ContactKeyCarriersAtMost {
  table: 'contact_match_keys';
  count: number;
}

/** keyTableWithCarriers' bound: the contacts' keys, or one job's staged contacts' keys. */
export type KeyCarriersAtMost =
  | ContactKeyCarriersAtMost
  | { table: 'staged_match_keys'; jobId: number; count: number };

interface KeyCarrierListRow {
  position: number;
  carriers: string | (number | string)[];
}

interface KeyCarriersRow {
  value: string;
  position: number;
  carriers: number;
}
