import type { Kysely, Transaction } from 'kysely';
import type { ContactMatchIndex } from '../../format/match-profile.js';
import { storedProfileText } from '../../format/match-profile.js';
import type { DatabaseSchema } from '../schema.js';

/**
 * A contact's entries in the match index: its blocking keys (contact_match_keys) and its
 * scoring profile (contact_match_profiles). Written only together, by every writer of a contact,
 * so the Match stage never finds a contact by keys that disagree with the profile it scores.
 */

type Writer = Kysely<DatabaseSchema> | Transaction<DatabaseSchema>;

const rowsPerStatement = 500;

/** Index entries of contacts this transaction created (nothing to replace). */
export async function addMatchIndex(
  db: Writer,
  entries: ReadonlyArray<{ contactId: number; index: ContactMatchIndex }>,
): Promise<void> {
  const keys = entries.flatMap(({ contactId, index }) =>
    index.keys.map((match_key) => ({ match_key, contact_id: contactId })),
  );
  for (let start = 0; start < keys.length; start += rowsPerStatement) {
    await db
      .insertInto('contact_match_keys')
      .values(keys.slice(start, start + rowsPerStatement))
      .execute();
  }
  const profiles = entries.map(({ contactId, index }) => ({
    contact_id: contactId,
    profile: storedProfileText(index.profile),
  }));
  for (let start = 0; start < profiles.length; start += rowsPerStatement) {
    await db
      .insertInto('contact_match_profiles')
      .values(profiles.slice(start, start + rowsPerStatement))
      .execute();
  }
}

/** Replaces a changed contact's index entries. */
export async function replaceMatchIndex(
  db: Writer,
  contactId: number,
  index: ContactMatchIndex,
): Promise<void> {
  await removeMatchIndex(db, [contactId]);
  await addMatchIndex(db, [{ contactId, index }]);
}

/** Removes the index entries of contacts about to be deleted; answers how many rows went. */
export async function removeMatchIndex(
  db: Writer,
  contactIds: readonly number[],
): Promise<{ keys: number; profiles: number }> {
  if (contactIds.length === 0) return { keys: 0, profiles: 0 };
  const keys = await db
    .deleteFrom('contact_match_keys')
    .where('contact_id', 'in', [...contactIds])
    .executeTakeFirst();
  const profiles = await db
    .deleteFrom('contact_match_profiles')
    .where('contact_id', 'in', [...contactIds])
    .executeTakeFirst();
  return { keys: Number(keys.numDeletedRows), profiles: Number(profiles.numDeletedRows) };
}
