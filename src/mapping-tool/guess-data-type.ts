// biome-ignore-all format: word lists read best one list per line
/**
 * Guesses the type of data a CSV holds from its headers, its values and its file name: a file
 * with first and last names is a person file (however many phone columns it has), one with a
 * company name and no person names a company file, one with streets and cities an address file…
 */
import { type DataType, dataTypes } from '../format/attributes.js';
import { attributeSynonyms } from './header-synonyms.js';
import { englishWords } from './header-vocabulary.js';
import { headerWords } from './header-words.js';
import type { CsvProfile } from './profile-csv.js';

export interface DataTypeGuess {
  dataType: DataType;
  confidence: number;
  reason: string;
}

const fileNameHints: Record<DataType, readonly string[]> = {
  person: ['contact', 'contacts', 'people', 'person', 'persons', 'personnes', 'client', 'clients', 'customers', 'customer', 'individus', 'individuals', 'members', 'membres', 'leads', 'outlook', 'google'],
  company: ['companies', 'company', 'societes', 'entreprises', 'accounts', 'organisations', 'organizations', 'vendors', 'vendor', 'fournisseurs', 'suppliers', 'firms', 'comptes', 'tiers'],
  address: ['address', 'addresses', 'adresses', 'adresse', 'locations', 'addr'],
  communication: ['phones', 'phone', 'telephones', 'emails', 'email', 'communications', 'coordonnees', 'tel', 'numbers', 'comms', 'courriels'],
  note: ['notes', 'note', 'remarques', 'comments', 'history', 'historique', 'activities', 'activites', 'journal', 'memos'],
  category: ['categories', 'category', 'groups', 'groupes', 'tags', 'segments', 'categ'],
  customField: ['custom', 'udf', 'fields', 'champs', 'customfields', 'attributes', 'extra', 'properties'],
};

/** Exact synonyms that decide alone; vaguer ones ("type", "value") only help. */
const weak = new Set(['type', 'value', 'name', 'date', 'primary', 'address', 'contact', 'status', 'title', 'kind', 'default', 'main', 'preferred', 'label', 'description', 'location', 'usage', 'category', 'phone', 'email', 'e mail', 'number', 'telephone', 'tel', 'nom', 'company', 'organization', 'organisation', 'societe', 'entreprise', 'field', 'data', 'note', 'notes', 'comments', 'comment', 'memo', 'group', 'details', 'detail', 'text', 'st']);

export function guessDataType(profile: CsvProfile): DataTypeGuess {
  // Each header as written and said in English ("Vorname" is "first name").
  const words = profile.header.flatMap((header) => {
    const written = headerWords(header);
    const english = englishWords(written);
    return english === written ? [written] : [written, english];
  });
  const scores = new Map<DataType, number>(dataTypes.map((type) => [type, 0]));
  const found = new Map<DataType, string[]>(dataTypes.map((type) => [type, []]));
  for (const type of dataTypes) {
    for (const [attribute, names] of Object.entries(attributeSynonyms[type])) {
      const hit = words.find((header) => names.includes(header));
      if (hit === undefined) continue;
      scores.set(type, scores.get(type)! + (weak.has(hit) ? 0.4 : 1));
      found.get(type)!.push(attribute);
    }
  }
  const has = (type: DataType, attribute: string) => found.get(type)!.includes(attribute);
  // A person file names people; a company file with a contact person's name is still a person file.
  if (has('person', 'firstName') || has('person', 'lastName'))
    scores.set('person', scores.get('person')! + 2);
  else scores.set('person', scores.get('person')! * 0.5);
  // "Company name" in a file without person names: a company file.
  if (!has('person', 'firstName') && has('company', 'companyName'))
    scores.set('company', scores.get('company')! + 1);
  const communication = profile.columns.some(
    (column) => column.shapes.email >= 0.8 || column.shapes.phone >= 0.8,
  );
  if (communication && profile.header.length <= 6)
    scores.set('communication', scores.get('communication')! + 1.5);
  // Streets and cities beside emails, phones or web sites make a contact row, not an address table.
  const contactColumns = words.filter((header) =>
    /\b(email|e mail|phone|mobile|website|web|fax)\b/.test(header),
  ).length;
  if (contactColumns >= 2) {
    scores.set('address', scores.get('address')! * 0.3);
    scores.set('communication', scores.get('communication')! * 0.5);
  }
  const longText = profile.columns.some((column) => column.averageLength > 40);
  if (longText && profile.header.length <= 6) scores.set('note', scores.get('note')! + 1);
  if (profile.header.length <= 3) scores.set('category', scores.get('category')! + 0.3);

  const fileWords = headerWords(profile.file.replace(/\.[^.]+$/, '')).split(' ');
  let hinted: DataType | undefined;
  for (const type of dataTypes) {
    if (fileWords.some((word) => fileNameHints[type].includes(word))) {
      scores.set(type, scores.get(type)! + 1.5);
      hinted ??= type;
    }
  }

  const ranked = [...scores.entries()].sort((a, b) => b[1] - a[1]);
  const [best, second] = ranked;
  const dataType = best![0];
  const margin = best![1] - (second?.[1] ?? 0);
  const confidence = best![1] === 0 ? 0.2 : Math.min(0.95, 0.5 + margin / 4);
  const reasons = [];
  if (found.get(dataType)!.length > 0) reasons.push(`columns for ${found.get(dataType)!.join(', ')}`);
  if (hinted === dataType) reasons.push(`the file name "${profile.file}"`);
  if (reasons.length === 0) reasons.push('its values');
  return { dataType, confidence: Math.round(confidence * 100) / 100, reason: reasons.join(' and ') };
}
