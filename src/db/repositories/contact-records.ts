/**
 * A contact with its collections, read in one go: what Compare Details shows, what the audit
 * trail records for a created or deleted contact, and what merge rules and undo compare against.
 */
import type { Kysely, Transaction } from 'kysely';
import type { DialectName } from '../dialect-name.js';
import { isOneOfIds } from '../key-list.js';
import { type ContactRow, contactCollectionTables, type DatabaseSchema } from '../schema.js';

/** The contact's own fields that people see and merge, as database columns. */
export const contactFieldNames = [
  'title',
  'first_name',
  'middle_name',
  'last_name',
  'preferred_name',
  'suffix',
  'birth_date',
  'company_name',
  'position',
  'industry',
  'status',
] as const;
export type ContactFieldName = (typeof contactFieldNames)[number];

export type CollectionTable = (typeof contactCollectionTables)[keyof typeof contactCollectionTables];
export const collectionTables = Object.values(contactCollectionTables) as CollectionTable[];

/** Every column of a contact, in the table's order (what a read of the row returns). */
export const contactColumns = [
  'id',
  'kind',
  'owner_user_id',
  'title',
  'first_name',
  'middle_name',
  'last_name',
  'preferred_name',
  'suffix',
  'birth_date',
  'company_name',
  'position',
  'industry',
  'status',
  'sort_name',
  'created_at',
  'updated_at',
  'created_by_job_id',
  'search_name',
] as const satisfies ReadonlyArray<keyof ContactRow>;

/** Every column of each collection table, in the table's order. */
export const collectionColumns: Record<CollectionTable, readonly string[]> = {
  contact_legacy_keys: ['id', 'contact_id', 'created_by_job_id', 'legacy_key', 'source'],
  contact_addresses: [
    'id',
    'contact_id',
    'created_by_job_id',
    'type',
    'street',
    'street2',
    'city',
    'state',
    'postal_code',
    'country',
    'is_primary',
  ],
  contact_communications: [
    'id',
    'contact_id',
    'created_by_job_id',
    'channel',
    'type',
    'value',
    'normalized_value',
    'is_primary',
  ],
  contact_notes: ['id', 'contact_id', 'created_by_job_id', 'subject', 'text', 'date'],
  contact_categories: ['id', 'contact_id', 'created_by_job_id', 'category'],
  contact_field_values: ['id', 'contact_id', 'created_by_job_id', 'scope', 'field', 'value'],
};

/** One collection row as stored, keyed by column. */
export type CollectionRow = Record<string, unknown> & { id: number; contact_id: number };

export interface ContactSnapshot {
  contact: ContactRow;
  /** Every collection's rows, by table name, in id order. */
  collections: Record<CollectionTable, CollectionRow[]>;
}

type Reader = Kysely<DatabaseSchema> | Transaction<DatabaseSchema>;

/**
 * The contacts with these ids (those that exist) with all their collections. With the dialect,
 * the ids are bound as one parameter (isOneOfIds): one statement text whatever their number, so
 * a caller reading thousands per batch neither rebuilds nor caches a statement per list length.
 */
export async function readContactSnapshots(
  db: Reader,
  ids: readonly number[],
  dialect?: DialectName,
): Promise<Map<number, ContactSnapshot>> {
  const snapshots = new Map<number, ContactSnapshot>();
  if (ids.length === 0) return snapshots;
  const unique = [...new Set(ids)];
  const contacts = await db
    .selectFrom('contacts')
    .selectAll()
    .where(dialect ? isOneOfIds(dialect, 'id', unique) : (eb) => eb('id', 'in', unique))
    .execute();
  for (const contact of contacts) {
    snapshots.set(contact.id, {
      contact,
      collections: Object.fromEntries(collectionTables.map((table) => [table, []])) as unknown as Record<
        CollectionTable,
        CollectionRow[]
      >,
    });
  }
  for (const table of collectionTables) {
    const rows = (await db
      .selectFrom(table)
      .selectAll()
      .where(dialect ? isOneOfIds(dialect, 'contact_id', unique) : (eb) => eb('contact_id', 'in', unique))
      .orderBy('id')
      .execute()) as unknown as CollectionRow[];
    for (const row of rows) snapshots.get(row.contact_id)?.collections[table].push(row);
  }
  return snapshots;
}
