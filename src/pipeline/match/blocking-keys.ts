/**
 * Blocking keys: short strings that a contact and its likely duplicates share, so the Match stage
 * compares a staged contact only with the contacts that share a key (looked up through the
 * indexed contact_match_keys table) rather than with the whole database.
 *
 * Every writer of a contact refreshes its keys from `blockingKeysFor(matchProfileOf(...))`.
 */

/** What matching knows of a contact, staged or existing. */
export interface MatchProfile {
  kind: 'person' | 'company';
  firstName: string | null;
  middleName: string | null;
  lastName: string | null;
  preferredName: string | null;
  birthDate: string | null;
  companyName: string | null;
  /** As stored: emails lower-cased, phones E.164. */
  emails: readonly string[];
  phones: readonly string[];
  postalCodes: readonly string[];
  legacyKeys: readonly string[];
}

const simplify = (text: string | null): string =>
  (text ?? '')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

/** The keys a profile is filed under; a duplicate with a typo or a new address still shares one. */
export function blockingKeysFor(profile: MatchProfile): string[] {
  const keys = new Set<string>();
  for (const email of profile.emails) keys.add(`e:${email.toLowerCase()}`);
  for (const phone of profile.phones) keys.add(`p:${phone.split(';')[0]}`);
  for (const key of profile.legacyKeys) keys.add(`l:${key}`);
  const last = simplify(profile.lastName);
  const first = simplify(profile.firstName);
  if (profile.kind === 'company') {
    const company = simplify(profile.companyName);
    if (company) keys.add(`c:${company.slice(0, 8)}`);
  } else if (last) {
    keys.add(`n:${last}|${first.slice(0, 1)}`);
    if (first) keys.add(`n:${first}|${last.slice(0, 1)}`);
    if (profile.birthDate) keys.add(`b:${profile.birthDate}|${last.slice(0, 1)}`);
  }
  return [...keys];
}
