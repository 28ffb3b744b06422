/**
 * Seeded fake contacts (people and companies with their addresses, phones, emails, notes and
 * categories) as plain objects. Writers turn them into the rows of a particular export layout;
 * keeping generation separate lets the sample package and the shipped examples share it.
 *
 * Contacts come from five regions (see fake-regions.ts) so names and addresses carry accents and
 * non-ASCII letters, the way real client lists do.
 */
import { faker as fakerEN_US } from '@faker-js/faker/locale/en_US';
import type { addressTypes, communicationTypes, contactStatuses } from '../format/attributes.js';
import { privateFaker, type Region, type RegionPools, regionPools, regions } from './fake-regions.js';
import {
  addressCounts,
  categoryCounts,
  emailCounts,
  industries,
  noteActions,
  noteCounts,
  noteFollowUps,
  noteSubjects,
  noteTopics,
  phoneCounts,
  riskProfiles,
  statusWeights,
} from './fake-word-lists.js';
import { createPhoneNumberGenerator, type PhoneCountry } from './phone-numbers.js';
import { SAMPLE_REFERENCE_DATE } from './sample-vocabulary.js';

export type ContactStatus = (typeof contactStatuses)[number];

export interface FakeAddress {
  type: (typeof addressTypes)[number];
  street: string;
  street2: string;
  city: string;
  state: string;
  postalCode: string;
  country: string;
}

export interface FakePhone {
  type: Exclude<(typeof communicationTypes)[number], 'other'>;
  number: string;
}

export interface FakeEmail {
  type: 'home' | 'business';
  address: string;
}

export interface FakeNote {
  subject: string;
  /** May contain commas, quotes and line breaks, like notes typed into a CRM. */
  text: string;
  date: Date;
}

interface FakeContactBase {
  key: string;
  region: PhoneCountry;
  status: ContactStatus;
  addresses: FakeAddress[];
  phones: FakePhone[];
  emails: FakeEmail[];
  notes: FakeNote[];
  categories: string[];
}

export interface FakePerson extends FakeContactBase {
  kind: 'person';
  title: string;
  firstName: string;
  middleName: string;
  lastName: string;
  birthDate: Date | undefined;
  companyName: string;
  position: string;
  riskProfile: string;
  lastReview: Date | undefined;
}

export interface FakeCompany extends FakeContactBase {
  kind: 'company';
  companyName: string;
  industry: string;
}

export type FakeContact = FakePerson | FakeCompany;

/** Email-safe ASCII: "Hélène O'Brien-Müller" becomes "heleneobrienmuller". */
export function asciiSlug(text: string, separator = ''): string {
  // Most names are plain ASCII; Unicode normalisation is comparatively slow, so skip it for them.
  const folded = /[^\x20-\x7e]/.test(text) ? foldAccents(text) : text;
  return folded
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, separator)
    .replace(/^-+|-+$/g, '');
}

function foldAccents(text: string): string {
  return text
    .replaceAll('ß', 'ss')
    .replaceAll('ø', 'o')
    .replaceAll('æ', 'ae')
    .replace(/[ØŒ]/g, (letter) => (letter === 'Ø' ? 'O' : 'Oe'))
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');
}

/** "Müller & Söhne" in Germany → "muller-sohne.de". */
export function companyDomain(companyName: string, region: PhoneCountry): string {
  const topLevelDomain = regions.find((candidate) => candidate.code === region)?.topLevelDomain ?? 'com';
  return `${asciiSlug(companyName, '-').slice(0, 30).replace(/-+$/, '') || 'company'}.${topLevelDomain}`;
}

export function formatIsoDate(date: Date): string {
  const month = date.getUTCMonth() + 1;
  const day = date.getUTCDate();
  return `${date.getUTCFullYear()}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

export interface ContactGenerator {
  person(key: string): FakePerson;
  company(key: string): FakeCompany;
  /** About 85 % people and 15 % companies. */
  contact(personKey: string, companyKey: string): FakeContact;
  /** A valid phone number of the region, as people write it. */
  phoneNumber(region: PhoneCountry): string;
}

export interface ContactGeneratorOptions {
  seed: number;
  categories: readonly string[];
}

export function createContactGenerator({ seed, categories }: ContactGeneratorOptions): ContactGenerator {
  // The main faker takes every random decision; region fakers only supply localised values.
  const main = privateFaker(fakerEN_US, seed);
  const pools = new Map(regions.map((region, index) => [region, regionPools(region, seed * 31 + index + 1)]));
  const poolsOf = (region: Region): RegionPools => pools.get(region)!;
  const phones = createPhoneNumberGenerator(main);
  const freeMailDomains = [
    'example.com',
    'example.org',
    'example.net',
    ...Array.from({ length: 40 }, () => main.internet.domainName()),
  ];
  const regionChoices = regions.map((region) => ({ weight: region.weight, value: region }));
  const tenYearsAgo = new Date(SAMPLE_REFERENCE_DATE.getTime() - 10 * 365 * 24 * 3600 * 1000);

  const address = (region: Region, type: FakeAddress['type']): FakeAddress => {
    const { faker: f, streets, cities } = poolsOf(region);
    const street = main.helpers.arrayElement(streets);
    const houseNumber = main.number.int({ min: 1, max: region.code === 'US' ? 9999 : 250 });
    return {
      type,
      street: region.numberLast ? `${street} ${houseNumber}` : `${houseNumber} ${street}`,
      street2: main.number.int(9) === 0 ? f.location.secondaryAddress() : '',
      city: main.helpers.arrayElement(cities),
      state: region.state(f),
      postalCode: f.location.zipCode(),
      country: region.countryName,
    };
  };

  const note = (): FakeNote => {
    let text = `${main.helpers.arrayElement(noteActions)} ${main.helpers.arrayElement(noteTopics)}.`;
    const extra = main.number.int(5);
    if (extra === 0) text += ` ${main.helpers.arrayElement(noteFollowUps)}`;
    if (extra === 1) text += `\n${main.helpers.arrayElement(noteFollowUps)}`;
    return {
      subject: main.helpers.arrayElement(noteSubjects),
      text,
      date: main.date.between({ from: tenYearsAgo, to: SAMPLE_REFERENCE_DATE }),
    };
  };

  const children = (region: Region) => ({
    notes: Array.from({ length: main.helpers.weightedArrayElement(noteCounts) }, note),
    categories: main.helpers.arrayElements(categories, main.helpers.weightedArrayElement(categoryCounts)),
    status: main.helpers.weightedArrayElement(statusWeights),
    region: region.code,
  });

  const person = (key: string): FakePerson => {
    const region = main.helpers.weightedArrayElement(regionChoices);
    const { faker: f, companies, jobTitles } = poolsOf(region);
    const sex = main.helpers.arrayElement(['female', 'male'] as const);
    const firstName = f.person.firstName(sex);
    const lastName = f.person.lastName(sex);
    const employed = main.number.int(9) < 4;
    const companyName = employed ? main.helpers.arrayElement(companies) : '';
    const emails: FakeEmail[] = [];
    const emailCount = main.helpers.weightedArrayElement(emailCounts);
    const localPart = `${asciiSlug(firstName) || 'contact'}.${asciiSlug(lastName) || main.number.int(999)}`;
    for (let index = 0; index < emailCount; index++) {
      const business = employed && index === 0;
      const domain = business
        ? companyDomain(companyName, region.code)
        : main.helpers.arrayElement(freeMailDomains);
      emails.push({ type: business ? 'business' : 'home', address: `${localPart}${index || ''}@${domain}` });
    }
    return {
      kind: 'person',
      key,
      title: main.number.int(3) === 0 ? f.person.prefix(sex) : '',
      firstName,
      middleName: main.number.int(5) === 0 ? f.person.middleName(sex) : '',
      lastName,
      birthDate:
        main.number.int(9) < 7
          ? main.date.birthdate({ mode: 'age', min: 18, max: 90, refDate: SAMPLE_REFERENCE_DATE })
          : undefined,
      companyName,
      position: employed ? main.helpers.arrayElement(jobTitles) : '',
      riskProfile: main.number.int(9) < 6 ? main.helpers.arrayElement(riskProfiles) : '',
      lastReview:
        main.number.int(3) === 0
          ? main.date.between({ from: tenYearsAgo, to: SAMPLE_REFERENCE_DATE })
          : undefined,
      addresses: Array.from({ length: main.helpers.weightedArrayElement(addressCounts) }, (_, index) =>
        address(
          region,
          index === 0 ? 'home' : main.helpers.arrayElement(['mailing', 'business', 'other'] as const),
        ),
      ),
      phones: Array.from({ length: main.helpers.weightedArrayElement(phoneCounts) }, (_, index) => ({
        type:
          index === 0
            ? main.helpers.arrayElement(['home', 'mobile'] as const)
            : main.helpers.arrayElement(['business', 'mobile'] as const),
        number: phones.next(region.code),
      })),
      emails,
      ...children(region),
    };
  };

  const company = (key: string): FakeCompany => {
    const region = main.helpers.weightedArrayElement(regionChoices);
    const companyName = main.helpers.arrayElement(poolsOf(region).companies);
    const domain = companyDomain(companyName, region.code);
    return {
      kind: 'company',
      key,
      companyName,
      industry: main.number.int(9) < 8 ? main.helpers.arrayElement(industries) : '',
      addresses: Array.from({ length: main.helpers.weightedArrayElement(addressCounts) }, (_, index) =>
        address(region, index === 0 ? 'business' : 'mailing'),
      ),
      phones: Array.from({ length: main.helpers.weightedArrayElement(phoneCounts) }, () => ({
        type: 'business' as const,
        number: phones.next(region.code),
      })),
      emails: Array.from({ length: main.helpers.weightedArrayElement(emailCounts) }, (_, index) => ({
        type: 'business' as const,
        address: `${index === 0 ? 'info' : 'accounts'}@${domain}`,
      })),
      ...children(region),
    };
  };

  return {
    person,
    company,
    contact: (personKey, companyKey) => (main.number.int(99) < 85 ? person(personKey) : company(companyKey)),
    phoneNumber: (region) => phones.next(region),
  };
}
