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
export async function readStagedProfiles(
  db: Reader,
  jobId: number,
  contacts: readonly StagedContactRow[],
  dialect?: DialectName,
): Promise<Map<number, StagedProfile>> {
  const byKey = new Map<string, StagedProfile>();
  const profiles = new Map<number, StagedProfile>();
  for (const contact of contacts) {
    const profile: StagedProfile = {
      contact,
      addresses: [],
      communications: [],
      notes: [],
      categories: [],
      fieldValues: [],
    };
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
      const rows = await db
        .selectFrom(table)
        .selectAll()
        .where('job_id', '=', jobId)
        .where(dialect ? isOneOfKeys(dialect, 'contact_key', chunk) : (eb) => eb('contact_key', 'in', chunk))
        .orderBy('id')
        .execute();
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
