import type { ContactSearch } from '../db/repositories/contacts.repository.js';
import { convertPhone } from '../pipeline/map/value-converters.js';
import { foldedWords } from '../pipeline/match/fold-text.js';

/**
 * A query as the data is stored: name words folded as contacts.search_name is (searchNameOf),
 * lower-cased email text, phones as E.164.
 */
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
    nameWords: foldedWords(text),
    communication: text,
    phoneE164: phone?.ok ? String(phone.value).split(';')[0] : undefined,
    phoneDigits: looksLikePhone ? digits : undefined,
  };
}
