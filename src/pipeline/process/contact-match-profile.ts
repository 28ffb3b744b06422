import { type ContactMatchIndex, matchIndexOf } from '../../contacts/match-profile.js';
import type { ContactSnapshot } from '../../db/repositories/contact-records.js';

/** What every writer of a contact stores for matching (keys and scoring profile), from a snapshot. */
export function matchIndexOfSnapshot({ contact, collections }: ContactSnapshot): ContactMatchIndex {
  return matchIndexOf(contact, {
    communications: collections.contact_communications,
    addresses: collections.contact_addresses,
    legacyKeys: collections.contact_legacy_keys,
  });
}
