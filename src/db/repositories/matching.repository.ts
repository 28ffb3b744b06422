import { type RawBuilder, sql } from 'kysely';
import { type MatchProfile, type ProfileTexts, storedProfileText } from '../../format/match-profile.js';
import type { BatchInserter } from '../batch-inserter.js';
import type { Database } from '../database.js';
import type { DialectName } from '../dialect-name.js';
import { carrierIdsOf, isOneOfIds, keyCarrierLists, keyTableWithCarriers } from '../key-list.js';
import type { ContactFields, MatchBand } from '../schema.js';
import { contactOwners, ownersVisibleTo } from './contact-access.repository.js';

/**
 * What the Match stage reads and writes: staged contacts as match profiles, candidates by
 * blocking key (existing contacts only as the on-behalf-of user may see them, and the job's
 * other staged contacts), and each batch's matches with the stage's progress in one transaction.
 */

/**
 * Which of the looked-up keys who carries: pair i is (positions[i], ids[i]), the position of a
 * key in the list asked for and the id of a contact (or staged contact) that carries it. Keys
 * over the cap are left out. Integers only: no key text comes back.
 */
export interface KeyHits {
  positions: number[];
  ids: number[];
}

/** Earlier staged contacts by key (stagedCandidates): the hits, and the keys too common to list. */
export interface StagedKeyHits extends KeyHits {
  /**
   * Positions of keys that more than maxPerKey committed staged contacts carry: they have no hits,
   * and must not be taken for keys no committed contact carries.
   */
  tooCommon: number[];
}

export interface VisibleCandidates {
  hits: KeyHits;
  /**
   * Profiles of the candidates, except those the caller already knows (see visibleCandidates),
   * as text (stored-profile.ts): the Match stage passes them to its scoring thread unparsed.
   */
  profileTexts: Map<number, string>;
}

export interface NewStagedMatch {
  stagedContactId: number;
  contactId: number | null;
  otherStagedContactId: number | null;
  score: number;
  band: MatchBand;
  /** JSON of the explanation. */
  explanation: string;
}

export interface MatchBatch {
  jobId: number;
  /** The last staged contact id of the batch: where a resumed stage continues. */
  cursor: number;
  matches: readonly NewStagedMatch[];
  /**
   * Blocking keys of the batch's staged contacts, for the staged contacts after them: pair i of
   * `keyCarriers` is (keys[positions[i]], ids[i]), positions ascending (the list is not sorted by key).
   */
  keys: readonly string[];
  keyCarriers: KeyHits;
  /** The strongest match of each staged contact that has one: the pre-selected match. */
  selections: readonly NewStagedMatch[];
}

/**
 * `keys` sorted, as the index holds them, with each one's position in `keys`: looked up in this
 * order, consecutive probes of the index read the same or neighbouring pages, which stay in
 * SQLite's page cache; in the batch's order (by contact) nearly every probe read pages anew once
 * the index outgrew the cache.
 */
function inIndexOrder(keys: readonly string[]): { sorted: string[]; positionOf: Int32Array } {
  const order = Array.from(keys.keys()).sort((a, b) =>
    keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : 0,
  );
  return { sorted: order.map((position) => keys[position]!), positionOf: Int32Array.from(order) };
}

/** Values per lookup; each list is bound as one parameter (key-list.ts), so this only bounds memory. */
const chunkSize = 20_000;

function* chunks<T>(values: readonly T[], size = chunkSize): Generator<T[]> {
  for (let start = 0; start < values.length; start += size) yield values.slice(start, start + size);
}

interface AddressRow {
  street: string | null;
  city: string | null;
  postal_code: string | null;
  country: string | null;
}

/** The columns of a contact (or staged contact) that matching reads: profileColumns. */
type ProfileRow = { id: number } & Omit<ContactFields, 'position' | 'industry' | 'status'>;

function profileOf(
  row: ProfileRow,
  addresses: readonly AddressRow[],
  communications: readonly { channel: string; value: string }[],
  legacyKeys: readonly string[],
): MatchProfile {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    firstName: row.first_name,
    middleName: row.middle_name,
    lastName: row.last_name,
    preferredName: row.preferred_name,
    suffix: row.suffix,
    birthDate: row.birth_date,
    companyName: row.company_name,
    emails: communications.filter((c) => c.channel === 'email').map((c) => c.value),
    phones: communications.filter((c) => c.channel === 'phone' || c.channel === 'fax').map((c) => c.value),
    postalCodes: addresses
      .map((address) => address.postal_code)
      .filter((code): code is string => Boolean(code)),
    addresses: addresses.map((address) => ({
      street: address.street,
      city: address.city,
      postalCode: address.postal_code,
      country: address.country,
    })),
    legacyKeys,
  };
}

const groupBy = <T, K>(rows: readonly T[], keyOf: (row: T) => K): Map<K, T[]> => {
  const groups = new Map<K, T[]>();
  for (const row of rows) {
    const group = groups.get(keyOf(row));
    if (group) group.push(row);
    else groups.set(keyOf(row), [row]);
  }
  return groups;
};

const profileColumns = [
  'id',
  'kind',
  'title',
  'first_name',
  'middle_name',
  'last_name',
  'preferred_name',
  'suffix',
  'birth_date',
  'company_name',
] as const;

/**
 * A batch's staged_match_keys rows sorted by key, the b-tree's order: each of its pages is then
 * visited once per batch, not once per key. The batch's key list is not sorted (positions follow
 * the contacts), and in its order the inserts cost about 90 ms of CPU per 12,000 rows against
 * about 40 sorted (the sort included), on SQLite with 240,000 keys of the job already written.
 */
function keyCarrierRows(batch: MatchBatch): unknown[][] {
  const { keys, keyCarriers, jobId } = batch;
  const order = keyCarriers.positions.map((_, index) => index);
  order.sort((a, b) => {
    const keyA = keys[keyCarriers.positions[a]!]!;
    const keyB = keys[keyCarriers.positions[b]!]!;
    return keyA < keyB ? -1 : keyA > keyB ? 1 : keyCarriers.ids[a]! - keyCarriers.ids[b]!;
  });
  return order.map((index) => [jobId, keys[keyCarriers.positions[index]!], keyCarriers.ids[index]]);
}

/**
 * A staged contact's match profile (the row of staged_contacts named `staged`, its addresses, its
 * emails and phones) as the text storedProfileText makes, built by the database in the query that
 * reads the contact: the Match stage hands it to its scoring thread as it comes. Read as rows and
 * built into objects here, then copied to that thread, the same profiles cost the stage's database
 * half about a second per 100,000 staged contacts, and the scoring thread more to take in.
 * A contact's addresses, emails and phones are listed in the order they were loaded (their ids:
 * the order of the (job_id, contact_key) index's entries on SQLite, explicit on PostgreSQL).
 */
function stagedProfileText(dialect: DialectName) {
  const children = (table: 'staged_addresses' | 'staged_communications', alias: string) =>
    sql`from ${sql.table(table)} as ${sql.raw(alias)} where ${sql.raw(alias)}.job_id = staged.job_id and ${sql.raw(alias)}.contact_key = staged.legacy_key`;
  if (dialect === 'postgres') {
    const address = (value: RawBuilder<unknown>, filter: RawBuilder<unknown> = sql``) =>
      sql`coalesce((select json_agg(${value} order by address.id) ${children('staged_addresses', 'address')} ${filter}), '[]'::json)`;
    const communication = (filter: RawBuilder<unknown>) =>
      sql`coalesce((select json_agg(communication.value order by communication.id) ${children('staged_communications', 'communication')} ${filter}), '[]'::json)`;
    return sql<string>`json_build_object('kind', staged.kind, 'title', staged.title,
      'firstName', staged.first_name, 'middleName', staged.middle_name, 'lastName', staged.last_name,
      'preferredName', staged.preferred_name, 'suffix', staged.suffix, 'birthDate', staged.birth_date,
      'companyName', staged.company_name, 'legacyKeys', json_build_array(staged.legacy_key),
      'postalCodes', ${address(sql`address.postal_code`, sql`and address.postal_code <> ''`)},
      'addresses', ${address(sql`json_build_object('street', address.street, 'city', address.city, 'postalCode', address.postal_code, 'country', address.country)`)},
      'emails', ${communication(sql`and communication.channel = 'email'`)},
      'phones', ${communication(sql`and communication.channel in ('phone', 'fax')`)})::text`;
  }
  // SQLite: each child table is read once, in one subquery that gives two of the profile's lists
  // as a fragment of the object's text (the index is probed once per contact and table).
  return sql<string>`'{' ||
    (select '"postalCodes":' || json_group_array(address.postal_code) filter (where address.postal_code <> '')
      || ',"addresses":' || json_group_array(json_object('street', address.street, 'city', address.city, 'postalCode', address.postal_code, 'country', address.country))
      ${children('staged_addresses', 'address')}) || ',' ||
    (select '"emails":' || json_group_array(communication.value) filter (where communication.channel = 'email')
      || ',"phones":' || json_group_array(communication.value) filter (where communication.channel in ('phone', 'fax'))
      ${children('staged_communications', 'communication')}) || ',' ||
    substr(json_object('kind', staged.kind, 'title', staged.title, 'firstName', staged.first_name,
      'middleName', staged.middle_name, 'lastName', staged.last_name, 'preferredName', staged.preferred_name,
      'suffix', staged.suffix, 'birthDate', staged.birth_date, 'companyName', staged.company_name,
      'legacyKeys', json_array(staged.legacy_key)), 2)`;
}

export class MatchingRepository {
  constructor(
    private readonly db: Database,
    private readonly batchInserter: BatchInserter,
    readonly dialect: DialectName,
  ) {}

  /** Forgets a job's earlier match results and their count, before a Match stage that starts from the beginning. */
  async clearJobMatches(jobId: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('staged_matches').where('job_id', '=', jobId).execute();
      await trx.deleteFrom('staged_match_keys').where('job_id', '=', jobId).execute();
      await trx
        .updateTable('staged_contacts')
        .set({ match_contact_id: null, match_staged_contact_id: null, match_score: null, match_band: null })
        .where('job_id', '=', jobId)
        .execute();
      // Each batch adds its matched contacts to the count: a run from the start counts afresh.
      await trx.updateTable('import_jobs').set({ contacts_matched: 0 }).where('id', '=', jobId).execute();
    });
  }

  async countStagedContacts(jobId: number): Promise<number> {
    const row = await this.db
      .selectFrom('staged_contacts')
      .select((eb) => eb.fn.countAll().as('count'))
      .where('job_id', '=', jobId)
      .executeTakeFirst();
    return Number(row?.count ?? 0);
  }

  /** How many contacts `userId` may see (the one visibility rule): the existing side of a job's comparison space. */
  async countVisibleContacts(userId: number): Promise<number> {
    const owners = await ownersVisibleTo(this.db, userId);
    let query = this.db.selectFrom('contacts').select((eb) => eb.fn.countAll().as('count'));
    if (owners !== 'all') query = query.where(isOneOfIds(this.dialect, 'contacts.owner_user_id', owners));
    const row = await query.executeTakeFirst();
    return Number(row?.count ?? 0);
  }

  /** The next staged contacts of a job after `afterId`, in id order, as match profile texts. */
  async nextStagedProfileTexts(jobId: number, afterId: number, limit: number): Promise<ProfileTexts> {
    const rows = await this.db
      .selectFrom('staged_contacts as staged')
      .select(['staged.id', stagedProfileText(this.dialect).as('profile')])
      .where('staged.job_id', '=', jobId)
      .where('staged.id', '>', afterId)
      .orderBy('staged.id')
      .limit(limit)
      .execute();
    return new Map(rows.map((row) => [Number(row.id), row.profile]));
  }

  /** Staged contacts of one job by id, as match profile texts. */
  async stagedProfileTexts(jobId: number, ids: readonly number[]): Promise<ProfileTexts> {
    const texts: ProfileTexts = new Map();
    // In id order, as the primary key holds them (inIndexOrder).
    for (const chunk of chunks([...ids].sort((a, b) => a - b))) {
      const rows = await this.db
        .selectFrom('staged_contacts as staged')
        .select(['staged.id', stagedProfileText(this.dialect).as('profile')])
        .where('staged.job_id', '=', jobId)
        .where(isOneOfIds(this.dialect, 'staged.id', chunk))
        .execute();
      for (const row of rows) texts.set(Number(row.id), row.profile);
    }
    return texts;
  }

  /**
   * Existing contacts that share one of `keys` and that `userId` may see (the one visibility
   * rule, as ownersVisibleTo lists it), with their profiles. A key that more than `maxPerKey`
   * contacts of the whole database carry is too common to tell anyone apart and yields nobody.
   * The ids `isKnown` claims are contacts this lookup found visible before (the stage's cache of
   * prepared profiles): they are neither checked again nor read again. The others are checked
   * once each, not once per key they carry.
   */
  async visibleCandidates(
    userId: number,
    keys: readonly string[],
    maxPerKey: number,
    isKnown: (contactId: number) => boolean = () => false,
  ): Promise<VisibleCandidates> {
    const found: KeyHits = { positions: [], ids: [] };
    const { sorted, positionOf } = inIndexOrder(keys);
    for (let start = 0; start < sorted.length; start += chunkSize) {
      const chunk = sorted.slice(start, start + chunkSize);
      const rows = await this.db
        .selectFrom(keyCarrierLists(this.dialect, chunk, { table: 'contact_match_keys', count: maxPerKey }))
        .select(['wanted.position', 'wanted.carriers'])
        .execute();
      for (const row of rows) {
        const carriers = carrierIdsOf(row.carriers);
        if (carriers.length > maxPerKey) continue;
        const position = positionOf[start + Number(row.position)]!;
        for (const id of carriers) {
          found.positions.push(position);
          found.ids.push(id);
        }
      }
    }
    const visible = await this.visibleOf(
      userId,
      // In id order, as the primary keys hold them (inIndexOrder).
      [...new Set(found.ids)].filter((id) => !isKnown(id)).sort((a, b) => a - b),
    );
    const hits: KeyHits = { positions: [], ids: [] };
    found.ids.forEach((id, hit) => {
      if (!visible.has(id) && !isKnown(id)) return;
      hits.positions.push(found.positions[hit]!);
      hits.ids.push(id);
    });
    return { hits, profileTexts: await this.contactProfileTexts([...visible]) };
  }

  /** Those of `ids` that `userId` may see (the one visibility rule). */
  private async visibleOf(userId: number, ids: readonly number[]): Promise<Set<number>> {
    // Once the stage holds most candidates, many batches bring none new: no owners to read.
    if (ids.length === 0) return new Set();
    // The rule as a list of owners, read once per lookup: checked row by row (three subqueries
    // each) it cost more than the lookup itself.
    const owners = await ownersVisibleTo(this.db, userId);
    if (owners === 'all') return new Set(ids);
    const visible = new Set<number>();
    for (const chunk of chunks(ids)) {
      const rows = await this.db
        .selectFrom(contactOwners(this.dialect))
        .select('contacts.id')
        .where(isOneOfIds(this.dialect, 'contacts.id', chunk))
        .where(isOneOfIds(this.dialect, 'contacts.owner_user_id', owners))
        .execute();
      for (const row of rows) visible.add(Number(row.id));
    }
    return visible;
  }

  /**
   * Profiles of contacts whose ids came through contactVisibleTo (private for that reason): the
   * stored scoring profile where there is one, else built from the contact's tables.
   */
  private async contactProfileTexts(ids: readonly number[]): Promise<Map<number, string>> {
    const profiles = new Map<number, string>();
    for (const chunk of chunks(ids)) {
      const rows = await this.db
        .selectFrom('contact_match_profiles')
        .select(['contact_id', 'profile'])
        .where(isOneOfIds(this.dialect, 'contact_id', chunk))
        .execute();
      for (const row of rows) profiles.set(row.contact_id, row.profile);
    }
    const unstored = ids.filter((id) => !profiles.has(id));
    for (const [id, profile] of await this.profilesFromTables(unstored)) {
      profiles.set(id, storedProfileText(profile));
    }
    return profiles;
  }

  /** Profiles built from the contacts' own tables: contacts indexed before migration 0009. */
  private async profilesFromTables(ids: readonly number[]): Promise<Map<number, MatchProfile>> {
    const profiles = new Map<number, MatchProfile>();
    for (const chunk of chunks(ids)) {
      const rows = await this.db
        .selectFrom('contacts')
        .select(profileColumns)
        .where(isOneOfIds(this.dialect, 'id', chunk))
        .execute();
      const addresses = await this.db
        .selectFrom('contact_addresses')
        .select(['contact_id', 'street', 'city', 'postal_code', 'country'])
        .where(isOneOfIds(this.dialect, 'contact_id', chunk))
        .execute();
      const communications = await this.db
        .selectFrom('contact_communications')
        .select(['contact_id', 'channel', 'normalized_value as value'])
        .where(isOneOfIds(this.dialect, 'contact_id', chunk))
        .where('channel', 'in', ['email', 'phone', 'fax'])
        .execute();
      const legacyKeys = await this.db
        .selectFrom('contact_legacy_keys')
        .select(['contact_id', 'legacy_key', 'source'])
        .where(isOneOfIds(this.dialect, 'contact_id', chunk))
        .execute();
      const addressesOf = groupBy(addresses, (row) => row.contact_id);
      const communicationsOf = groupBy(communications, (row) => row.contact_id);
      const keysOf = groupBy(legacyKeys, (row) => row.contact_id);
      for (const row of rows) {
        const keys = keysOf.get(row.id) ?? [];
        profiles.set(row.id, {
          ...profileOf(
            row,
            addressesOf.get(row.id) ?? [],
            communicationsOf.get(row.id) ?? [],
            keys.map((key) => key.legacy_key),
          ),
          sourcedLegacyKeys: keys.map((key) => ({ legacyKey: key.legacy_key, source: key.source })),
        });
      }
    }
    return profiles;
  }

  /**
   * Staged contacts of the job, from batches already matched, that share one of `keys` (distinct).
   * A key that more than `maxPerKey` of them carry yields nobody, and is counted only that far:
   * as the package fills, a common key ("t:melbourne|SM0") would otherwise bring back every
   * package mate that carries it, batch after batch, and the stage would slow down and grow with
   * the package.
   */
  async stagedCandidates(jobId: number, keys: readonly string[], maxPerKey: number): Promise<StagedKeyHits> {
    const found: StagedKeyHits = { positions: [], ids: [], tooCommon: [] };
    const bound = { table: 'staged_match_keys', jobId, count: maxPerKey } as const;
    const { sorted, positionOf } = inIndexOrder(keys);
    for (let start = 0; start < sorted.length; start += chunkSize) {
      const chunk = sorted.slice(start, start + chunkSize);
      // A key over the bound joins no row and comes back once, without a carrier.
      const rows = await this.db
        .selectFrom(keyTableWithCarriers(this.dialect, chunk, bound))
        .leftJoin('staged_match_keys', (join) =>
          join
            .onRef('staged_match_keys.match_key', '=', 'wanted.value')
            .on('staged_match_keys.job_id', '=', jobId)
            .on('wanted.carriers', '<=', maxPerKey),
        )
        .select(['wanted.position', 'staged_match_keys.staged_contact_id'])
        .execute();
      for (const row of rows) {
        const position = positionOf[start + Number(row.position)]!;
        if (row.staged_contact_id === null) found.tooCommon.push(position);
        else {
          found.positions.push(position);
          found.ids.push(Number(row.staged_contact_id));
        }
      }
    }
    return found;
  }

  /**
   * Writes a batch's matches, its staged contacts' keys and pre-selected matches, the job's
   * cursor and matched count, all in one transaction: a crash leaves either all of it or none.
   */
  async saveMatchBatch(batch: MatchBatch): Promise<void> {
    const matchColumns = [
      'job_id',
      'staged_contact_id',
      'contact_id',
      'other_staged_contact_id',
      'score',
      'band',
      'explanation',
    ] as const;
    await this.batchInserter.write({
      inserts: [
        {
          table: 'staged_matches',
          columns: matchColumns,
          rows: batch.matches.map((match) => [
            batch.jobId,
            match.stagedContactId,
            match.contactId,
            match.otherStagedContactId,
            match.score,
            match.band,
            match.explanation,
          ]),
        },
        {
          table: 'staged_match_keys',
          columns: ['job_id', 'match_key', 'staged_contact_id'],
          rows: keyCarrierRows(batch),
        },
      ],
      increments: [
        ...batch.selections.map((selection) => ({
          table: 'staged_contacts',
          where: { id: selection.stagedContactId },
          add: {},
          set: {
            match_contact_id: selection.contactId,
            match_staged_contact_id: selection.otherStagedContactId,
            match_score: selection.score,
            match_band: selection.band,
          },
        })),
        {
          table: 'import_jobs',
          where: { id: batch.jobId },
          add: { contacts_matched: batch.selections.length },
          set: { stage_cursor: batch.cursor },
        },
      ],
    });
  }

  /** The pre-selected match of each staged contact of a job that has one. */
  async selectedMatchesOf(jobId: number) {
    const rows = await this.db
      .selectFrom('staged_contacts')
      .select([
        'id',
        'legacy_key',
        'match_contact_id',
        'match_staged_contact_id',
        'match_score',
        'match_band',
      ])
      .where('job_id', '=', jobId)
      .where('match_band', 'is not', null)
      .orderBy('id')
      .execute();
    return rows.map((row) => ({ ...row, id: Number(row.id) }));
  }

  /** A job's match suggestions, strongest first per staged contact (for tests, the dry run and review). */
  async matchesOf(jobId: number) {
    return this.db
      .selectFrom('staged_matches')
      .selectAll()
      .where('job_id', '=', jobId)
      .orderBy('staged_contact_id')
      .orderBy('score', 'desc')
      .execute();
  }
}
