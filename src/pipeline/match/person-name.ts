/**
 * Person names in the comparable form the scorer and the blocking keys use. Titles and
 * generational or professional suffixes are taken out of the name fields (exports put
 * "Dr. John" in the first name and "Smith Jr." in the last name), kept apart as a gender hint
 * and a generation, because "John Smith Jr." and "John Smith Sr." are two people.
 */
import { foldedWords } from '../../format/fold-text.js';
import { phoneticCodes } from './phonetic-code.js';

export type Gender = 'female' | 'male';
export type Generation = 'junior' | 'senior' | 'ii' | 'iii' | 'iv';

export interface NormalisedName {
  /**
   * A number no other name of this process has, in creation order: the scorer remembers how two
   * names compared by the two numbers (compare-names.ts), never by the words.
   */
  id: number;
  /** Words joined without spaces: "Jean-Pierre" → "jeanpierre", "van der Berg" → "vanderberg". */
  joined: string;
  /** The words: ["jean", "pierre"]; for surnames, without particles (van, de, der …). */
  parts: readonly string[];
  /** Primary Double Metaphone code of the joined name. */
  phonetic: string;
  /** Alternate Double Metaphone code, kept so that comparing sounds needs no lookup per pair. */
  alternatePhonetic: string;
}

export interface NormalisedPersonName {
  first: NormalisedName | undefined;
  middle: NormalisedName | undefined;
  last: NormalisedName | undefined;
  gender: Gender | undefined;
  generation: Generation | undefined;
}

export interface PersonNameFields {
  title?: string | null;
  firstName?: string | null;
  middleName?: string | null;
  lastName?: string | null;
  suffix?: string | null;
}

const titleGenders: Record<string, Gender | undefined> = {
  mr: 'male',
  mister: 'male',
  sir: 'male',
  herr: 'male',
  m: 'male',
  monsieur: 'male',
  mrs: 'female',
  ms: 'female',
  miss: 'female',
  mme: 'female',
  mlle: 'female',
  madame: 'female',
  mademoiselle: 'female',
  frau: 'female',
  lady: 'female',
  dame: 'female',
  dr: undefined,
  prof: undefined,
  professor: undefined,
  rev: undefined,
  mx: undefined,
};

const generations: Record<string, Generation> = {
  jr: 'junior',
  junior: 'junior',
  sr: 'senior',
  senior: 'senior',
  ii: 'ii',
  iii: 'iii',
  iv: 'iv',
};

/** Letters after a name that say nothing about who the person is. */
const honorifics = new Set([
  'phd',
  'md',
  'dds',
  'esq',
  'cpa',
  'mba',
  'jd',
  'rn',
  'dvm',
  'pe',
  'cfa',
  'obe',
  'mbe',
]);

const surnameParticles = new Set([
  'van',
  'von',
  'der',
  'den',
  'de',
  'del',
  'della',
  'di',
  'da',
  'du',
  'la',
  'le',
  'dos',
  'das',
  'ter',
  'ten',
  'zu',
  'st',
]);

/**
 * Normalised names by their words, so that a name written alike is one object: the few thousand
 * common names are normalised once, not once per contact, and the scorer can remember how two
 * names compared by the objects (compare-names.ts). Names are never changed once made.
 */
const namesByWords = new Map<string, NormalisedName>();
const namesKept = 100_000;
let namesMade = 0;

function nameOf(words: readonly string[], parts: readonly string[] = words): NormalisedName | undefined {
  if (words.length === 0) return undefined;
  const spelled = words.join(' ');
  // Surname particles left out make another name of the same words.
  const key = parts.length === words.length ? spelled : `${spelled}\u0001${parts.join(' ')}`;
  let name = namesByWords.get(key);
  if (name === undefined) {
    const joined = words.join('');
    const [phonetic, alternatePhonetic] = phoneticCodes(joined);
    name = { id: namesMade++, joined, parts: parts.length > 0 ? parts : words, phonetic, alternatePhonetic };
    if (namesByWords.size >= namesKept) namesByWords.clear();
    namesByWords.set(key, name);
  }
  return name;
}

/**
 * @example normalisePersonName({ firstName: 'Dr. José', lastName: 'García-López Jr.' })
 * // first "jose", last "garcialopez" with parts ["garcia", "lopez"], generation "junior"
 */
export function normalisePersonName(fields: PersonNameFields): NormalisedPersonName {
  let gender: Gender | undefined;
  let generation: Generation | undefined;
  const takeTitle = (word: string): boolean => {
    if (!(word in titleGenders)) return false;
    gender ??= titleGenders[word];
    return true;
  };
  const takeSuffix = (word: string): boolean => {
    const found = generations[word];
    if (found) {
      generation ??= found;
      return true;
    }
    return honorifics.has(word);
  };

  for (const word of foldedWords(fields.title)) takeTitle(word);
  for (const word of foldedWords(fields.suffix)) takeSuffix(word);

  const firstWords = foldedWords(fields.firstName);
  // A title written into the first name ("Dr John"), but never the whole first name ("M" alone may be an initial).
  while (firstWords.length > 1 && takeTitle(firstWords[0]!)) firstWords.shift();
  const lastWords = foldedWords(fields.lastName);
  while (lastWords.length > 1 && takeSuffix(lastWords[lastWords.length - 1]!)) lastWords.pop();

  return {
    first: nameOf(firstWords),
    middle: nameOf(foldedWords(fields.middleName)),
    last: nameOf(
      lastWords,
      lastWords.filter((word) => !surnameParticles.has(word)),
    ),
    gender,
    generation,
  };
}
