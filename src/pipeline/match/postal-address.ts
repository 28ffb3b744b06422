/**
 * Postal addresses in a comparable form: the postcode without spaces, the house number apart
 * from the street, and street words with their usual abbreviations spelled one way
 * ("12 North Main Street" and "12 N Main St" meet; so do "Hauptstraße 5" and "Hauptstr. 5").
 */

import { foldedWords, foldText } from '../../format/fold-text.js';
import type { AddressFields } from '../../format/match-profile.js';

export type { AddressFields };

import { similarityAtLeast, withinOneSlip } from './string-similarity.js';

export interface NormalisedAddress {
  /** Upper case letters and digits: "sw1a 1aa" → "SW1A1AA"; empty when unknown. */
  postcode: string;
  houseNumber: string;
  /** Street words without the house number, abbreviations unified, joined by spaces. */
  street: string;
  city: string;
  /** street and city without spaces ("gar butt" → "garbutt"), compared where the words differ. */
  streetLetters: string;
  cityLetters: string;
}

const streetWords: Record<string, string> = {
  street: 'st',
  str: 'st',
  strasse: 'st',
  avenue: 'ave',
  av: 'ave',
  road: 'rd',
  drive: 'dr',
  lane: 'ln',
  boulevard: 'blvd',
  bd: 'blvd',
  court: 'ct',
  place: 'pl',
  square: 'sq',
  terrace: 'ter',
  highway: 'hwy',
  parkway: 'pkwy',
  circle: 'cir',
  crescent: 'cres',
  north: 'n',
  south: 's',
  east: 'e',
  west: 'w',
  apartment: 'apt',
  suite: 'ste',
};

/**
 * streetWords' words by length and first letter: most street words are names ("main", "oak"),
 * and this answers "not an abbreviation" for them without looking the word up.
 */
const streetWordShapes = new Set(
  Object.keys(streetWords).map((word) => word.length * 128 + word.charCodeAt(0)),
);
const unifiedStreetWord = (word: string): string =>
  streetWordShapes.has(word.length * 128 + word.charCodeAt(0)) ? (streetWords[word] ?? word) : word;

/** Text without its spaces; the text itself when it has none (no new string). */
const withoutSpaces = (text: string): string => (text.includes(' ') ? text.replaceAll(' ', '') : text);

const startsWithDigit = (word: string): boolean => {
  const code = word.charCodeAt(0);
  return code >= 48 && code <= 57;
};

export function normaliseAddress(address: AddressFields): NormalisedAddress | undefined {
  const words: string[] = [];
  let houseNumber = '';
  for (const raw of foldedWords(address.street)) {
    // German streets glue the type to the name: "hauptstrasse" → "haupt st". (The endsWith
    // tests only spare most words the regular expressions: this runs for every address.)
    const glued = raw.endsWith('str') || raw.endsWith('strasse') ? /^(.{3,})(strasse|str)$/.exec(raw) : null;
    const word = glued ? glued[1]! : raw;
    if (houseNumber === '' && startsWithDigit(word) && /^\d+[a-z]?$/.test(word)) houseNumber = word;
    else words.push(unifiedStreetWord(word));
    if (glued) words.push('st');
  }
  const postcode = (address.postalCode ?? '').toUpperCase().replace(/[^A-Z0-9]/g, '');
  const city = foldText(address.city ?? '');
  if (words.length === 0 && postcode === '' && city === '') return undefined;
  const street = words.join(' ');
  return {
    postcode,
    houseNumber,
    street,
    city,
    streetLetters: withoutSpaces(street),
    cityLetters: withoutSpaces(city),
  };
}

/**
 * same: the same street and house number in the same place; sameStreet: the same street and
 * house number where the place agrees only roughly (a postcode one slip off, or only the city
 * agreeing): a typo more often than a move; samePlace: the same postcode and city where one side
 * lacks the street or the house number (unknown, not different); otherNumber: the same street in
 * the same place with another house number (a neighbour, a move down the street, or a number
 * mistyped: how often each, a job's estimated model says); nearby: the same place but another
 * street, or the same street and number in another place; different: anything else.
 */
export type AddressAgreement = 'same' | 'sameStreet' | 'samePlace' | 'otherNumber' | 'nearby' | 'different';

/**
 * Two spellings of one street or city: equal once spaces go ("gar butt"), or a typo apart. Takes
 * the letters without spaces, which normaliseAddress prepared once per contact.
 */
function sameWords(joined: string, otherJoined: string): boolean {
  if (joined === '' || otherJoined === '') return false;
  if (joined === otherJoined) return true;
  return (
    similarityAtLeast(joined, otherJoined, 0.9) || (joined.length >= 6 && withinOneSlip(joined, otherJoined))
  );
}

/**
 * same: the same postcode (the city agreeing too, or unknown on a side), or the same city where
 * a postcode is missing; near: a postcode one slip off, or only the city agreeing.
 */
function comparePlaces(first: NormalisedAddress, second: NormalisedAddress): 'same' | 'near' | 'different' {
  // The cities are compared only where the answer depends on them.
  if (first.postcode !== '' && second.postcode !== '') {
    const cityUnknown = first.city === '' || second.city === '';
    if (first.postcode === second.postcode)
      return cityUnknown || sameWords(first.cityLetters, second.cityLetters) ? 'same' : 'near';
    const slip =
      first.postcode.length === second.postcode.length && withinOneSlip(first.postcode, second.postcode);
    return slip || sameWords(first.cityLetters, second.cityLetters) ? 'near' : 'different';
  }
  return sameWords(first.cityLetters, second.cityLetters) ? 'same' : 'different';
}

/**
 * agree: the same street and house number (or neither side has a number); otherNumber: the same
 * street, another number; unknown: one side lacks the street, or the number, and nothing that
 * both have disagrees; different otherwise.
 */
function compareStreets(
  first: NormalisedAddress,
  second: NormalisedAddress,
): 'agree' | 'otherNumber' | 'unknown' | 'different' {
  const number = first.houseNumber;
  const otherNumber = second.houseNumber;
  const numberConflicts = number !== '' && otherNumber !== '' && number !== otherNumber;
  if (numberConflicts)
    return first.street !== '' && sameWords(first.streetLetters, second.streetLetters)
      ? 'otherNumber'
      : 'different';
  if (first.street === '' || second.street === '') return 'unknown';
  if (!sameWords(first.streetLetters, second.streetLetters)) return 'different';
  return number === otherNumber ? 'agree' : 'unknown';
}

/**
 * @example compareAddresses(normaliseAddress({ street: '12 Main St', postalCode: '2600' })!, normaliseAddress({ street: '12 Main Street', postalCode: '2060' })!) // "sameStreet"
 */
export function compareAddresses(first: NormalisedAddress, second: NormalisedAddress): AddressAgreement {
  const place = comparePlaces(first, second);
  const street = compareStreets(first, second);
  if (street === 'agree') return place === 'same' ? 'same' : place === 'near' ? 'sameStreet' : 'nearby';
  if (street === 'unknown' && place === 'same') return 'samePlace';
  if (street === 'otherNumber' && place === 'same') return 'otherNumber';
  return place === 'different' ? 'different' : 'nearby';
}
