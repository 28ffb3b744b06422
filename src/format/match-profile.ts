/**
 * What matching knows of a contact, and the text form the database stores it in: shared by the
 * data layer (contact_match_profiles, the Match stage's lookups) and the matcher in
 * src/pipeline/match, so it lives below both.
 */

/** A postal address as matching reads it. */
export interface AddressFields {
  street?: string | null;
  street2?: string | null;
  city?: string | null;
  postalCode?: string | null;
  country?: string | null;
}

/**
 * What matching knows of a contact, staged or existing (the shape of CONTRACTS.md: every writer
 * of a contact builds one for blockingKeysFor). Fields marked optional are extensions the
 * scorer uses when the caller has them.
 */
export interface MatchProfile {
  kind: 'person' | 'company';
  firstName: string | null;
  middleName: string | null;
  lastName: string | null;
  preferredName: string | null;
  /** YYYY-MM-DD. */
  birthDate: string | null;
  /** A company's name, or a person's employer. */
  companyName: string | null;
  /** As stored: emails lower-cased, phones E.164 (other formats are parsed, more slowly). */
  emails: readonly string[];
  phones: readonly string[];
  postalCodes: readonly string[];
  /** The keys the contact had in the source systems it was imported from. */
  legacyKeys: readonly string[];
  /** An existing contact's legacy keys with the source each came from (contact_legacy_keys). */
  sourcedLegacyKeys?: readonly { legacyKey: string; source: string }[];
  /** The caller's id of the contact (an existing contact's id, a staged contact's id). */
  id?: number;
  title?: string | null;
  suffix?: string | null;
  /** Whole addresses; without them the scorer compares postalCodes only. */
  addresses?: readonly AddressFields[];
}

/**
 * The text form of an existing contact's match profile, as contact_match_profiles stores it and
 * the Match stage hands it to its scoring thread (a string crosses threads far more cheaply than
 * an object graph). The id is not part of the text: the row's contact_id is the id.
 */
export function storedProfileText(profile: MatchProfile): string {
  // Writers build profiles without an id (Process, for every contact it writes): no copy to leave it out.
  if (profile.id === undefined) return JSON.stringify(profile);
  const { id: _id, ...stored } = profile;
  return JSON.stringify(stored);
}

/**
 * Profiles as their stored text (storedProfileText) by the id they belong to, in id order where
 * they were read in order: how the Match stage's database half hands profiles to its scoring
 * thread, which parses them (profileFromStoredText).
 */
export type ProfileTexts = Map<number, string>;

export function profileFromStoredText(contactId: number, text: string): MatchProfile {
  const profile = JSON.parse(text) as MatchProfile;
  profile.id = contactId;
  return profile;
}

/**
 * What every writer of a contact stores for matching: its blocking keys and its scoring profile
 * (built by matchIndexOf in src/pipeline/match/contact-match-index.ts).
 */
export interface ContactMatchIndex {
  keys: string[];
  profile: MatchProfile;
}
