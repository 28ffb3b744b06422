/**
 * Turns what a person types (API or CLI) into contact rows with the import's own converters and
 * rules: the same attribute catalogue, the same email/phone/web/date/code checks, the same
 * categories and custom fields of the owner's target definition. Validation is never written twice.
 */

import { normalizedCommunication } from '../db/contact-values.js';
import type { CollectionName, NewCollectionRow } from '../db/repositories/contacts.repository.js';
import type { ContactFields } from '../db/schema.js';
import { DovetailError } from '../errors/dovetail-error.js';
import { type DataType, findAttribute, requiredAttributes } from '../format/attributes.js';
import type { UserVocabulary } from '../format/target-definition.js';
import {
  type ConverterOptions,
  convertCommunication,
  converterForAttribute,
  converterForField,
} from '../pipeline/map/field-converters.js';
import { createDateReader } from '../pipeline/map/parse-date.js';

type Text = string | null | undefined;

export interface ContactFieldsInput {
  title?: Text;
  firstName?: Text;
  middleName?: Text;
  lastName?: Text;
  preferredName?: Text;
  suffix?: Text;
  /** YYYY-MM-DD */
  birthDate?: Text;
  companyName?: Text;
  position?: Text;
  industry?: Text;
  status?: Text;
}

export interface AddressInput {
  type?: Text;
  street?: Text;
  street2?: Text;
  city?: Text;
  state?: Text;
  postalCode?: Text;
  country?: Text;
  isPrimary?: boolean | null | undefined;
}

export interface CommunicationInput {
  /** phone, email, web or fax; guessed from the value when left out, as the import does. */
  channel?: Text;
  type?: Text;
  value: string;
  isPrimary?: boolean | null | undefined;
}

export interface NoteInput {
  subject?: Text;
  text: string;
  date?: Text;
}

export interface FieldValueInput {
  scope?: 'custom' | 'user' | undefined;
  field: string;
  value: string;
}

export interface LegacyKeyInput {
  legacyKey: string;
  source: string;
}

/** Each collection given replaces the contact's whole collection. */
export interface ContactCollectionsInput {
  addresses?: AddressInput[] | undefined;
  communications?: CommunicationInput[] | undefined;
  categories?: string[] | undefined;
  notes?: NoteInput[] | undefined;
  fieldValues?: FieldValueInput[] | undefined;
  legacyKeys?: LegacyKeyInput[] | undefined;
}

export const contactFieldNames = [
  'title',
  'firstName',
  'middleName',
  'lastName',
  'preferredName',
  'suffix',
  'birthDate',
  'companyName',
  'position',
  'industry',
  'status',
] as const satisfies readonly (keyof ContactFieldsInput)[];

export type CollectionRows = { [N in CollectionName]?: NewCollectionRow<N>[] };

/** firstName → first_name: the catalogue's attribute names are the columns in camel case. */
export const columnOf = (attribute: string): string =>
  attribute.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Collects every problem of one request so the answer lists them all at once. */
export class InputProblems {
  private readonly problems: string[] = [];

  add(path: string, message: string): void {
    this.problems.push(`${path}: ${message}`);
  }

  throwIfAny(): void {
    if (this.problems.length > 0) {
      throw new DovetailError('INVALID_ARGUMENT', `Invalid contact: ${this.problems.join('; ')}`);
    }
  }
}

export interface InputContext {
  /** Reads phone numbers written without a "+" prefix, as a mapping's defaultCountry does. */
  defaultCountry: string;
  /** The owner's categories, custom fields and user fields (their target definition). */
  vocabulary: UserVocabulary;
}

function converterOptions(defaultCountry: string): ConverterOptions {
  return {
    readDate: createDateReader('YYYY-MM-DD'),
    dateFormat: 'YYYY-MM-DD',
    defaultCountry,
    today: new Date().toISOString().slice(0, 10),
  };
}

/** One row's attributes through the catalogue's converters; only the attributes given. */
function convertRow(
  dataType: DataType,
  input: object,
  options: ConverterOptions,
  path: string,
  problems: InputProblems,
): Record<string, string | number | null> {
  const row: Record<string, string | number | null> = {};
  for (const [name, raw] of Object.entries(input)) {
    if (raw === undefined) continue;
    const spec = findAttribute(dataType, name);
    if (!spec) {
      if (raw !== null) problems.add(`${path}${name}`, `a ${dataType} has no attribute ${name}`);
      continue;
    }
    if (typeof raw === 'boolean') {
      row[columnOf(name)] = raw ? 1 : 0;
      continue;
    }
    const text = typeof raw === 'string' ? raw.trim() : raw;
    if (text === null || text === '') {
      row[columnOf(name)] = null;
      continue;
    }
    const result = converterForAttribute(spec, options)(String(text));
    if (result.ok) row[columnOf(name)] = result.value;
    else problems.add(`${path}${name}`, result.message);
  }
  return row;
}

/** The contact's own columns among those given (null clears one). */
export function contactColumns(
  kind: 'person' | 'company',
  fields: ContactFieldsInput,
  defaultCountry: string,
  problems: InputProblems,
): Partial<ContactFields> {
  const given = Object.fromEntries(contactFieldNames.map((name) => [name, fields[name]]));
  return convertRow(kind, given, converterOptions(defaultCountry), '', problems) as Partial<ContactFields>;
}

/** A person needs a first or last name, a company its name: the import's own rule. */
export function checkRequired(
  kind: 'person' | 'company',
  contact: Partial<ContactFields>,
  problems: InputProblems,
) {
  for (const rule of requiredAttributes[kind]) {
    const present = rule.anyOf.some((name) => {
      const value = contact[columnOf(name) as keyof ContactFields];
      return value !== null && value !== undefined && value !== '';
    });
    if (!present) problems.add(rule.anyOf.join('/'), rule.message);
  }
}

/** The rows of every collection given, converted and checked like imported rows. */
export function collectionRows(
  input: ContactCollectionsInput,
  context: InputContext,
  problems: InputProblems,
): CollectionRows {
  const options = converterOptions(context.defaultCountry);
  const rows: CollectionRows = {};
  const eachRow = <T extends object>(
    list: T[] | undefined,
    name: string,
    dataType: DataType,
  ): Array<{ row: Record<string, string | number | null>; path: string; item: T }> =>
    (list ?? []).map((item, index) => {
      const path = `${name}[${index}].`;
      const row = convertRow(dataType, item, options, path, problems);
      checkRequiredOf(dataType, row, path, problems);
      return { row, path, item };
    });

  if (input.addresses) {
    rows.addresses = eachRow(input.addresses, 'addresses', 'address').map(({ row }) => ({
      ...emptyRow(['type', 'street', 'street2', 'city', 'state', 'postal_code', 'country', 'is_primary']),
      ...row,
    })) as NewCollectionRow<'addresses'>[];
  }
  if (input.communications) {
    rows.communications = eachRow(input.communications, 'communications', 'communication').flatMap(
      ({ row, path, item }) => {
        if (typeof row.value !== 'string') return [];
        const { channel, result } = convertCommunication(
          row.value,
          typeof row.channel === 'string' ? row.channel : null,
          context.defaultCountry,
        );
        if (!result.ok) {
          problems.add(`${path}value`, result.message);
          return [];
        }
        const value = String(result.value);
        return [
          {
            channel,
            type: (row.type as string | null | undefined) ?? null,
            value,
            normalized_value: normalizedCommunication(channel, value),
            is_primary:
              item.isPrimary === undefined || item.isPrimary === null ? null : item.isPrimary ? 1 : 0,
          },
        ];
      },
    );
  }
  if (input.notes) {
    rows.notes = eachRow(input.notes, 'notes', 'note').map(({ row }) => ({
      ...emptyRow(['subject', 'date']),
      ...row,
    })) as NewCollectionRow<'notes'>[];
  }
  if (input.categories) {
    const known = new Map(context.vocabulary.categories.map((name) => [name.toLowerCase(), name]));
    const seen = new Set<string>();
    rows.categories = [];
    input.categories.forEach((text, index) => {
      const category = known.get(text.trim().toLowerCase());
      if (!category) {
        const list = [...known.values()].join(', ') || 'none';
        problems.add(`categories[${index}]`, `"${text}" is not one of the owner's categories (${list})`);
      } else if (!seen.has(category)) {
        seen.add(category);
        rows.categories?.push({ category });
      }
    });
  }
  if (input.fieldValues)
    rows.fieldValues = fieldValueRows(input.fieldValues, context.vocabulary, options, problems);
  if (input.legacyKeys) {
    rows.legacyKeys = input.legacyKeys.flatMap((key, index) => {
      const legacyKey = key.legacyKey.trim();
      const source = key.source.trim();
      if (!legacyKey || !source) {
        problems.add(`legacyKeys[${index}]`, 'a legacy key needs the key and its source');
        return [];
      }
      return [{ legacy_key: legacyKey, source }];
    });
  }
  return rows;
}

function fieldValueRows(
  list: FieldValueInput[],
  vocabulary: UserVocabulary,
  options: ConverterOptions,
  problems: InputProblems,
): NewCollectionRow<'fieldValues'>[] {
  const seen = new Set<string>();
  return list.flatMap((item, index) => {
    const path = `fieldValues[${index}]`;
    const scopes = item.scope ? [item.scope] : (['custom', 'user'] as const);
    const name = item.field.trim().toLowerCase();
    let target: { scope: 'custom' | 'user'; field: UserVocabulary['customFields'][number] } | undefined;
    for (const scope of scopes) {
      const fields = scope === 'custom' ? vocabulary.customFields : vocabulary.userFields;
      const field = fields.find((candidate) => candidate.name.toLowerCase() === name);
      if (field) {
        target = { scope, field };
        break;
      }
    }
    if (!target) {
      problems.add(path, `"${item.field}" is not a custom or user field of the owner's target definition`);
      return [];
    }
    const key = `${target.scope}:${target.field.name}`;
    if (seen.has(key)) {
      problems.add(path, `${target.field.name} is given twice`);
      return [];
    }
    seen.add(key);
    const result = converterForField(target.field, options, target.scope)(item.value.trim());
    if (!result.ok) {
      problems.add(`${path}.value`, result.message);
      return [];
    }
    return [{ scope: target.scope, field: target.field.name, value: String(result.value) }];
  });
}

function checkRequiredOf(
  dataType: DataType,
  row: Record<string, string | number | null>,
  path: string,
  problems: InputProblems,
): void {
  for (const rule of requiredAttributes[dataType]) {
    if (!rule.anyOf.some((name) => row[columnOf(name)] !== null && row[columnOf(name)] !== undefined)) {
      problems.add(path.slice(0, -1), rule.message);
    }
  }
}

function emptyRow(columns: readonly string[]): Record<string, null> {
  return Object.fromEntries(columns.map((column) => [column, null]));
}
