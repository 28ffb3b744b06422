import type { ContactSearch } from '../db/repositories/contacts.repository.js';
import { convertPhone } from '../pipeline/map/value-converters.js';

/** A query as the data is stored: lower-cased name words and email text, phones as E.164. */
export function searchTerms(
  q: string | undefined,
  defaultCountry: string,
): Pick<ContactSearch, 'nameWords' | 'communication' | 'phoneE164' | 'phoneDigits'> {
  const text = (q ?? '').normalize('NFC').trim().toLowerCase();
  if (text === '') return { nameWords: [] };
  const digits = text.replace(/\D/g, '');
  const looksLikePhone = /^[+\d\s().\-/]+$/.test(text) && digits.length >= 4;
  const phone = looksLikePhone ? convertPhone(text, defaultCountry) : undefined;
  return {
    nameWords: text.split(/[\s,]+/).filter(Boolean),
    communication: text,
    phoneE164: phone?.ok ? String(phone.value).split(';')[0] : undefined,
    phoneDigits: looksLikePhone ? digits : undefined,
  };
}
