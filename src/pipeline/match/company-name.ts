/**
 * Company names without what varies between exports of one company: case, accents,
 * punctuation and the legal form ("Müller & Söhne GmbH" and "Muller und Sohne" meet).
 */
import { foldedWords } from '../../format/fold-text.js';

const legalForms = new Set([
  'inc',
  'incorporated',
  'llc',
  'llp',
  'lp',
  'ltd',
  'limited',
  'plc',
  'corp',
  'corporation',
  'co',
  'company',
  'gmbh',
  'ag',
  'kg',
  'ohg',
  'ug',
  'ev',
  'mbh',
  'sa',
  'sarl',
  'sas',
  'sasu',
  'sci',
  'eurl',
  'cie',
  'and',
  'und',
  'et',
  'the',
  'group',
  'groupe',
  'holding',
  'holdings',
]);

/** @example normaliseCompanyName('The Müller & Söhne GmbH') // "muller sohne" */
export function normaliseCompanyName(name: string | null | undefined): string | undefined {
  const all = foldedWords(name);
  if (all.length === 0) return undefined;
  const words = all.filter((word) => !legalForms.has(word));
  // A name made of legal-form words only ("Co AG") is kept whole.
  return (words.length > 0 ? words : all).join(' ');
}
