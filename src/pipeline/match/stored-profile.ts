/**
 * The text form of an existing contact's match profile, as contact_match_profiles stores it and
 * the Match stage hands it to its scoring thread (a string crosses threads far more cheaply than
 * an object graph). The id is not part of the text: the row's contact_id is the id.
 */
import type { MatchProfile } from './match-profile.js';

export function storedProfileText(profile: MatchProfile): string {
  const { id: _id, ...stored } = profile;
  return JSON.stringify(stored);
}

export function profileFromStoredText(contactId: number, text: string): MatchProfile {
  const profile = JSON.parse(text) as MatchProfile;
  profile.id = contactId;
  return profile;
}
