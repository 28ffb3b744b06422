/**
 * A staged contact with its staged collections (addresses, communications, notes, categories,
 * custom and user field values). Child rows point at their contact by legacy key within the job.
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { DialectName } from '../dialect-name.js';
import { isOneOfKeys } from '../key-list.js';
import type {
  DatabaseSchema,
  StagedAddressesTable,
  StagedCategoriesTable,
  StagedCommunicationsTable,
  StagedContactRow,
  StagedFieldValuesTable,
  StagedNotesTable,
} from '../schema.js';

export interface StagedProfile {
  contact: StagedContactRow;
  addresses: Selectable<StagedAddressesTable>[];
  communications: Selectable<StagedCommunicationsTable>[];
  notes: Selectable<StagedNotesTable>[];
  categories: Selectable<StagedCategoriesTable>[];
  fieldValues: Selectable<StagedFieldValuesTable>[];
}

/**
 * The columns of each staged collection that become a contact's rows: what Process reads. The
 * rest (job, source file and line, row id) is for the review screens; leaving it out took a
 * quarter off reading a batch's staged collections.
 */
const contentColumns = {
  addresses: ['type', 'street', 'street2', 'city', 'state', 'postal_code', 'country', 'is_primary'],
  communications: ['channel', 'type', 'value', 'is_primary'],
  notes: ['subject', 'text', 'date'],
  categories: ['category'],
  fieldValues: ['scope', 'field', 'value'],
} as const;

type Content<Row, Columns extends { readonly [index: number]: keyof Row }> = Pick<Row, Columns[number]>;

/** A staged contact with what its staged collections bring to a contact (see contentColumns). */
export interface StagedContent {
  contact: StagedContactRow;
  addresses: Content<Selectable<StagedAddressesTable>, typeof contentColumns.addresses>[];
  communications: Content<Selectable<StagedCommunicationsTable>, typeof contentColumns.communications>[];
  notes: Content<Selectable<StagedNotesTable>, typeof contentColumns.notes>[];
  categories: Content<Selectable<StagedCategoriesTable>, typeof contentColumns.categories>[];
  fieldValues: Content<Selectable<StagedFieldValuesTable>, typeof contentColumns.fieldValues>[];
}

type Reader = Kysely<DatabaseSchema> | Transaction<DatabaseSchema>;

const stagedCollectionTables = {
  addresses: 'staged_addresses',
  communications: 'staged_communications',
  notes: 'staged_notes',
  categories: 'staged_categories',
  fieldValues: 'staged_field_values',
} as const;

/**
 * The staged contacts given, each with its staged collections (rows in file order). With the
 * dialect, the keys are bound as one parameter per query (isOneOfKeys) instead of 500 at a time.
 */
export function readStagedProfiles(
  db: Reader,
  jobId: number,
  contacts: readonly StagedContactRow[],
  dialect?: DialectName,
): Promise<Map<number, StagedProfile>> {
  return readStaged<StagedProfile>(db, jobId, contacts, dialect, 'all');
}

/** readStagedProfiles with only the collections' content columns (StagedContent), for Process. */
export function readStagedContent(
  db: Reader,
  jobId: number,
  contacts: readonly StagedContactRow[],
  dialect: DialectName,
): Promise<Map<number, StagedContent>> {
  return readStaged<StagedContent>(db, jobId, contacts, dialect, 'content');
}

async function readStaged<Profile extends StagedProfile | StagedContent>(
  db: Reader,
  jobId: number,
  contacts: readonly StagedContactRow[],
  dialect: DialectName | undefined,
  columns: 'all' | 'content',
): Promise<Map<number, Profile>> {
  const byKey = new Map<string, Profile>();
  const profiles = new Map<number, Profile>();
  for (const contact of contacts) {
    const profile = {
      contact,
      addresses: [],
      communications: [],
      notes: [],
      categories: [],
      fieldValues: [],
    } as unknown as Profile;
    byKey.set(contact.legacy_key, profile);
    profiles.set(contact.id, profile);
  }
  const keys = [...byKey.keys()];
  const perQuery = dialect ? keys.length : 500;
  for (let start = 0; start < keys.length; start += perQuery) {
    const chunk = keys.slice(start, start + perQuery);
    for (const [name, table] of Object.entries(stagedCollectionTables) as Array<
      [
        keyof typeof stagedCollectionTables,
        (typeof stagedCollectionTables)[keyof typeof stagedCollectionTables],
      ]
    >) {
      const query = db
        .selectFrom(table)
        .where('job_id', '=', jobId)
        .where(dialect ? isOneOfKeys(dialect, 'contact_key', chunk) : (eb) => eb('contact_key', 'in', chunk))
        .orderBy('id');
      const rows = (await (columns === 'all'
        ? query.selectAll()
        : query.select(['contact_key', ...contentColumns[name]] as never)
      ).execute()) as Array<{ contact_key: string }>;
      for (const row of rows) (byKey.get(row.contact_key)?.[name] as unknown[] | undefined)?.push(row);
    }
  }
  return profiles;
}

/** Deletes a staged contact and every staged row that belongs to it. */
export async function deleteStagedContact(trx: Transaction<DatabaseSchema>, contact: StagedContactRow) {
  for (const table of Object.values(stagedCollectionTables)) {
    await trx
      .deleteFrom(table)
      .where('job_id', '=', contact.job_id)
      .where('contact_key', '=', contact.legacy_key)
      .execute();
  }
  await trx.deleteFrom('staged_matches').where('staged_contact_id', '=', contact.id).execute();
  // Those that were to merge into it have no match left: their action waits for a new decision.
  await trx
    .updateTable('staged_contacts')
    .set({ action: null })
    .where('match_staged_contact_id', '=', contact.id)
    .where('action', '=', 'merge')
    .execute();
  await trx
    .updateTable('staged_contacts')
    .set({ match_staged_contact_id: null, match_score: null, match_band: null })
    .where('match_staged_contact_id', '=', contact.id)
    .execute();
  await trx.deleteFrom('staged_matches').where('other_staged_contact_id', '=', contact.id).execute();
  await trx.deleteFrom('staged_contacts').where('id', '=', contact.id).execute();
}
