/**
 * Blocking keys: short strings two records of one contact are likely to share, so the matcher
 * compares a record only with the few records that share one of its keys instead of with the
 * whole database. Each kind of key survives different damage, and a duplicate needs only one:
 *
 * - `l:` legacy key — a re-import of the same source;
 * - `e:` email, `p:` phone in E.164 — survive any change of name or address;
 * - `n:` sounds of the first and last names, in alphabetical order — survive typos that keep
 *   the sound, accents, swapped first and last names and nicknames (the sounds of the formal
 *   names are keyed too: Bob → Robert);
 * - `b:` birth date | an initial — survive surname typos, a new address, missing email;
 * - `z:` postcode | sound of a name — survive a new email or phone at the same address;
 *   `t:` city | sound of the last name — the same, with a mistyped postcode;
 * - `d:` birth date | postcode, `a:` house number | first letters of the street — survive
 *   names replaced or missing (a first name retyped and the last name left out);
 * - `c:` sound of a company name, `cz:` postcode | its first letters.
 *
 * Keys that many records share (household phones, info@ mailboxes, "Smith J") are cut off by
 * the candidate index's per-key cap, not here: whether a key is too common depends on the data.
 */
import { formatBirthDate } from './birth-date.js';
import { distinct, type MatchProfile, type PreparedProfile, prepareProfile } from './match-profile.js';
import type { MatchField } from './match-weights.js';
import { formalNamesOf } from './nicknames.js';
import type { NormalisedName } from './person-name.js';
import { phoneticCodes } from './phonetic-code.js';

/** Letters of a street name in its `a:` key: enough to tell streets apart, few enough for typos. */
const streetPrefix = 4;

/** Chris may stand for 18 formal names; their distinct sounds are fewer, and these are enough. */
const maxFirstNameSounds = 8;

/**
 * The sounds of the formal names a first word may stand for, in formalNamesOf's order: the same
 * few thousand first names come back in contact after contact. Bounded like phoneticCodes' memo.
 */
const formalSoundsByWord = new Map<string, readonly string[]>();
const formalSoundsKept = 100_000;

function formalSoundsOf(word: string): readonly string[] {
  let sounds = formalSoundsByWord.get(word);
  if (!sounds) {
    sounds = formalNamesOf(word).map((formal) => phoneticCodes(formal)[0]);
    if (formalSoundsByWord.size >= formalSoundsKept) formalSoundsByWord.clear();
    formalSoundsByWord.set(word, sounds);
  }
  return sounds;
}

/** The sounds of a first name, of its first word and of the formal names it may stand for. */
function firstNameSounds(
  first: NormalisedName | undefined,
  preferred: NormalisedName | undefined,
): Set<string> {
  const sounds = new Set<string>();
  for (const name of [first, preferred]) {
    if (!name) continue;
    sounds.add(name.phonetic);
    for (const sound of formalSoundsOf(name.parts[0]!)) {
      if (sounds.size >= maxFirstNameSounds) break;
      sounds.add(sound);
    }
  }
  sounds.delete('');
  return sounds;
}

export type { MatchProfile };

/**
 * The compared fields each kind of key is made of, by its prefix: two contacts that share a key
 * agree on these because they share it (the model's estimate leaves them out of such a pair,
 * model/estimate-model.ts). Every prefix blockingKeysOfPrepared makes is here (tested).
 */
const blockingKeyFields: Readonly<Record<string, readonly MatchField[]>> = {
  l: ['legacyKey'],
  e: ['email'],
  p: ['phone'],
  n: ['firstName', 'lastName'],
  b: ['birthDate', 'firstName', 'lastName'],
  z: ['address', 'firstName', 'lastName'],
  t: ['address', 'lastName'],
  d: ['birthDate', 'address'],
  a: ['address'],
  c: ['companyName'],
  cz: ['companyName', 'address'],
};

/** The fields a key is made of (blockingKeyFields); a key of an unknown kind: none of them known. */
export function fieldsOfBlockingKey(key: string): readonly MatchField[] | undefined {
  return blockingKeyFields[key.slice(0, key.indexOf(':'))];
}

/**
 * The keys a contact is filed under in contact_match_keys. Every writer of a contact replaces
 * the contact's keys with these whenever it changes.
 *
 * @example blockingKeysFor({ kind: 'person', firstName: 'Bob', lastName: 'Smith', … }) // ["n:PP|SM0", "n:RPRT|SM0", …]
 */
export function blockingKeysFor(profile: MatchProfile): string[] {
  return blockingKeysOfPrepared(prepareProfile(profile));
}

/** blockingKeysFor for a profile the matcher has prepared already. */
export function blockingKeysOfPrepared(profile: PreparedProfile): string[] {
  // Each key once, in the order made. A contact has some ten keys: an array searched is cheaper
  // than a Set, which hashed every key and grew its table twice for each contact.
  const keys: string[] = [];
  const add = (key: string) => {
    if (!keys.includes(key)) keys.push(key);
  };
  for (const legacyKey of profile.legacyKeys) add(`l:${legacyKey}`);
  for (const email of profile.emails) add(`e:${email}`);
  for (const phone of profile.phones) add(`p:${phone}`);
  const postcodes = distinct(profile.addresses, (address) => address.postcode || undefined);

  if (profile.kind === 'person') {
    const cities = distinct(profile.addresses, (address) => address.cityLetters || undefined);
    const { first, last } = profile.name;
    const date = profile.birthDate ? formatBirthDate(profile.birthDate) : undefined;
    if (first && last && last.phonetic !== '') {
      for (const sound of firstNameSounds(first, profile.preferred)) {
        add(sound < last.phonetic ? `n:${sound}|${last.phonetic}` : `n:${last.phonetic}|${sound}`);
      }
    }
    // Birth date and postcode keys once with each name, so that swapped names still meet.
    for (const name of [first, last]) {
      if (!name) continue;
      if (date) add(`b:${date}|${name.joined[0]}`);
      for (const postcode of postcodes) add(`z:${postcode}|${name.phonetic}`);
      // The last name only: a first name's sound is too common within a city to be worth a lookup.
      if (name === last) for (const city of cities) add(`t:${city}|${name.phonetic}`);
    }
    // Without any name: a first name replaced and the last name missing still meet by these.
    if (date) for (const postcode of postcodes) add(`d:${date}|${postcode}`);
    for (const address of profile.addresses) {
      const street = address.streetLetters;
      if (address.houseNumber !== '' && street.length >= 3)
        add(`a:${address.houseNumber}|${street.slice(0, streetPrefix)}`);
    }
  } else if (profile.company) {
    const joined = profile.company.replaceAll(' ', '');
    add(`c:${phoneticCodes(joined)[0]}`);
    for (const postcode of postcodes) add(`cz:${postcode}|${joined.slice(0, 3)}`);
  }
  return keys;
}
