import { matchProfileOf } from '../../contacts/match-profile.js';
import type { ContactSnapshot } from '../../db/repositories/contact-records.js';
import { blockingKeysFor, type MatchProfile } from '../match/blocking-keys.js';

/** What matching knows of an existing contact, from the contact and its collections. */
export function matchProfileOfSnapshot({ contact, collections }: ContactSnapshot): MatchProfile {
  return matchProfileOf(contact, {
    communications: collections.contact_communications,
    addresses: collections.contact_addresses,
    legacyKeys: collections.contact_legacy_keys,
  });
}

/** The blocking keys every writer of a contact stores for it. */
export function matchKeysOfSnapshot(snapshot: ContactSnapshot): string[] {
  return blockingKeysFor(matchProfileOfSnapshot(snapshot));
}
