/**
 * Postal addresses in a comparable form: the postcode without spaces, the house number apart
 * from the street, and street words with their usual abbreviations spelled one way
 * ("12 North Main Street" and "12 N Main St" meet; so do "Hauptstraße 5" and "Hauptstr. 5").
 */
import { foldedWords, foldText } from './fold-text.js';
import { similarity } from './string-similarity.js';

export interface AddressFields {
  street?: string | null;
  street2?: string | null;
  city?: string | null;
  postalCode?: string | null;
  country?: string | null;
}

export interface NormalisedAddress {
  /** Upper case letters and digits: "sw1a 1aa" → "SW1A1AA"; empty when unknown. */
  postcode: string;
  houseNumber: string;
  /** Street words without the house number, abbreviations unified, joined by spaces. */
  street: string;
  city: string;
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

export function normaliseAddress(address: AddressFields): NormalisedAddress | undefined {
  const words: string[] = [];
  let houseNumber = '';
  for (const raw of foldedWords(address.street)) {
    // German streets glue the type to the name: "hauptstrasse" → "haupt st".
    const glued = /^(.{3,})(strasse|str)$/.exec(raw);
    const pieces = glued ? [glued[1]!, 'st'] : [raw];
    for (const word of pieces) {
      if (houseNumber === '' && /^\d+[a-z]?$/.test(word)) houseNumber = word;
      else words.push(streetWords[word] ?? word);
    }
  }
  const postcode = (address.postalCode ?? '').toUpperCase().replace(/[^A-Z0-9]/g, '');
  const city = foldText(address.city ?? '');
  if (words.length === 0 && postcode === '' && city === '') return undefined;
  return { postcode, houseNumber, street: words.join(' '), city };
}

export type AddressAgreement = 'same' | 'nearby' | 'different';

/**
 * "same": the same street and house number in the same postcode (or city, when a postcode is
 * missing); "nearby": the same postcode, or the same street and number with a postcode that
 * differs (a typo); "different" otherwise.
 */
export function compareAddresses(first: NormalisedAddress, second: NormalisedAddress): AddressAgreement {
  const samePlace =
    first.postcode !== '' && second.postcode !== ''
      ? first.postcode === second.postcode
      : first.city !== '' && first.city === second.city;
  const sameStreet =
    first.street !== '' &&
    first.houseNumber === second.houseNumber &&
    (first.street === second.street || similarity(first.street, second.street) >= 0.9);
  if (samePlace && sameStreet) return 'same';
  if (sameStreet && first.city !== '' && first.city === second.city) return 'nearby';
  if (samePlace && first.postcode !== '') return 'nearby';
  return 'different';
}
