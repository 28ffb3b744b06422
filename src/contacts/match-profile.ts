import type { ContactFields } from '../db/schema.js';
import type { MatchProfile } from '../pipeline/match/blocking-keys.js';

type SourceRow = Readonly<Record<string, unknown>>;

/** The collection rows a profile reads: typed rows of the contacts API or loose snapshot rows. */
export interface MatchProfileSources {
  communications: readonly SourceRow[];
  addresses: readonly SourceRow[];
  legacyKeys: readonly SourceRow[];
}

/**
 * What matching knows of a stored contact, from its row and collections: the profile its blocking
 * keys are computed from (`blockingKeysFor(matchProfileOf(contact, collections))`).
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
