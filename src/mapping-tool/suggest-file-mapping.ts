/**
 * Suggests the whole mapping of one CSV from its profile: its data type, its key or parent-key
 * column, a target per column (each attribute used once), lookups for coded values, date
 * formats and the default country for phone numbers. A template (an earlier mapping) wins
 * wherever its headers match.
 */
import { type DataType, isContactDataType } from '../format/attributes.js';
import type { TargetDefinition } from '../format/package-format.schema.js';
import { isSpreadsheetEncoding } from '../pipeline/parse/sheet-rows.js';
import { vCardDelimiter } from '../pipeline/parse/vcard-sniff.js';
import { splitCategories } from './child-files.js';
import { KEY_TARGET, PARENT_KEY_TARGET, parseChildTarget } from './column-target.js';
import { detectPhoneCountry } from './detect-phone-country.js';
import { type DataTypeGuess, guessDataType } from './guess-data-type.js';
import { countriesOfHeader } from './header-vocabulary.js';
import { headerWords, looksFrench } from './header-words.js';
import type { FilePlan, MappingPlan, PlannedColumn } from './mapping-plan.js';
import { type KeyPick, pickKey } from './pick-key.js';
import type { ColumnProfile, CsvProfile } from './profile-csv.js';
import { type ColumnCandidate, suggestColumn } from './suggest-column.js';
import { codeListOf, suggestLookup } from './suggest-lookup.js';
import { shapesOf } from './value-shapes.js';

export interface ColumnSuggestion {
  column: string;
  /** Attribute, child target, KEY_TARGET / PARENT_KEY_TARGET, or null (not imported). */
  target: string | null;
  confidence: number;
  reason: string;
  samples: string[];
  alternatives: ColumnCandidate[];
  lookup?: Record<string, string>;
  /** Distinct values the lookup could not translate. */
  unknownCodes?: string[];
  dateFormat?: string;
}

export interface FileSuggestion {
  profile: CsvProfile;
  dataType: DataTypeGuess;
  columns: ColumnSuggestion[];
  /** The suggestion as a plan, ready to edit, check and build. */
  plan: FilePlan;
  /** The template file plan that was reused, if any. */
  fromTemplate?: string;
}

export function suggestFileMapping(
  profile: CsvProfile,
  definition: TargetDefinition,
  template?: MappingPlan,
): FileSuggestion {
  const reused = template ? matchTemplate(profile, template) : undefined;
  const guessed = guessDataType(profile);
  const dataType: DataTypeGuess = reused
    ? { dataType: reused.dataType, confidence: 1, reason: `as in the template "${template!.name}"` }
    : guessed;
  const type = dataType.dataType;
  const contact = isContactDataType(type);
  const templateKey = reused ? (contact ? reused.keyColumn : reused.parentKeyColumn) : undefined;
  const keyColumn: KeyPick | undefined =
    templateKey && profile.header.includes(templateKey)
      ? { column: templateKey, confidence: 1, reason: `as in the template "${template!.name}"` }
      : pickKey(profile, type);

  const ranked = profile.columns.map((column) => ({
    profile: column,
    candidates:
      column.column === keyColumn?.column && !keyColumn.alsoMapped
        ? []
        : suggestColumn(column, { dataType: type, definition, rowsProfiled: profile.rowsProfiled }),
  }));
  const chosen = assignTargets(ranked);
  composeBirthDay(chosen, profile);
  const columns: ColumnSuggestion[] = profile.columns.map((column) => {
    if (column.column === keyColumn?.column && !keyColumn.alsoMapped) {
      return {
        column: column.column,
        target: contact ? KEY_TARGET : PARENT_KEY_TARGET,
        confidence: keyColumn.confidence,
        reason: keyColumn.reason,
        samples: column.samples,
        alternatives: [],
      };
    }
    const fromTemplate = reused?.columns.find((planned) => planned.column === column.column);
    if (fromTemplate) {
      return {
        column: column.column,
        target: fromTemplate.target,
        confidence: 1,
        reason: `as in the template "${template!.name}"`,
        samples: column.samples,
        alternatives: [],
        ...(fromTemplate.lookup ? { lookup: fromTemplate.lookup } : {}),
        ...(fromTemplate.dateFormat ? { dateFormat: fromTemplate.dateFormat } : {}),
      };
    }
    const pick = chosen.get(column.column);
    const keyNote = column.column === keyColumn?.column ? `; also the legacy key (${keyColumn.reason})` : '';
    const base: ColumnSuggestion = {
      column: column.column,
      target: pick?.target ?? null,
      confidence: pick ? round(pick.confidence) : 0,
      reason:
        (pick?.reason ?? 'no header or value pattern matched: not imported unless you choose a target') +
        keyNote,
      samples: column.samples,
      alternatives: (ranked.find((entry) => entry.profile === column)?.candidates ?? []).filter(
        (candidate) => candidate !== pick,
      ),
    };
    return withCodes(base, column, type, definition);
  });

  const firstDate = columns.find((column) => column.dateFormat)?.dateFormat;
  const plan: FilePlan = {
    file: profile.file,
    dataType: type,
    // A workbook (.xlsx, .ods) has no encoding or delimiter to set: its first sheet is read as it shows.
    // A vCard has an encoding but no delimiter: the reader knows it by its BEGIN:VCARD.
    encoding: isSpreadsheetEncoding(profile.encoding) ? 'auto' : (profile.encoding as FilePlan['encoding']),
    delimiter:
      isSpreadsheetEncoding(profile.encoding) || profile.delimiter === vCardDelimiter
        ? 'auto'
        : (profile.delimiter as FilePlan['delimiter']),
    ...(keyColumn ? (contact ? { keyColumn: keyColumn.column } : { parentKeyColumn: keyColumn.column }) : {}),
    dateFormat: reused?.dateFormat ?? firstDate ?? 'YYYY-MM-DD',
    defaultCountry:
      reused?.defaultCountry ??
      phoneCountryOf(
        profile,
        columns
          .filter((column) => /^((phone|fax)\/[^.]+\.)?value$/.test(column.target ?? ''))
          .map((column) => column.column),
      ) ??
      countriesOfHeader(profile.header.map(headerWords))[0] ??
      (looksFrench(profile.header) ? 'FR' : 'US'),
    columns: columns.flatMap((column): PlannedColumn[] =>
      column.target === null || column.target === KEY_TARGET || column.target === PARENT_KEY_TARGET
        ? []
        : [
            {
              column: column.column,
              target: column.target,
              ...(column.lookup && Object.keys(column.lookup).length > 0 ? { lookup: column.lookup } : {}),
              ...(column.dateFormat && column.dateFormat !== (firstDate ?? 'YYYY-MM-DD')
                ? { dateFormat: column.dateFormat }
                : {}),
            },
          ],
    ),
    defaults: reused?.defaults ?? {},
  };
  if (plan.dateFormat !== (firstDate ?? 'YYYY-MM-DD')) {
    for (const column of plan.columns) {
      const format = columns.find((suggestion) => suggestion.column === column.column)?.dateFormat;
      if (format && format !== plan.dateFormat) column.dateFormat = format;
    }
  }
  return {
    profile,
    dataType,
    columns,
    plan,
    ...(reused ? { fromTemplate: reused.file } : {}),
  };
}

const round = (value: number) => Math.round(value * 100) / 100;

/**
 * Thunderbird (German) names the day of a split birth date "Geburtstag", the word for birthday:
 * beside a birth year and month, a "birthday" column of day numbers is the day.
 */
function composeBirthDay(chosen: Map<string, ColumnCandidate>, profile: CsvProfile): void {
  const targets = new Set([...chosen.values()].map((candidate) => candidate.target));
  const split =
    targets.has('birthDate#year') && targets.has('birthDate#month') && !targets.has('birthDate#day');
  for (const [column, candidate] of chosen) {
    const values = profile.columns.find((entry) => entry.column === column)?.distinctValues ?? [];
    const days =
      values.length > 0 &&
      values.every((entry) => /^\d{1,2}$/.test(entry.value) && Number(entry.value) <= 31);
    if (candidate.target === 'birthDate' && days && !split) {
      chosen.set(column, {
        target: null,
        confidence: 0.7,
        reason: `${candidate.reason}; its values are day numbers without a month or year: not imported`,
      });
    } else if (candidate.target === 'birthDate' && days) {
      chosen.set(column, {
        target: 'birthDate#day',
        confidence: 0.85,
        reason: `beside the birth year and month, its values (${values
          .slice(0, 3)
          .map((entry) => entry.value)
          .join(', ')}) are the day`,
      });
    }
  }
}

/** Gives each column its best candidate that no more confident column took; a target is used once. */
function assignTargets(
  ranked: { profile: ColumnProfile; candidates: ColumnCandidate[] }[],
): Map<string, ColumnCandidate> {
  const order = ranked
    .filter((entry) => entry.candidates.length > 0)
    .sort(
      (a, b) =>
        b.candidates[0]!.confidence - a.candidates[0]!.confidence || a.profile.index - b.profile.index,
    );
  const taken = new Set<string>();
  const chosen = new Map<string, ColumnCandidate>();
  for (const entry of order) {
    for (const candidate of entry.candidates) {
      if (candidate.target === null) {
        chosen.set(entry.profile.column, candidate);
        break;
      }
      let target = candidate.target;
      const child = parseChildTarget(target);
      // A second "Email" column on a wide file is the contact's second email, not a conflict.
      if (child && /^\d+$/.test(child.group)) {
        let group = Number(child.group);
        while (taken.has(target)) target = `${child.kind}/${++group}.${child.attribute}`;
      }
      if (taken.has(target)) continue;
      taken.add(target);
      chosen.set(entry.profile.column, { ...candidate, target });
      break;
    }
  }
  return chosen;
}

/** Lookups for coded values and date formats, from the column's values. */
function withCodes(
  suggestion: ColumnSuggestion,
  profile: ColumnProfile,
  dataType: DataType,
  definition: TargetDefinition,
): ColumnSuggestion {
  const target = suggestion.target;
  if (target === null) return suggestion;
  const child = parseChildTarget(target);
  const attribute = child ? child.attribute : target;
  const owner = child
    ? child.kind === 'address'
      ? 'address'
      : child.kind === 'note'
        ? 'note'
        : 'communication'
    : dataType;
  if (
    attribute === 'birthDate' ||
    attribute === 'date' ||
    target.startsWith('user.') ||
    target.startsWith('custom.')
  ) {
    if (profile.dateFormat) suggestion.dateFormat = profile.dateFormat.format;
  }
  const distinct = profile.distinctValues?.map((entry) => entry.value) ?? [];
  if (distinct.length === 0) return suggestion;
  if (attribute === 'category' || target.startsWith('custom.') || target.startsWith('user.')) {
    const allowed = allowedValues(target, definition);
    if (!allowed) return suggestion;
    // "Client; VIP" in a wide file's column holds several categories.
    const values = child ? [...new Set(distinct.flatMap(splitCategories))] : distinct;
    const table: Record<string, string> = {};
    const unknown: string[] = [];
    for (const value of values) {
      const known = allowed.find((name) => headerWords(name) === headerWords(value));
      // The import matches these ignoring case: only other spellings need a lookup entry.
      if (known && known.toLowerCase() !== value.toLowerCase()) table[value] = known;
      else if (!known) unknown.push(value);
    }
    if (Object.keys(table).length > 0) suggestion.lookup = table;
    if (unknown.length > 0) {
      suggestion.unknownCodes = unknown;
      suggestion.reason += `; ${unknown.length} value${unknown.length === 1 ? ' is' : 's are'} not in the target definition`;
    }
    return suggestion;
  }
  let list = codeListOf(owner, attribute);
  if (!list) return suggestion;
  let lookup = suggestLookup(list, distinct);
  if (owner === 'communication' && !child && attribute === 'type') {
    // "Type" columns of phone tables often say phone/email/fax rather than home/work.
    const asChannel = suggestLookup('channel', distinct);
    if (asChannel.coverage > lookup.coverage) {
      suggestion.target = 'channel';
      suggestion.reason = `its values (${distinct.slice(0, 4).join(', ')}) are kinds of communication`;
      list = 'channel';
      lookup = asChannel;
    }
  }
  if (lookup.coverage === 0) {
    // None of its values is a code of the target ("SMTP" in Outlook's "E-mail Type", HubSpot's
    // lifecycle stages): mapping it would refuse every row that has a value.
    return {
      ...suggestion,
      target: null,
      confidence: 0.7,
      reason: `${suggestion.reason}, but none of its values (${distinct.slice(0, 4).join(', ')}) is a ${list} code: not imported`,
      alternatives: [
        { target: suggestion.target, confidence: suggestion.confidence, reason: suggestion.reason },
      ],
    };
  }
  if (Object.keys(lookup.table).length > 0) suggestion.lookup = lookup.table;
  if (lookup.unknown.length > 0) {
    if (child) suggestion.reason += `; rows with ${lookup.unknown.join(', ')} are imported without a type`;
    suggestion.unknownCodes = lookup.unknown;
    suggestion.confidence = round(suggestion.confidence * (0.5 + lookup.coverage / 2));
  }
  return suggestion;
}

/** The template's file plan for this CSV: the same file name, or the most headers in common. */
function matchTemplate(profile: CsvProfile, template: MappingPlan): FilePlan | undefined {
  const header = new Set(profile.header);
  let best: { plan: FilePlan; score: number } | undefined;
  for (const plan of template.files) {
    const columns = new Set([
      ...plan.columns.map((column) => column.column),
      ...(plan.keyColumn ? [plan.keyColumn] : []),
      ...(plan.parentKeyColumn ? [plan.parentKeyColumn] : []),
    ]);
    const shared = [...columns].filter((column) => header.has(column)).length;
    const sameName = plan.file === profile.file && shared > 0;
    const score = shared / Math.max(columns.size, header.size, 1) + (sameName ? 0.5 : 0);
    if (!best || score > best.score) best = { plan, score };
  }
  return best && best.score >= 0.5 ? best.plan : undefined;
}

/**
 * The country that reads the most phone numbers written without "+", over the sample values of
 * all phone columns together; among countries that read as many, the one the header's language
 * points to ("Telefon privat": Germany) comes first.
 */
function phoneCountryOf(profile: CsvProfile, phoneColumns: readonly string[]): string | undefined {
  const local = profile.columns
    .filter((column) => column.phoneCountry && phoneColumns.includes(column.column))
    .flatMap((column) =>
      column.samples.filter((value) => shapesOf(value).includes('phone') && !/^(\+|00)/.test(value)),
    );
  const preferred = countriesOfHeader(profile.header.map(headerWords));
  if (local.length === 0) return countryProfiledIn(profile, phoneColumns);
  return detectPhoneCountry(local, looksFrench(profile.header) ? ['FR', ...preferred] : preferred)?.country;
}

/**
 * When no kept sample is a local-format phone (the samples are few and may all carry "+"), the
 * country each phone column's profile found over all the rows it read, weighed by how many
 * values it has: a French-language file of Quebec numbers still reads them as North American.
 */
function countryProfiledIn(profile: CsvProfile, phoneColumns: readonly string[]): string | undefined {
  const votes = new Map<string, number>();
  for (const column of profile.columns) {
    if (!column.phoneCountry || !phoneColumns.includes(column.column)) continue;
    const { country, share } = column.phoneCountry;
    votes.set(country, (votes.get(country) ?? 0) + share * column.nonEmpty);
  }
  return [...votes.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
}

/** The values a category or a choice field accepts, from the target definition. */
function allowedValues(target: string, definition: TargetDefinition): readonly string[] | undefined {
  if (target === 'category' || target.endsWith('.category')) return definition.categories;
  const [scope, ...rest] = target.split('.');
  const fields = scope === 'custom' ? definition.customFields : definition.userFields;
  const field = fields.find((candidate) => candidate.name.toLowerCase() === rest.join('.').toLowerCase());
  return field?.type === 'choice' ? (field.options ?? []) : undefined;
}
