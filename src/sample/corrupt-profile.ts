/**
 * Damage a second export of the same contact realistically suffers: typos, first and last names
 * swapped, a nickname instead of the name, accents dropped, upper case, missing fields, a new
 * address or phone, a phone written in another format, a birth date with day and month swapped
 * or the year off by one. Each duplicate gets one to three of them.
 */
import type { Faker } from '@faker-js/faker';
import type { MatchProfile } from '../pipeline/match/match-profile.js';
import { nicknamesOf } from '../pipeline/match/nicknames.js';

export type Corruption = (profile: MatchProfile, faker: Faker, donor: MatchProfile) => boolean;

const letters = 'abcdefghijklmnopqrstuvwxyz';

/** One keyboard slip: a letter dropped, doubled, replaced, or two letters swapped. */
export function typo(text: string, faker: Faker): string {
  if (text.length < 3) return text;
  const at = faker.number.int({ min: 1, max: text.length - 2 });
  switch (faker.number.int(3)) {
    case 0:
      return text.slice(0, at) + text.slice(at + 1);
    case 1:
      return text.slice(0, at) + text[at] + text.slice(at);
    case 2:
      return text.slice(0, at) + faker.helpers.arrayElement([...letters]) + text.slice(at + 1);
    default:
      return text.slice(0, at) + text[at + 1] + text[at] + text.slice(at + 2);
  }
}

const capitalised = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

const person =
  (corrupt: Corruption): Corruption =>
  (profile, faker, donor) =>
    profile.kind === 'person' && corrupt(profile, faker, donor);

const nonEmpty = <K extends keyof MatchProfile>(profile: MatchProfile, key: K): boolean => {
  const value = profile[key];
  return Array.isArray(value) ? value.length > 0 : Boolean(value);
};

type ClearableField =
  | 'emails'
  | 'phones'
  | 'addresses'
  | 'postalCodes'
  | 'birthDate'
  | 'middleName'
  | 'companyName';

/** The field emptied: an export that did not carry it. */
const cleared =
  (field: ClearableField): Corruption =>
  (profile) => {
    if (!nonEmpty(profile, field)) return false;
    (profile as Record<ClearableField, unknown>)[field] = Array.isArray(profile[field]) ? [] : null;
    return true;
  };

export const corruptions: Record<string, Corruption> = {
  typoInFirstName: person((profile, faker) => {
    profile.firstName = typo(profile.firstName ?? '', faker);
    return true;
  }),
  typoInLastName: person((profile, faker) => {
    profile.lastName = typo(profile.lastName ?? '', faker);
    return true;
  }),
  typoInCompanyName: (profile, faker) => {
    if (profile.kind !== 'company') return false;
    profile.companyName = typo(profile.companyName ?? '', faker);
    return true;
  },
  swappedNames: person((profile) => {
    [profile.firstName, profile.lastName] = [profile.lastName, profile.firstName];
    return true;
  }),
  nickname: person((profile, faker) => {
    const nicknames = nicknamesOf((profile.firstName ?? '').toLowerCase());
    if (nicknames.length === 0) return false;
    profile.firstName = capitalised(faker.helpers.arrayElement(nicknames));
    return true;
  }),
  accentsDropped: (profile) => {
    const fold = (text: string | null) => text?.normalize('NFD').replace(/[\u0300-\u036f]/g, '') ?? null;
    const before = `${profile.firstName}${profile.lastName}${profile.companyName}`;
    profile.firstName = fold(profile.firstName);
    profile.lastName = fold(profile.lastName);
    profile.companyName = fold(profile.companyName);
    return before !== `${profile.firstName}${profile.lastName}${profile.companyName}`;
  },
  upperCase: (profile) => {
    profile.firstName = profile.firstName?.toUpperCase() ?? null;
    profile.lastName = profile.lastName?.toUpperCase() ?? null;
    profile.companyName = profile.companyName?.toUpperCase() ?? null;
    return true;
  },
  emailMissing: cleared('emails'),
  emailChanged: (profile, _faker, donor) => {
    if (!nonEmpty(profile, 'emails') || !donor.emails?.[0]) return false;
    const local = profile.emails![0]!.split('@')[0];
    profile.emails = [`${local}@${donor.emails[0].split('@')[1]}`];
    return true;
  },
  phoneMissing: cleared('phones'),
  phoneChanged: (profile, _faker, donor) => {
    if (!nonEmpty(profile, 'phones') || !donor.phones?.length) return false;
    profile.phones = [...donor.phones];
    return true;
  },
  /** National format with punctuation, as another system exports it. */
  phoneFormatted: (profile) => {
    const phone = profile.phones?.[0];
    if (!phone?.startsWith('+1')) return false;
    profile.phones = [
      `(${phone.slice(2, 5)}) ${phone.slice(5, 8)}-${phone.slice(8)}`,
      ...profile.phones!.slice(1),
    ];
    return true;
  },
  addressMissing: (profile, faker, donor) => {
    // Both must go: clearing one and reporting failure would damage the record silently.
    const addresses = cleared('addresses')(profile, faker, donor);
    const postalCodes = cleared('postalCodes')(profile, faker, donor);
    return addresses || postalCodes;
  },
  /** Moved house: the address of someone else. */
  addressChanged: (profile, _faker, donor) => {
    if (!donor.addresses?.length) return false;
    profile.addresses = donor.addresses.slice(0, 1);
    profile.postalCodes = donor.postalCodes.slice(0, 1);
    return true;
  },
  birthDateMissing: person(cleared('birthDate')),
  birthDateTransposed: person((profile) => {
    const found = /^(\d{4})-(\d{2})-(\d{2})$/.exec(profile.birthDate ?? '');
    if (!found || found[2] === found[3] || Number(found[3]) > 12) return false;
    profile.birthDate = `${found[1]}-${found[3]}-${found[2]}`;
    return true;
  }),
  birthYearOffByOne: person((profile, faker) => {
    const found = /^(\d{4})(-\d{2}-\d{2})$/.exec(profile.birthDate ?? '');
    if (!found || found[2] === '-02-29') return false;
    profile.birthDate = `${Number(found[1]) + faker.helpers.arrayElement([-1, 1])}${found[2]}`;
    return true;
  }),
  middleNameMissing: person(cleared('middleName')),
  employerMissing: person(cleared('companyName')),
};

/** How often each damage is picked, roughly as often as it happens in real exports. */
export const corruptionWeights: { weight: number; value: string }[] = [
  { weight: 10, value: 'typoInFirstName' },
  { weight: 10, value: 'typoInLastName' },
  { weight: 6, value: 'typoInCompanyName' },
  { weight: 6, value: 'swappedNames' },
  { weight: 8, value: 'nickname' },
  { weight: 6, value: 'accentsDropped' },
  { weight: 3, value: 'upperCase' },
  { weight: 10, value: 'emailMissing' },
  { weight: 5, value: 'emailChanged' },
  { weight: 8, value: 'phoneMissing' },
  { weight: 5, value: 'phoneChanged' },
  { weight: 6, value: 'phoneFormatted' },
  { weight: 5, value: 'addressMissing' },
  { weight: 8, value: 'addressChanged' },
  { weight: 6, value: 'birthDateMissing' },
  { weight: 4, value: 'birthDateTransposed' },
  { weight: 4, value: 'birthYearOffByOne' },
  { weight: 3, value: 'middleNameMissing' },
  { weight: 3, value: 'employerMissing' },
];
