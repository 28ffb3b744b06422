/**
 * What matching knows of a stored contact, read from its row and collections. The data layer
 * stores it (contact_match_profiles, the match seeding) and the writers of contacts build it, so it
 * lives here; the blocking keys computed from it live with the matcher (contact-match-index.ts in
 * src/pipeline/match).
 */
import type { MatchProfile } from '../format/match-profile.js';
import type { ContactFields } from './schema.js';

type SourceRow = Readonly<Record<string, unknown>>;

/** The collection rows a profile reads: typed rows of the contacts API or loose snapshot rows. */
export interface MatchProfileSources {
  communications: readonly SourceRow[];
  addresses: readonly SourceRow[];
  legacyKeys: readonly SourceRow[];
}

/**
 * What matching knows of a stored contact, from its row and collections: the profile its blocking
 * keys are computed from (`blockingKeysFor(matchProfileOf(contact, collections))`, see matchIndexOf).
 */
export function matchProfileOf(contact: ContactFields, collections: MatchProfileSources): MatchProfile {
  const valuesOf = (channels: readonly string[]) =>
    collections.communications
      .filter((communication) => channels.includes(String(communication.channel)))
      .map((communication) => String(communication.normalized_value));
  return {
    kind: contact.kind,
    firstName: contact.first_name,
    middleName: contact.middle_name,
    lastName: contact.last_name,
    preferredName: contact.preferred_name,
    birthDate: contact.birth_date,
    companyName: contact.company_name,
    emails: valuesOf(['email']),
    phones: valuesOf(['phone', 'fax']),
    postalCodes: collections.addresses
      .map((address) => address.postal_code)
      .filter((code): code is string => typeof code === 'string' && code !== ''),
    legacyKeys: collections.legacyKeys.map((key) => String(key.legacy_key)),
  };
}

/**
 * The profile the Match stage scores a stored contact by: matchProfileOf plus what only the
 * scorer uses (title and suffix, whole addresses, the source of each legacy key). Stored as JSON
 * in contact_match_profiles beside the keys, so a candidate is read in one lookup. Its id is not
 * stored: the reader sets it from the row.
 */
export function scoringProfileOf(
  contact: ContactFields,
  collections: MatchProfileSources,
  /** matchProfileOf(contact, collections), when the caller has it already (it is not copied). */
  matched: MatchProfile = matchProfileOf(contact, collections),
): MatchProfile {
  const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
  // Spelled out, not `...matched`: a spread copy of this size cost 10 µs a contact and left an
  // object JSON.stringify walks slowly. The key order is matchProfileOf's, as the stored text has it.
  return {
    kind: matched.kind,
    firstName: matched.firstName,
    middleName: matched.middleName,
    lastName: matched.lastName,
    preferredName: matched.preferredName,
    birthDate: matched.birthDate,
    companyName: matched.companyName,
    emails: matched.emails,
    phones: matched.phones,
    postalCodes: matched.postalCodes,
    legacyKeys: matched.legacyKeys,
    title: contact.title,
    suffix: contact.suffix,
    addresses: collections.addresses.map((address) => ({
      street: text(address.street),
      city: text(address.city),
      postalCode: text(address.postal_code),
      country: text(address.country),
    })),
    sourcedLegacyKeys: collections.legacyKeys.map((key) => ({
      legacyKey: String(key.legacy_key),
      source: String(key.source),
    })),
  };
}
