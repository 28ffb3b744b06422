/**
 * Suggests what one column feeds, from its header first (exact synonyms in English and French,
 * then type words such as "Home"/"Bureau" around a phone or address part, then words inside
 * the header) and from its values when the header says nothing. Every candidate carries a
 * confidence (0–1) and the reason, so a person can judge it.
 */
import { type DataType, isContactDataType } from '../format/attributes.js';
import type { TargetDefinition } from '../format/package-format.schema.js';
import { type ChildKind, childTarget } from './column-target.js';
import {
  addressPartWords,
  attributeSynonyms,
  kindWords,
  numberedPartWords,
  typeWords,
  wideSynonyms,
} from './header-synonyms.js';
import { englishWords } from './header-vocabulary.js';
import { headerWords, idHeader } from './header-words.js';
import type { ColumnProfile } from './profile-csv.js';
import { readWideHeader } from './wide-header.js';

export interface ColumnCandidate {
  /** An attribute, a child target (see column-target.ts), or null: leave the column out. */
  target: string | null;
  confidence: number;
  reason: string;
}

export interface ColumnContext {
  dataType: DataType;
  definition: TargetDefinition;
  /** Rows the profile read (0: a header-only file, whose values say nothing). */
  rowsProfiled?: number;
}

/** Headers whose words are too common to decide alone; exact matches on them count for less. */
const vague = new Set([
  'type',
  'value',
  'name',
  'date',
  'primary',
  'address',
  'contact',
  'status',
  'code',
  'number',
  'title',
  'kind',
  'description',
  'detail',
  'data',
  'label',
  'location',
  'main',
  'default',
  'nom',
  'st',
  'm',
  'mi',
  'last',
  'first',
  'middle',
  'occupation',
  'profession',
  'job',
  'sic',
  'naics',
  'naf',
]);

/** Legacy suffixes that add nothing to a header's meaning: STATUS_CD, CITY_NM, EMAIL_TXT. */
const noiseSuffix = / (cd|code|desc|nm|txt|ind|val|fld|field|c|x)$/;

/** Header words of a source system's record keeping: never contact data, whatever the values. */
const recordKeepingWords = new Set([
  'created',
  'create',
  'modified',
  'updated',
  'update',
  'edit',
  'changed',
  'last',
  'time',
  'opt',
  'optin',
  'confirm',
  'connected',
  'added',
  'since',
  'revenue',
  'employees',
  'amount',
  'rating',
  'score',
  'latitude',
  'longitude',
  'gmtoff',
  'dstoff',
  'timezone',
  'sic',
  'ticker',
  'skype',
  'twitter',
  'facebook',
  'member',
  'owner',
  'manager',
  'source',
  'ip',
  'checksum',
  'deleted',
  'visible',
  'salesperson',
  'campaign',
  'status',
  'stage',
  'anniversary',
  'lists',
  'permission',
]);
/** Entity words some exports put before every header ("Person - Email - Work"). */
const entityPrefix = /^(person|contact|lead|people) (?=\S)/;

export function suggestColumn(profile: ColumnProfile, context: ColumnContext): ColumnCandidate[] {
  const words = headerWords(profile.column);
  const english = englishWords(words);
  const forms = [
    ...new Set([words, english, words.replace(entityPrefix, ''), english.replace(entityPrefix, '')]),
  ];
  let candidates: ColumnCandidate[] = [];
  for (const form of forms) {
    const found = headerCandidates(form, profile, context);
    if (found.length > 0) {
      candidates = found;
      break;
    }
  }
  if (candidates.length === 0 && noiseSuffix.test(words)) {
    candidates = headerCandidates(words.replace(noiseSuffix, ''), profile, context);
  }
  if (candidates.length === 0 && idHeader(profile.column).isId) {
    // Ids of other records (an account, an owner, a campaign) or systems are never contact data.
    candidates.push({
      target: null,
      confidence: 0.8,
      reason: `"${profile.column}" names an id of another record or system: not imported`,
    });
  }
  if (candidates.length === 0) {
    for (const form of forms) {
      candidates = containedCandidates(form, profile, context);
      if (candidates.length > 0) break;
    }
  }
  adjustToValues(profile, context, candidates);
  if (candidates.length === 0) {
    const said = english.split(' ').find((word) => recordKeepingWords.has(word));
    if (said && profile.nonEmpty > 0) {
      candidates.push({
        target: null,
        confidence: 0.7,
        reason: `"${said}" says it is the source system's own record keeping: not imported`,
      });
    } else
      valueCandidates(profile, context, (target, confidence, reason) =>
        candidates.push({ target, confidence, reason }),
      );
  }
  candidates.sort((a, b) => b.confidence - a.confidence);
  return candidates;
}

/** Candidates from the whole header: synonyms, custom fields, wide-export columns. */
function headerCandidates(words: string, profile: ColumnProfile, context: ColumnContext): ColumnCandidate[] {
  const candidates: ColumnCandidate[] = [];
  const add = (target: string | null, confidence: number, reason: string) =>
    candidates.push({ target, confidence, reason });
  const own = attributeSynonyms[context.dataType];
  const contact = isContactDataType(context.dataType);
  const part = /^birth (year|month|day)$/.exec(words);
  if (part && context.dataType === 'person') {
    add(
      `birthDate#${part[1]}`,
      0.9,
      `the ${part[1]} of the birth date, which the package builder puts together`,
    );
    return candidates;
  }

  for (const [attribute, names] of Object.entries(own)) {
    if (names.includes(words)) {
      add(
        attribute,
        vague.has(words) ? 0.75 : 0.95,
        `the header "${profile.column}" is a usual name for ${attribute}`,
      );
    }
  }
  if (contact) {
    for (const field of context.definition.customFields) {
      if (headerWords(field.name) === words)
        add(`custom.${field.name}`, 0.9, `the header is the name of the custom field "${field.name}"`);
    }
    for (const field of context.definition.userFields) {
      if (headerWords(field.name) === words)
        add(`user.${field.name}`, 0.9, `the header is the name of the user field "${field.name}"`);
    }
    wideCandidates(words, add);
  }
  return candidates;
}

/** Words inside a longer header: "Client Last Name", "Ville de résidence". */
function containedCandidates(
  words: string,
  _profile: ColumnProfile,
  context: ColumnContext,
): ColumnCandidate[] {
  const candidates: ColumnCandidate[] = [];
  for (const [attribute, names] of Object.entries(attributeSynonyms[context.dataType])) {
    const hit = names.filter(
      (name) => name.length > 2 && !vague.has(name) && ` ${words} `.includes(` ${name} `),
    );
    if (hit.length > 0)
      candidates.push({ target: attribute, confidence: 0.6, reason: `the header contains "${hit[0]}"` });
  }
  return candidates;
}

type Add = (target: string | null, confidence: number, reason: string) => void;

/** Phones, emails, addresses, notes and categories held in columns of a contact row. */
function wideCandidates(words: string, add: Add): void {
  for (const [target, names] of Object.entries(wideSynonyms)) {
    if (names.includes(words)) {
      add(target, 0.9, 'a usual header of a wide contact export');
      return;
    }
  }
  const googleNumbered =
    /^(phone|e mail|email|address|website|web site|telephone|courriel|tel|fax) \d+ (value|type|label|street|city|region|postal code|country|extended address|po box|formatted|neighborhood|country code)$/;
  if (!googleNumbered.test(words)) {
    const reading = readWideHeader(words);
    if (reading) {
      add(reading.target, reading.target ? 0.85 : 0.8, reading.reason);
      return;
    }
  }
  const numbered =
    /^(phone|e mail|email|address|website|web site|adresse|telephone|courriel|tel|fax)\s*(\d+)\s+(.+)$/.exec(
      words,
    );
  if (numbered) {
    const kind: ChildKind =
      numbered[1] === 'address' || numbered[1] === 'adresse'
        ? 'address'
        : (kindWords[numbered[1]!.replace(' ', '')] ??
          (numbered[1]!.startsWith('e') ? 'email' : numbered[1]!.startsWith('web') ? 'web' : 'phone'));
    const part = numberedPartWords[numbered[3]!];
    if (part === '') {
      add(null, 0.8, `"${numbered[3]}" repeats other columns of ${kind} ${numbered[2]}`);
      return;
    }
    if (part !== undefined) {
      add(
        childTarget(kind, numbered[2]!, part),
        0.9,
        `the ${numbered[3]} of ${kind} ${numbered[2]}, as Google Contacts exports it`,
      );
      return;
    }
  }
  const parts = words.split(' ');
  const typeAt =
    typeWords[parts[0]!] !== undefined ? 0 : typeWords[parts.at(-1)!] !== undefined ? parts.length - 1 : -1;
  const type = typeAt === -1 ? undefined : typeWords[parts[typeAt]!];
  const rest = typeAt === -1 ? words : parts.filter((_, index) => index !== typeAt).join(' ');
  if (type && rest !== '') {
    const kind = kindWords[rest.replace(/ (number|no|address|nr)$/, '').replace(' ', '')] ?? kindWords[rest];
    if (kind && kind !== 'address') {
      add(childTarget(kind, type, 'value'), 0.85, `a ${type} ${kind} (header "${words}")`);
      return;
    }
    const part = addressPart(rest.replace(/^(address|adresse) /, ''));
    if (part) {
      add(childTarget('address', type, part), 0.85, `the ${part} of the ${type} address`);
      return;
    }
  }
  const part = addressPart(words);
  if (part && part !== 'type') {
    add(childTarget('address', 'main', part), 0.8, `an address part (${part}) on a contact row`);
  }
}

function addressPart(words: string): string | undefined {
  return Object.entries(addressPartWords).find(([, names]) => names.includes(words))?.[0];
}

/** Lowers or changes a header's guess that the values contradict. */
function adjustToValues(profile: ColumnProfile, context: ColumnContext, candidates: ColumnCandidate[]): void {
  if (profile.nonEmpty === 0) return;
  for (const candidate of candidates) {
    const target = candidate.target ?? '';
    if (target === 'title' && context.dataType === 'person') {
      const values = profile.distinctValues?.map((entry) => entry.value) ?? profile.samples;
      const honorifics = values.filter((value) => isHonorific(value)).length;
      if (honorifics < values.length / 2) {
        const greeting = /\b(salutation|greeting|dear|anrede|aanhef)\b/.test(headerWords(profile.column));
        const single = values.every((value) => /^[\p{Lu}][\p{L}'-]*$/u.test(value));
        if (greeting && single) {
          candidate.target = 'preferredName';
          candidate.reason = `the header "${profile.column}" holds the names people are greeted by (values like "${profile.samples[0]}"), not salutations`;
        } else {
          candidate.target = 'position';
          candidate.reason = `the header "${profile.column}" holds job titles (values like "${profile.samples[0]}"), not salutations`;
        }
      }
    }
    const expectsDate = target === 'birthDate' || target === 'date' || target.endsWith('.date');
    if (expectsDate && !profile.dateFormat) {
      candidate.confidence *= 0.6;
      candidate.reason += ', but no date format reads its values';
      // Values that are no dates ("04/12" without a year) would refuse every row that has one.
      const dayNumbers = (profile.distinctValues ?? []).every((entry) => /^\d{1,2}$/.test(entry.value));
      if (target === 'birthDate' && profile.nonEmpty > 0 && profile.shapes.date < 0.5 && !dayNumbers) {
        candidate.reason += ` (like "${profile.samples[0]}"): not imported`;
        candidate.target = null;
      }
    }
    const child = /^(phone|email|fax|web)\/[^.]+\.type$/.test(target);
    if (child && profile.nonEmpty === 0 && (context.rowsProfiled ?? 0) > 0) {
      candidate.target = null;
      candidate.reason += ', but it is empty in every row read: not imported';
    }
    if (/^phone\/[^.]+\.value$/.test(target) && profile.nonEmpty > 0 && profile.shapes.phone < 0.3) {
      candidate.confidence *= 0.5;
      candidate.reason += ', but its values are not phone numbers';
    }
    const expectsEmail = target.startsWith('email/') && target.endsWith('.value');
    if (expectsEmail && profile.shapes.email < 0.5) {
      candidate.confidence *= 0.6;
      candidate.reason += ', but its values are not email addresses';
    }
  }
}

/** Salutations and honorifics in the languages of the vocabulary ("Mr.", "Frau", "Mme", "Dott."). */
const honorifics = new Set([
  'mr',
  'mrs',
  'ms',
  'miss',
  'mx',
  'dr',
  'prof',
  'rev',
  'sir',
  'dame',
  'lady',
  'lord',
  'hon',
  'fr',
  'herr',
  'frau',
  'hr',
  'fr',
  'mme',
  'mlle',
  'm',
  'me',
  'mmes',
  'mm',
  'sr',
  'sra',
  'srta',
  'don',
  'dona',
  'sig',
  'sigra',
  'sig ra',
  'dott',
  'dottssa',
  'ing',
  'avv',
  'dhr',
  'mevr',
  'mevrouw',
  'meneer',
  'heer',
  'mw',
  'madame',
  'monsieur',
  'mademoiselle',
  'senor',
  'senora',
  'signor',
  'signora',
  'dra',
  'eng',
  'mag',
  'dipl ing',
  'prof dr',
  'dr med',
  'messrs',
]);

function isHonorific(value: string): boolean {
  return honorifics.has(headerWords(value));
}

/** When the header says nothing: what the values look like. */
function valueCandidates(profile: ColumnProfile, context: ColumnContext, add: Add): void {
  const { shapes } = profile;
  const type = context.dataType;
  const contact = isContactDataType(type);
  if (profile.nonEmpty === 0) return;
  if (shapes.email >= 0.8) {
    if (contact) add('email/1.value', 0.7, `${pct(shapes.email)} of its values are email addresses`);
    if (type === 'communication') add('value', 0.7, `${pct(shapes.email)} of its values are email addresses`);
    return;
  }
  if (profile.dateFormat) {
    const reason = `its values are dates in the format ${profile.dateFormat.format}`;
    if (type === 'person') add('birthDate', 0.5, reason);
    if (type === 'note') add('date', 0.6, reason);
    return;
  }
  // Digits alone ("123456789") are as often counts and ids as phones: a phone is written with a
  // "+", a leading 0 or separators often enough.
  const written =
    profile.samples.filter((value) => /^[+0(]|[\s().\-/]/.test(value)).length /
    Math.max(1, profile.samples.length);
  if (shapes.phone >= 0.8 && written >= 0.5) {
    if (contact) add('phone/1.value', 0.6, `${pct(shapes.phone)} of its values are phone numbers`);
    if (type === 'communication') add('value', 0.7, `${pct(shapes.phone)} of its values are phone numbers`);
    return;
  }
  // Two-letter values alone could be language or state codes: countries need names or variety.
  if (shapes.country >= 0.8 && (profile.averageLength > 3 || profile.distinctCount >= 3)) {
    if (contact) add('address/main.country', 0.6, `${pct(shapes.country)} of its values are countries`);
    if (type === 'address') add('country', 0.7, `${pct(shapes.country)} of its values are countries`);
    return;
  }
  if (shapes.url >= 0.8) {
    if (contact) add('web/1.value', 0.6, `${pct(shapes.url)} of its values are web addresses`);
    if (type === 'communication') add('value', 0.6, `${pct(shapes.url)} of its values are web addresses`);
    return;
  }
  if (shapes.yesNo >= 0.9 && (type === 'address' || type === 'communication')) {
    add('isPrimary', 0.5, 'its values are yes/no flags');
    return;
  }
  if (type === 'note' && profile.averageLength > 30) add('text', 0.5, 'it holds long texts');
}

const pct = (share: number) => `${Math.round(share * 100)}%`;
