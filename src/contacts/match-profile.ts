import type { ContactCollections } from '../db/repositories/contacts.repository.js';
import type { ContactFields } from '../db/schema.js';
import type { MatchProfile } from '../pipeline/match/blocking-keys.js';

/**
 * What matching knows of a stored contact, from its row and collections: the profile its blocking
 * keys are computed from (`blockingKeysFor(matchProfileOf(contact, collections))`).
 */
export function matchProfileOf(
  contact: ContactFields,
  collections: Pick<ContactCollections, 'communications' | 'addresses' | 'legacyKeys'>,
): MatchProfile {
  const valuesOf = (channels: readonly string[]) =>
    collections.communications
      .filter((communication) => channels.includes(communication.channel))
      .map((communication) => communication.normalized_value);
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
      .filter((code): code is string => Boolean(code)),
    legacyKeys: collections.legacyKeys.map((key) => key.legacy_key),
  };
}
