/**
 * Phone numbers that libphonenumber accepts. Faker's own phone numbers are often invalid
 * (555 exchanges, wrong lengths), and validating every generated number costs ~20 µs, too slow
 * for a million contacts. Instead each country has number plans (a prefix plus a number of
 * random digits) that are valid whatever the digits are; the plans are spot-checked once when
 * the generator is created, so a metadata change in libphonenumber fails loudly, not silently.
 */
import type { Faker } from '@faker-js/faker';
import { parsePhoneNumberFromString } from 'libphonenumber-js';

export const phoneCountries = ['US', 'CA', 'FR', 'DE', 'GB'] as const;
export type PhoneCountry = (typeof phoneCountries)[number];

interface NumberPlan {
  /** National significant number prefix, digits only. */
  prefix: string;
  /** Random digits after the prefix. */
  digits: number;
  /** Writes the national significant number the way people type it. */
  format: (nsn: string, style: number) => string;
}

const northAmerican = (nsn: string, style: number): string => {
  const area = nsn.slice(0, 3);
  const exchange = nsn.slice(3, 6);
  const line = nsn.slice(6);
  switch (style % 4) {
    case 0:
      return `(${area}) ${exchange}-${line}`;
    case 1:
      return `${area}-${exchange}-${line}`;
    case 2:
      return `${area}.${exchange}.${line}`;
    default:
      return `+1 ${area} ${exchange} ${line}`;
  }
};

/** North American plans: the first random digit is the exchange, which must not start with 0 or 1. */
const nanp = (areaCodes: readonly string[]): NumberPlan[] =>
  areaCodes.map((prefix) => ({ prefix, digits: 7, format: northAmerican }));

const pairs = (digits: string): string => digits.replace(/(\d\d)(?=\d)/g, '$1 ');

const plans: Record<PhoneCountry, NumberPlan[]> = {
  US: nanp(['212', '646', '718', '415', '617', '312', '206', '303', '404', '512', '713', '305', '202']),
  CA: nanp(['416', '514', '604', '613', '403']),
  FR: ['1', '61', '64', '66', '67', '75', '76', '78'].map((prefix) => ({
    prefix,
    digits: 9 - prefix.length,
    format: (nsn) => `+33 ${nsn[0]} ${pairs(nsn.slice(1))}`,
  })),
  DE: [
    { prefix: '30', digits: 8 },
    { prefix: '89', digits: 8 },
    { prefix: '40', digits: 8 },
    { prefix: '151', digits: 8 },
    { prefix: '170', digits: 7 },
    { prefix: '176', digits: 8 },
  ].map((plan) => ({
    ...plan,
    format: (nsn) => `+49 ${plan.prefix} ${nsn.slice(plan.prefix.length)}`,
  })),
  GB: [
    { prefix: '207', digits: 7, groups: [2, 4, 4] },
    { prefix: '203', digits: 7, groups: [2, 4, 4] },
    { prefix: '161', digits: 7, groups: [3, 3, 4] },
    { prefix: '7400', digits: 6, groups: [4, 6] },
  ].map(({ groups, ...plan }) => ({
    ...plan,
    format: (nsn) => {
      const parts: string[] = [];
      let start = 0;
      for (const size of groups) {
        parts.push(nsn.slice(start, start + size));
        start += size;
      }
      return `+44 ${parts.join(' ')}`;
    },
  })),
};

const countryCallingCodes: Record<PhoneCountry, string> = { US: '1', CA: '1', FR: '33', DE: '49', GB: '44' };

export interface PhoneNumberGenerator {
  /** A valid number of the country, written as a person would type it (national or international). */
  next(country: PhoneCountry): string;
}

/**
 * `defaultCountry` is the country the phone file is read with (its mapping's `defaultCountry`):
 * numbers of other countries are always written with their international prefix.
 */
export function createPhoneNumberGenerator(faker: Faker, defaultCountry = 'US'): PhoneNumberGenerator {
  const randomDigits = (plan: NumberPlan): string => {
    let digits = '';
    for (let index = 0; index < plan.digits; index++) {
      // North American exchanges start with 2-9.
      const low = index === 0 && plan.format === northAmerican ? 2 : 0;
      digits += faker.number.int({ min: low, max: 9 });
    }
    return plan.prefix + digits;
  };

  // National formats only read back as North American numbers when the file's country is too.
  const nationalStyles = defaultCountry === 'US' || defaultCountry === 'CA' ? 3 : 0;
  const style = () => (nationalStyles > 0 ? faker.number.int(nationalStyles) : 3);

  for (const country of phoneCountries) {
    for (const plan of plans[country]) {
      for (let check = 0; check <= nationalStyles; check++) {
        const written = plan.format(randomDigits(plan), nationalStyles > 0 ? check : 3);
        const parsed = parsePhoneNumberFromString(written, defaultCountry as 'US');
        if (!parsed?.isValid() || parsed.countryCallingCode !== countryCallingCodes[country]) {
          throw new Error(
            `Sample phone plan ${country} ${plan.prefix} produced an invalid number: ${written}`,
          );
        }
      }
    }
  }

  return {
    next(country) {
      const plan = faker.helpers.arrayElement(plans[country]);
      return plan.format(randomDigits(plan), style());
    },
  };
}
