import type { ContactSnapshot } from '../../db/repositories/contact-records.js';
import type { ContactMatchIndex } from '../../format/match-profile.js';
import { matchIndexOf } from '../match/contact-match-index.js';

/** What every writer of a contact stores for matching (keys and scoring profile), from a snapshot. */
export function matchIndexOfSnapshot({ contact, collections }: ContactSnapshot): ContactMatchIndex {
  return matchIndexOf(contact, {
    communications: collections.contact_communications,
    addresses: collections.contact_addresses,
    legacyKeys: collections.contact_legacy_keys,
  });
}
