/**
 * Where fake contacts come from. Five regions give names and addresses with accents and
 * non-ASCII letters (Hélène, Müller, Straße) and phone numbers of several countries.
 */
import type { Faker, LocaleDefinition } from '@faker-js/faker';
// Per-locale entry points: the package's main entry loads all ~70 locales (+40 MB of memory).
import { faker as fakerDE } from '@faker-js/faker/locale/de';
import { faker as fakerEN_CA } from '@faker-js/faker/locale/en_CA';
import { faker as fakerEN_GB } from '@faker-js/faker/locale/en_GB';
import { faker as fakerEN_US } from '@faker-js/faker/locale/en_US';
import { faker as fakerFR } from '@faker-js/faker/locale/fr';
import type { PhoneCountry } from './phone-numbers.js';

export interface Region {
  code: PhoneCountry;
  countryName: string;
  locale: Faker;
  weight: number;
  topLevelDomain: string;
  state: (faker: Faker) => string;
  /** German addresses put the house number after the street name. */
  numberLast?: boolean;
}

export const regions: readonly Region[] = [
  {
    code: 'US',
    countryName: 'United States',
    locale: fakerEN_US,
    weight: 55,
    topLevelDomain: 'com',
    state: (f) => f.location.state({ abbreviated: true }),
  },
  {
    code: 'CA',
    countryName: 'Canada',
    locale: fakerEN_CA,
    weight: 8,
    topLevelDomain: 'ca',
    state: (f) => f.location.state({ abbreviated: true }),
  },
  {
    code: 'FR',
    countryName: 'France',
    locale: fakerFR,
    weight: 14,
    topLevelDomain: 'fr',
    state: (f) => f.location.state(),
  },
  {
    code: 'DE',
    countryName: 'Germany',
    locale: fakerDE,
    weight: 14,
    topLevelDomain: 'de',
    state: (f) => f.location.state(),
    numberLast: true,
  },
  {
    code: 'GB',
    countryName: 'United Kingdom',
    locale: fakerEN_GB,
    weight: 9,
    topLevelDomain: 'co.uk',
    state: (f) => f.location.county(),
  },
];

/**
 * A private, seeded Faker with the locale of a shared locale instance. Private instances keep two
 * generators in one process from disturbing each other's random stream. The Faker class is taken
 * from the instance because importing it from the main entry would load every locale.
 */
export function privateFaker(locale: Faker, seed: number): Faker {
  const FakerClass = locale.constructor as new (options: { locale: LocaleDefinition; seed: number }) => Faker;
  return new FakerClass({ locale: locale.rawDefinitions, seed });
}

/** Values that faker builds from templates (slow, ~5 µs each) are drawn from pools made once per generator. */
export interface RegionPools {
  faker: Faker;
  streets: string[];
  cities: string[];
  companies: string[];
  jobTitles: string[];
}

const pool = (size: number, make: () => string): string[] => Array.from({ length: size }, make);

export function regionPools(region: Region, seed: number): RegionPools {
  const faker = privateFaker(region.locale, seed);
  return {
    faker,
    streets: pool(2000, () => faker.location.street()),
    cities: pool(800, () => faker.location.city()),
    companies: pool(2000, () => faker.company.name()),
    jobTitles: pool(500, () => faker.person.jobTitle()),
  };
}
