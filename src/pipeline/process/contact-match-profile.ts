import { matchProfileOf, scoringProfileOf } from '../../db/contact-match-profile.js';
import type { ContactSnapshot } from '../../db/repositories/contact-records.js';
import type { ContactMatchIndex } from '../../format/match-profile.js';
import { blockingKeysFor } from '../match/blocking-keys.js';

/**
 * What every writer of a contact stores for matching (keys and scoring profile), from a snapshot:
 * matchIndexOf (src/pipeline/match/contact-match-index.ts) with the profile the keys come from
 * read once, not twice (Process computes this for every contact it writes).
 */
export function matchIndexOfSnapshot({ contact, collections }: ContactSnapshot): ContactMatchIndex {
  const sources = {
    communications: collections.contact_communications,
    addresses: collections.contact_addresses,
    legacyKeys: collections.contact_legacy_keys,
  };
  const matched = matchProfileOf(contact, sources);
  return { keys: blockingKeysFor(matched), profile: scoringProfileOf(contact, sources, matched) };
}
