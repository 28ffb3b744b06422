/**
 * A contact with its collections, read in one go: what Compare Details shows, what the audit
 * trail records for a created or deleted contact, and what merge rules and undo compare against.
 */
import type { Kysely, Transaction } from 'kysely';
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

/** One collection row as stored, keyed by column. */
export type CollectionRow = Record<string, unknown> & { id: number; contact_id: number };

export interface ContactSnapshot {
  contact: ContactRow;
  /** Every collection's rows, by table name, in id order. */
  collections: Record<CollectionTable, CollectionRow[]>;
}

type Reader = Kysely<DatabaseSchema> | Transaction<DatabaseSchema>;

/** The contacts with these ids (those that exist) with all their collections. */
export async function readContactSnapshots(
  db: Reader,
  ids: readonly number[],
): Promise<Map<number, ContactSnapshot>> {
  const snapshots = new Map<number, ContactSnapshot>();
  if (ids.length === 0) return snapshots;
  const unique = [...new Set(ids)];
  const contacts = await db.selectFrom('contacts').selectAll().where('id', 'in', unique).execute();
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
      .where('contact_id', 'in', unique)
      .orderBy('id')
      .execute()) as unknown as CollectionRow[];
    for (const row of rows) snapshots.get(row.contact_id)?.collections[table].push(row);
  }
  return snapshots;
}
