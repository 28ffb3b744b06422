/**
 * Values derived from a contact's own data, computed in one place so that every writer (the
 * contacts API, Process, Undo) stores the same thing and every reader compares like with like.
 */

import { foldText } from '../format/fold-text.js';
import type { ContactFields, ContactNameColumns } from './schema.js';

type NameFields = Pick<ContactFields, 'kind' | 'first_name' | 'last_name' | 'company_name'>;
type SearchNameFields = NameFields & Pick<ContactFields, 'preferred_name'>;

/**
 * The columns derived from a contact's names; whoever writes the names writes these with them.
 *
 * @example nameColumnsOf(contact) // { sort_name: 'müller françois', search_name: 'muller francois' } */
export function nameColumnsOf(contact: SearchNameFields): ContactNameColumns {
  return { sort_name: sortNameOf(contact), search_name: searchNameOf(contact) };
}

/** Lower-cased "last first" for people, the company name for companies: the list's sort order. */
export function sortNameOf(contact: NameFields): string {
  const parts =
    contact.kind === 'company'
      ? [contact.company_name]
      : [contact.last_name, contact.first_name, contact.company_name];
  return parts
    .filter((part): part is string => Boolean(part?.trim()))
    .join(' ')
    .normalize('NFC')
    .toLowerCase();
}

/**
 * What a name search looks in: the last, first, preferred and company names (a company's name
 * for companies) folded by foldText — lower case, accents removed — so that "muller" finds
 * "Müller". It is stored, not computed by the query: folding every row at query time was 30×
 * slower on 100,000 contacts. The search folds its words with the same function.
 *
 * @example searchNameOf({ kind: 'person', first_name: 'François', last_name: 'Müller', … }) // 'muller francois'
 */
export function searchNameOf(contact: SearchNameFields): string {
  const parts =
    contact.kind === 'company'
      ? [contact.company_name]
      : [contact.last_name, contact.first_name, contact.preferred_name, contact.company_name];
  return foldText(parts.filter(Boolean).join(' '));
}

/**
 * The form of a communication that duplicates are judged by: emails and web addresses in lower
 * case, phones as stored (E.164, already normalised by the import's converters and the API).
 *
 * @example normalizedCommunication('email', 'Ann.Lee@Example.com') // 'ann.lee@example.com'
 */
export function normalizedCommunication(channel: string, value: string): string {
  const trimmed = value.trim();
  if (channel === 'phone' || channel === 'fax' || channel === 'mobile')
    return trimmed.replace(/[\s().-]/g, '');
  if (channel === 'web') return trimmed.toLowerCase().replace(/\/+$/, '');
  return trimmed.toLowerCase();
}

/** A person's name as lists show it; a company's name for companies. */
export function displayNameOf(
  contact: Pick<ContactFields, 'kind' | 'first_name' | 'last_name' | 'company_name' | 'preferred_name'>,
): string {
  if (contact.kind === 'company') return contact.company_name ?? '';
  return [contact.preferred_name ?? contact.first_name, contact.last_name].filter(Boolean).join(' ');
}
