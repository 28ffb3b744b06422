/**
 * Phone numbers in E.164, the form the loader stores ("+14155550123"), whatever way they were
 * typed. Values already in E.164 (with an optional ";ext=") skip the parser, which is slow.
 */
import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';

const e164 = /^\+[1-9]\d{6,14}$/;

/**
 * @example normalisePhone('(415) 555-0123', 'US') // "+14155550123"
 * @example normalisePhone('+33 6 12 34 56 78;ext=12') // "+33612345678"
 */
export function normalisePhone(phone: string, defaultCountry = 'US'): string | undefined {
  // Stored phones are E.164 already: the common case costs one test.
  if (e164.test(phone)) return phone;
  const withoutExtension = phone.replace(/;ext=.*$/, '').trim();
  if (e164.test(withoutExtension)) return withoutExtension;
  const parsed = parsePhoneNumberFromString(withoutExtension, defaultCountry as CountryCode);
  return parsed?.isPossible() ? parsed.number : undefined;
}

const countryCodes: Record<string, string> = {
  'united states': 'US',
  usa: 'US',
  'united states of america': 'US',
  canada: 'CA',
  france: 'FR',
  germany: 'DE',
  deutschland: 'DE',
  'united kingdom': 'GB',
  uk: 'GB',
  'great britain': 'GB',
  england: 'GB',
};

/** The ISO country code for a country as exports write it ("Germany", "DE"), for reading national phone numbers. */
export function countryCodeOf(country: string | null | undefined): string | undefined {
  if (!country) return undefined;
  const text = country.trim();
  if (/^[A-Za-z]{2}$/.test(text)) return text.toUpperCase();
  return countryCodes[text.toLowerCase()];
}
