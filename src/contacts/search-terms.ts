import type { ContactSearch } from '../db/repositories/contacts.repository.js';
import { DovetailError } from '../errors/dovetail-error.js';
import { foldedWords } from '../format/fold-text.js';
import { convertPhone } from '../pipeline/map/value-converters.js';

/**
 * The most words a search takes: each word is a condition of the query, and databases bound the
 * size of one (SQLite's expression tree). More is 400 INVALID_ARGUMENT, never a database error.
 */
export const maxSearchTerms = 20;

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
  const nameWords = foldedWords(text);
  if (nameWords.length > maxSearchTerms) {
    throw new DovetailError(
      'INVALID_ARGUMENT',
      `A search takes at most ${maxSearchTerms} words; this one has ${nameWords.length}`,
    );
  }
  return {
    nameWords,
    communication: text,
    phoneE164: phone?.ok ? String(phone.value).split(';')[0] : undefined,
    phoneDigits: looksLikePhone ? digits : undefined,
  };
}
