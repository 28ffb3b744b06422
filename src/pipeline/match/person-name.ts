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

/** A first or last name field, normalised: the name, and what title or suffix words in it said. */
interface NameField {
  name: NormalisedName | undefined;
  gender: Gender | undefined;
  generation: Generation | undefined;
}

function firstNameField(text: string): NameField {
  let gender: Gender | undefined;
  const words = foldedWords(text);
  // A title written into the first name ("Dr John"), but never the whole first name ("M" alone may be an initial).
  while (words.length > 1 && words[0]! in titleGenders) gender ??= titleGenders[words.shift()!];
  return { name: nameOf(words), gender, generation: undefined };
}

function lastNameField(text: string): NameField {
  let generation: Generation | undefined;
  const words = foldedWords(text);
  // A suffix written into the last name ("Smith Jr."), but never the whole last name.
  while (words.length > 1) {
    const found = generations[words[words.length - 1]!];
    if (found) generation ??= found;
    else if (!honorifics.has(words[words.length - 1]!)) break;
    words.pop();
  }
  const name = nameOf(
    words,
    words.filter((word) => !surnameParticles.has(word)),
  );
  return { name, gender: undefined, generation };
}

/**
 * Name fields by their text as written: the same first and last names come back contact after
 * contact, and folding and looking up their words cost more than one lookup of the text.
 * Bounded like namesByWords.
 */
class RememberedFields {
  readonly #fields = new Map<string, NameField>();

  constructor(private readonly read: (text: string) => NameField) {}

  of(text: string | null | undefined): NameField {
    const key = text ?? '';
    let field = this.#fields.get(key);
    if (field === undefined) {
      field = this.read(key);
      if (this.#fields.size >= namesKept) this.#fields.clear();
      this.#fields.set(key, field);
    }
    return field;
  }
}

const firstNameFields = new RememberedFields(firstNameField);
const middleNameFields = new RememberedFields((text) => ({
  name: nameOf(foldedWords(text)),
  gender: undefined,
  generation: undefined,
}));
const lastNameFields = new RememberedFields(lastNameField);

/**
 * @example normalisePersonName({ firstName: 'Dr. José', lastName: 'García-López Jr.' })
 * // first "jose", last "garcialopez" with parts ["garcia", "lopez"], generation "junior"
 */
export function normalisePersonName(fields: PersonNameFields): NormalisedPersonName {
  let gender: Gender | undefined;
  let generation: Generation | undefined;
  for (const word of foldedWords(fields.title)) if (word in titleGenders) gender ??= titleGenders[word];
  for (const word of foldedWords(fields.suffix)) generation ??= generations[word];

  const first = firstNameFields.of(fields.firstName);
  const last = lastNameFields.of(fields.lastName);
  return {
    first: first.name,
    middle: middleNameFields.of(fields.middleName).name,
    last: last.name,
    // The title field speaks first, then a title in the first name; the suffix field, then the last name's.
    gender: gender ?? first.gender,
    generation: generation ?? last.generation,
  };
}
