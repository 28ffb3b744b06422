import {
  type Expression,
  type ExpressionBuilder,
  type Insertable,
  type Selectable,
  type SqlBool,
  sql,
  type Updateable,
} from 'kysely';
import type { ContactMatchIndex } from '../../format/match-profile.js';
import type { Database } from '../database.js';
import {
  type ContactAddressesTable,
  type ContactAuditTable,
  type ContactCategoriesTable,
  type ContactCommunicationsTable,
  type ContactFieldValuesTable,
  type ContactLegacyKeysTable,
  type ContactNotesTable,
  type ContactRow,
  type ContactsTable,
  contactCollectionTables,
  type DatabaseSchema,
} from '../schema.js';
import { contactVisibleTo } from './contact-access.repository.js';
import { replaceMatchIndex } from './match-index.js';

export type CollectionName = keyof typeof contactCollectionTables;

/** A contact's collection rows, by the name the API and the audit trail use for them. */
export interface ContactCollections {
  legacyKeys: Selectable<ContactLegacyKeysTable>[];
  addresses: Selectable<ContactAddressesTable>[];
  communications: Selectable<ContactCommunicationsTable>[];
  notes: Selectable<ContactNotesTable>[];
  categories: Selectable<ContactCategoriesTable>[];
  fieldValues: Selectable<ContactFieldValuesTable>[];
}

/** A collection row to insert: its own columns, without the keys the repository fills in. */
export type NewCollectionRow<N extends CollectionName> = Omit<
  ContactCollections[N][number],
  'id' | 'contact_id' | 'created_by_job_id'
>;

export type ContactRecord = ContactRow & { owner_user_name: string };

export interface ContactSummaryRow {
  id: number;
  kind: 'person' | 'company';
  first_name: string | null;
  last_name: string | null;
  preferred_name: string | null;
  company_name: string | null;
  owner_user_name: string;
}

export type ContactSortKey = 'name' | '-name' | 'created' | '-created' | 'updated' | '-updated';

/** What a search looks for, already normalised by the service the way the data is stored. */
export interface ContactSearch {
  /**
   * Name words folded as contacts.search_name is (searchNameOf): each must begin a word of the
   * name, so "mul" finds "Müller" but "ller" does not.
   */
  nameWords: readonly string[];
  /** Lower-cased text an email or web address contains. */
  communication?: string | undefined;
  /** A phone: its E.164 form, and/or digits its stored form contains. */
  phoneE164?: string | undefined;
  phoneDigits?: string | undefined;
  /** Only the members of this contact list. */
  listId?: number | undefined;
  sort: ContactSortKey;
  offset: number;
  limit: number;
}

export interface AuditEntryRow extends Selectable<ContactAuditTable> {
  user_name: string | null;
}

type ContactsExpression = ExpressionBuilder<DatabaseSchema, 'contacts'>;

/** `value like '%text%'`, with the pattern characters of `text` taken literally. */
function contains(value: Expression<unknown>, text: string): Expression<SqlBool> {
  const pattern = `%${text.replace(/[!%_]/g, (c) => `!${c}`)}%`;
  return sql<boolean>`${value} like ${pattern} escape '!'`;
}

/** `value like 'text%'`, with the pattern characters of `text` taken literally. */
function startsWith(value: Expression<unknown>, text: string): Expression<SqlBool> {
  const pattern = `${text.replace(/[!%_]/g, (c) => `!${c}`)}%`;
  return sql<boolean>`${value} like ${pattern} escape '!'`;
}

/**
 * A word of the stored search name (words separated by one space) begins with `word`. Only the
 * first alternative (the name's first word, i.e. the last name) can use contacts_search_name_idx;
 * the second makes the planner scan search_name — stored text compared as is, the cost the
 * search had before it folded accents, not the 30× of folding every row at query time.
 */
function beginsAWord(eb: ContactsExpression, word: string): Expression<SqlBool> {
  const searchName = sql.ref('contacts.search_name');
  return eb.or([startsWith(searchName, word), contains(searchName, ` ${word}`)]);
}

/**
 * Contacts and their collections, blocking keys and audit trail. Every read takes the viewer and
 * filters through contactVisibleTo, so a contact the viewer may not see is simply not found.
 */
export class ContactsRepository {
  constructor(private readonly db: Database) {}

  /** Runs `work` in one transaction, with a repository bound to it. */
  inTransaction<T>(work: (contacts: ContactsRepository) => Promise<T>): Promise<T> {
    return this.db.transaction().execute((trx) => work(new ContactsRepository(trx)));
  }

  async findVisible(viewerId: number, contactId: number): Promise<ContactRecord | undefined> {
    return this.db
      .selectFrom('contacts')
      .where(contactVisibleTo(viewerId))
      .innerJoin('users', 'users.id', 'contacts.owner_user_id')
      .selectAll('contacts')
      .select('users.user_name as owner_user_name')
      .where('contacts.id', '=', contactId)
      .executeTakeFirst();
  }

  /** The collections of a contact the caller has already found through a visible read. */
  async collectionsOf(contactId: number): Promise<ContactCollections> {
    const collections: Record<string, unknown[]> = {};
    for (const [name, table] of Object.entries(contactCollectionTables)) {
      // One table at a time; the cast picks one member of the union so Kysely can type the query.
      collections[name] = await this.db
        .selectFrom(table as 'contact_notes')
        .selectAll()
        .where('contact_id', '=', contactId)
        .orderBy('id')
        .execute();
    }
    return collections as unknown as ContactCollections;
  }

  async insertContact(values: Insertable<ContactsTable>): Promise<ContactRow> {
    return this.db.insertInto('contacts').values(values).returningAll().executeTakeFirstOrThrow();
  }

  async updateContact(contactId: number, values: Updateable<ContactsTable>): Promise<void> {
    await this.db.updateTable('contacts').set(values).where('id', '=', contactId).execute();
  }

  /** Deletes the contact; its collections, blocking keys and list memberships go with it. */
  async deleteContact(contactId: number): Promise<void> {
    await this.db.deleteFrom('contacts').where('id', '=', contactId).execute();
  }

  async insertCollectionRows<N extends CollectionName>(
    name: N,
    contactId: number,
    rows: readonly NewCollectionRow<N>[],
  ): Promise<ContactCollections[N]> {
    if (rows.length === 0) return [] as ContactCollections[N];
    const inserted = await this.db
      .insertInto(contactCollectionTables[name] as 'contact_notes')
      .values(rows.map((row) => ({ ...row, contact_id: contactId, created_by_job_id: null })) as never)
      .returningAll()
      .execute();
    return inserted as unknown as ContactCollections[N];
  }

  async deleteCollectionRows(name: CollectionName, ids: readonly number[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db
      .deleteFrom(contactCollectionTables[name] as 'contact_notes')
      .where('id', 'in', [...ids])
      .execute();
  }

  async replaceMatchIndex(contactId: number, index: ContactMatchIndex): Promise<void> {
    await replaceMatchIndex(this.db, contactId, index);
  }

  async insertAudit(rows: readonly Insertable<ContactAuditTable>[]): Promise<void> {
    if (rows.length === 0) return;
    await this.db
      .insertInto('contact_audit')
      .values([...rows])
      .execute();
  }

  /** The audit trail of a contact the viewer may see, oldest first; empty when they may not. */
  async historyVisible(viewerId: number, contactId: number): Promise<AuditEntryRow[]> {
    return this.db
      .selectFrom('contact_audit')
      .leftJoin('users', 'users.id', 'contact_audit.user_id')
      .selectAll('contact_audit')
      .select('users.user_name')
      .where('contact_audit.contact_id', 'in', (eb) =>
        eb
          .selectFrom('contacts')
          .select('contacts.id')
          .where('contacts.id', '=', contactId)
          .where(contactVisibleTo(viewerId)),
      )
      .orderBy('contact_audit.id')
      .execute();
  }

  /** One page of the contacts the viewer may see that match the search, and how many match. */
  async search(
    viewerId: number,
    search: ContactSearch,
  ): Promise<{ rows: ContactSummaryRow[]; total: number }> {
    const filtered = this.db
      .selectFrom('contacts')
      .where(contactVisibleTo(viewerId))
      .where((eb) => matching(eb, search));
    const counted = await filtered.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const [column, direction] = sortColumns[search.sort];
    const rows = await filtered
      .innerJoin('users', 'users.id', 'contacts.owner_user_id')
      .select([
        'contacts.id',
        'contacts.kind',
        'contacts.first_name',
        'contacts.last_name',
        'contacts.preferred_name',
        'contacts.company_name',
        'users.user_name as owner_user_name',
      ])
      .orderBy(column, direction)
      .orderBy('contacts.id', direction)
      .limit(search.limit)
      .offset(search.offset)
      .execute();
    return { rows, total: Number(counted.n) };
  }

  /**
   * Per contact, its first email and phone: the primary one, else the first entered. For the ids
   * of a visible read (a search page).
   */
  async mainCommunications(
    contactIds: readonly number[],
  ): Promise<Map<number, { email: string | null; phone: string | null }>> {
    const result = new Map<number, { email: string | null; phone: string | null }>();
    if (contactIds.length === 0) return result;
    const rows = await this.db
      .selectFrom('contact_communications')
      .select(['contact_id', 'channel', 'value'])
      .where('contact_id', 'in', [...contactIds])
      .where('channel', 'in', ['email', 'phone'])
      .orderBy((eb) => eb.fn.coalesce('is_primary', eb.lit(0)), 'desc')
      .orderBy('id')
      .execute();
    for (const row of rows) {
      const entry = result.get(row.contact_id) ?? { email: null, phone: null };
      if (row.channel === 'email') entry.email ??= row.value;
      else entry.phone ??= row.value;
      result.set(row.contact_id, entry);
    }
    return result;
  }
}

const sortColumns = {
  name: ['contacts.sort_name', 'asc'],
  '-name': ['contacts.sort_name', 'desc'],
  created: ['contacts.created_at', 'asc'],
  '-created': ['contacts.created_at', 'desc'],
  updated: ['contacts.updated_at', 'asc'],
  '-updated': ['contacts.updated_at', 'desc'],
} as const satisfies Record<ContactSortKey, readonly [string, 'asc' | 'desc']>;

/** The search's conditions: list membership, and a name, email/web or phone that matches. */
function matching(eb: ContactsExpression, search: ContactSearch) {
  const conditions: Expression<SqlBool>[] = [];
  if (search.listId !== undefined) {
    conditions.push(
      eb(
        'contacts.id',
        'in',
        eb.selectFrom('contact_list_members').select('contact_id').where('list_id', '=', search.listId),
      ),
    );
  }
  const alternatives: Expression<SqlBool>[] = [];
  if (search.nameWords.length > 0) {
    alternatives.push(eb.and(search.nameWords.map((word) => beginsAWord(eb, word))));
  }
  const communication = (channels: string[], condition: Expression<SqlBool>) =>
    eb.exists(
      eb
        .selectFrom('contact_communications')
        .select('contact_communications.id')
        .whereRef('contact_communications.contact_id', '=', 'contacts.id')
        .where('contact_communications.channel', 'in', channels)
        .where(condition),
    );
  const stored = sql.ref('contact_communications.normalized_value');
  if (search.communication) {
    alternatives.push(communication(['email', 'web'], contains(stored, search.communication)));
  }
  const phone: Expression<SqlBool>[] = [];
  if (search.phoneE164) phone.push(sql<boolean>`${stored} = ${search.phoneE164}`);
  if (search.phoneDigits) phone.push(contains(stored, search.phoneDigits));
  if (phone.length > 0) alternatives.push(communication(['phone', 'fax'], eb.or(phone)));
  if (alternatives.length > 0) conditions.push(eb.or(alternatives));
  return eb.and(conditions);
}
