import type { ContactSnapshot } from '../../db/repositories/contact-records.js';
import { blockingKeysFor, type MatchProfile } from '../match/blocking-keys.js';

/** What matching knows of an existing contact, from the contact and its collections. */
export function matchProfileOfSnapshot({ contact, collections }: ContactSnapshot): MatchProfile {
  const communications = collections.contact_communications;
  const channel = (names: string[]) =>
    communications
      .filter((row) => names.includes(String(row.channel)))
      .map((row) => String(row.normalized_value));
  return {
    kind: contact.kind,
    firstName: contact.first_name,
    middleName: contact.middle_name,
    lastName: contact.last_name,
    preferredName: contact.preferred_name,
    birthDate: contact.birth_date,
    companyName: contact.company_name,
    emails: channel(['email']),
    phones: channel(['phone', 'fax']),
    postalCodes: collections.contact_addresses
      .map((row) => row.postal_code)
      .filter((code): code is string => typeof code === 'string' && code !== ''),
    legacyKeys: collections.contact_legacy_keys.map((row) => String(row.legacy_key)),
  };
}

/** The blocking keys every writer of a contact stores for it. */
export function matchKeysOfSnapshot(snapshot: ContactSnapshot): string[] {
  return blockingKeysFor(matchProfileOfSnapshot(snapshot));
}
