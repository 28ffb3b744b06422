/**
 * Blocking keys: short strings two records of one contact are likely to share, so the matcher
 * compares a record only with the few records that share one of its keys instead of with the
 * whole database. Each kind of key survives different damage, and a duplicate needs only one:
 *
 * - `l:` legacy key — a re-import of the same source;
 * - `e:` email, `p:` phone in E.164 — survive any change of name or address;
 * - `n:` sound of one name | initial of the other — survive typos that keep the sound, accents,
 *   swapped first and last names (both orders are keyed) and nicknames (the initials of the
 *   formal names too: Bob → r for Robert);
 * - `b:` birth date | an initial — survive surname typos, a new address, missing email;
 * - `z:` postcode | sound of a name — survive a new email or phone at the same address;
 * - `c:` sound of a company name, `cw:` each of its first longer words, `cz:` postcode | its
 *   first letters.
 *
 * Keys that many records share (household phones, info@ mailboxes, "Smith J") are cut off by
 * the candidate index's per-key cap, not here: whether a key is too common depends on the data.
 */
import { formatBirthDate } from './birth-date.js';
import type { PreparedProfile } from './match-profile.js';
import { formalNamesOf } from './nicknames.js';
import type { NormalisedName } from './person-name.js';
import { phoneticCodes } from './phonetic-code.js';

const maxFormalNames = 3;

function initialsOf(first: NormalisedName | undefined, preferred: NormalisedName | undefined): Set<string> {
  const initials = new Set<string>();
  for (const name of [first, preferred]) {
    if (!name) continue;
    initials.add(name.joined[0]!);
    for (const formal of formalNamesOf(name.parts[0]!).slice(0, maxFormalNames)) initials.add(formal[0]!);
  }
  return initials;
}

/** @example blockingKeysFor(prepareProfile({ id: 1, kind: 'person', firstName: 'Bob', lastName: 'Smith' })) // ["n:SM0|b", "n:SM0|r", "n:PP|s"] */
export function blockingKeysFor(profile: PreparedProfile): string[] {
  const keys = new Set<string>();
  if (profile.legacyKey) keys.add(`l:${profile.legacyKey}`);
  for (const email of profile.emails) keys.add(`e:${email}`);
  for (const phone of profile.phones) keys.add(`p:${phone}`);
  const postcodes = new Set(
    profile.addresses.map((address) => address.postcode).filter((code) => code !== ''),
  );

  if (profile.kind === 'person') {
    const { first, last } = profile.name;
    const firstInitials = initialsOf(first, profile.preferred);
    const date = profile.birthDate ? formatBirthDate(profile.birthDate) : undefined;
    if (last) {
      for (const initial of firstInitials) keys.add(`n:${last.phonetic}|${initial}`);
      if (date) keys.add(`b:${date}|${last.joined[0]}`);
      for (const postcode of postcodes) keys.add(`z:${postcode}|${last.phonetic}`);
    }
    if (first) {
      // The same keys with first and last names swapped.
      if (last) keys.add(`n:${first.phonetic}|${last.joined[0]}`);
      if (date) keys.add(`b:${date}|${first.joined[0]}`);
      for (const postcode of postcodes) keys.add(`z:${postcode}|${first.phonetic}`);
    }
  } else if (profile.company) {
    const joined = profile.company.replaceAll(' ', '');
    keys.add(`c:${phoneticCodes(joined)[0]}`);
    // Each longer word on its own too, so that a typo in one word leaves the others.
    for (const word of profile.company.split(' ').slice(0, 3)) if (word.length >= 4) keys.add(`cw:${word}`);
    for (const postcode of postcodes) keys.add(`cz:${postcode}|${joined.slice(0, 3)}`);
  }
  return [...keys];
}
