/**
 * What the matcher knows of a contact (a staged one or an existing one), and the prepared form
 * it compares: every normalisation done once per contact, not once per candidate pair.
 */
import { type BirthDate, parseBirthDate } from './birth-date.js';
import { normaliseCompanyName } from './company-name.js';
import { type EmailOptions, localPartOf, normaliseEmail } from './email-address.js';
import { type NormalisedName, type NormalisedPersonName, normalisePersonName } from './person-name.js';
import { countryCodeOf, normalisePhone } from './phone-number.js';
import { type AddressFields, type NormalisedAddress, normaliseAddress } from './postal-address.js';

export interface MatchProfile {
  /** The caller's id of the contact (an existing contact's id, a staged contact's id). */
  id: number;
  kind: 'person' | 'company';
  /** The key the contact had in its source system, when it came from an import. */
  legacyKey?: string | null;
  title?: string | null;
  firstName?: string | null;
  middleName?: string | null;
  lastName?: string | null;
  preferredName?: string | null;
  suffix?: string | null;
  /** YYYY-MM-DD. */
  birthDate?: string | null;
  /** A company's name, or a person's employer. */
  companyName?: string | null;
  emails?: readonly string[];
  phones?: readonly string[];
  addresses?: readonly AddressFields[];
}

export interface PreparedProfile {
  source: MatchProfile;
  kind: 'person' | 'company';
  legacyKey: string | undefined;
  name: NormalisedPersonName;
  /** The preferred name ("Bob" for Robert), compared with the other side's first name too. */
  preferred: NormalisedName | undefined;
  birthDate: BirthDate | undefined;
  company: string | undefined;
  emails: readonly string[];
  emailLocalParts: readonly string[];
  phones: readonly string[];
  addresses: readonly NormalisedAddress[];
}

export interface PrepareOptions extends EmailOptions {
  /** Country for phone numbers written without "+" when the contact's addresses name none. */
  defaultCountry?: string;
}

const unique = <T>(values: Iterable<T | undefined>): T[] => [
  ...new Set([...values].filter((value): value is T => value !== undefined)),
];

export function prepareProfile(profile: MatchProfile, options: PrepareOptions = {}): PreparedProfile {
  const country =
    profile.addresses?.map((address) => countryCodeOf(address.country)).find(Boolean) ??
    options.defaultCountry ??
    'US';
  const emails = unique((profile.emails ?? []).map((email) => normaliseEmail(email, options)));
  return {
    source: profile,
    kind: profile.kind,
    legacyKey: profile.legacyKey?.trim() || undefined,
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
    emailLocalParts: unique(emails.map(localPartOf)),
    phones: unique((profile.phones ?? []).map((phone) => normalisePhone(phone, country))),
    addresses: unique((profile.addresses ?? []).map(normaliseAddress)),
  };
}
