import {
  type MatchProfileSources,
  matchProfileOf,
  scoringProfileOf,
} from '../../db/contact-match-profile.js';
import type { ContactFields } from '../../db/schema.js';
import type { ContactMatchIndex } from '../../format/match-profile.js';
import { blockingKeysFor } from './blocking-keys.js';

/** @example await contacts.replaceMatchIndex(contact.id, matchIndexOf(contact, collections)) */
export function matchIndexOf(contact: ContactFields, collections: MatchProfileSources): ContactMatchIndex {
  // The scoring profile extends the one the keys come from: read the contact once for both.
  const matched = matchProfileOf(contact, collections);
  return { keys: blockingKeysFor(matched), profile: scoringProfileOf(contact, collections, matched) };
}
