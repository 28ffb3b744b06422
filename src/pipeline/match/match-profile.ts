/**
 * What the matcher knows of a contact (a staged one or an existing one), and the prepared form
 * it compares: every normalisation done once per contact, not once per candidate pair.
 */

import type { AddressFields, MatchProfile } from '../../format/match-profile.js';
import { type BirthDate, parseBirthDate } from './birth-date.js';
import { normaliseCompanyName } from './company-name.js';
import { type EmailOptions, localPartOf, normaliseEmail } from './email-address.js';
import { type NormalisedName, type NormalisedPersonName, normalisePersonName } from './person-name.js';
import { countryCodeOf, normalisePhone } from './phone-number.js';
import { type NormalisedAddress, normaliseAddress } from './postal-address.js';
import { fingerprintOf } from './value-fingerprint.js';

export type { MatchProfile };

export interface PreparedProfile {
  /**
   * The profile's id and sourced legacy keys, not the profile itself: the Match stage holds up
   * to some 200,000 prepared profiles, and keeping the raw ones too would cost a third more.
   */
  id: number | undefined;
  sourcedLegacyKeys: MatchProfile['sourcedLegacyKeys'];
  kind: 'person' | 'company';
  legacyKeys: readonly string[];
  name: NormalisedPersonName;
  /** The preferred name ("Bob" for Robert), compared with the other side's first name too. */
  preferred: NormalisedName | undefined;
  birthDate: BirthDate | undefined;
  company: string | undefined;
  emails: readonly string[];
  emailLocalParts: readonly string[];
  phones: readonly string[];
  addresses: readonly NormalisedAddress[];
  /**
   * Fingerprints of the lists above (fingerprintOf): most candidate pairs share no email, phone
   * or legacy key, and comparing two numbers says so before any string is compared.
   */
  emailsPrint: number;
  emailLocalPartsPrint: number;
  phonesPrint: number;
  legacyKeysPrint: number;
}

export interface PrepareOptions extends EmailOptions {
  /** Country for phone numbers written without "+" when the contact's addresses name none. */
  defaultCountry?: string;
}

/**
 * The one empty list every prepared profile without a value of a kind shares. (Not frozen: a
 * frozen array has another elements kind, and the comparisons' loops over lists would see two.)
 */
const noValues: readonly never[] = [];

/**
 * `convert` of each value, undefined results left out, each result once, in order. One array and
 * no Set: most contacts have one email, one phone, one address, and every contact goes through this.
 * The list kept is exactly as long as it needs to be: an array grown by push has room for 17
 * values, and the Match stage holds some 200,000 prepared profiles of four or five lists each.
 */
export function distinct<T, R>(values: readonly T[], convert: (value: T) => R | undefined): readonly R[] {
  if (values.length === 0) return noValues;
  const results: R[] = [];
  for (const value of values) {
    const result = convert(value);
    if (result !== undefined && !results.includes(result)) results.push(result);
  }
  return results.length === 0 ? noValues : results.slice();
}

/** The country of the first address that names one. */
function countryOf(addresses: readonly AddressFields[]): string | undefined {
  for (const address of addresses) {
    const code = countryCodeOf(address.country);
    if (code) return code;
  }
  return undefined;
}

/** A profile with every field the caller left out empty. */
export function completeProfile(fields: Partial<MatchProfile> & Pick<MatchProfile, 'kind'>): MatchProfile {
  return {
    firstName: null,
    middleName: null,
    lastName: null,
    preferredName: null,
    birthDate: null,
    companyName: null,
    emails: [],
    phones: [],
    postalCodes: [],
    legacyKeys: [],
    ...fields,
  };
}

export function prepareProfile(profile: MatchProfile, options: PrepareOptions = {}): PreparedProfile {
  const emails = distinct(profile.emails, (email) => normaliseEmail(email, options));
  const addresses: readonly AddressFields[] =
    profile.addresses ?? profile.postalCodes.map((postalCode) => ({ postalCode }));
  const country = countryOf(addresses) ?? options.defaultCountry ?? 'US';
  const legacyKeys = distinct(profile.legacyKeys, (key) => key.trim() || undefined);
  const emailLocalParts = distinct(emails, localPartOf);
  const phones = distinct(profile.phones, (phone) => normalisePhone(phone, country));
  return {
    id: profile.id,
    sourcedLegacyKeys: profile.sourcedLegacyKeys,
    // The literal, not the row's own copy of the word: one string for every profile.
    kind: profile.kind === 'person' ? 'person' : 'company',
    legacyKeys,
    name:
      profile.kind === 'person'
        ? normalisePersonName(profile)
        : { first: undefined, middle: undefined, last: undefined, gender: undefined, generation: undefined },
    preferred: profile.preferredName
      ? normalisePersonName({ firstName: profile.preferredName }).first
      : undefined,
    birthDate: parseBirthDate(profile.birthDate),
    company: normaliseCompanyName(profile.companyName),
    emails,
    emailLocalParts,
    phones,
    addresses: distinct(addresses, normaliseAddress),
    emailsPrint: fingerprintOf(emails),
    emailLocalPartsPrint: fingerprintOf(emailLocalParts),
    phonesPrint: fingerprintOf(phones),
    legacyKeysPrint: fingerprintOf(legacyKeys),
  };
}
