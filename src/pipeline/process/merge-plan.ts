/**
 * The merge rules, as pure functions from a staged contact and an existing contact to the
 * changes Process writes:
 * - a field where both have a value keeps the existing value, unless the reviewer chose the
 *   staged value for it (field_choices);
 * - an empty existing field is filled from the staged contact;
 * - a collection entry is added only when the contact has no entry that is the same after
 *   normalisation (communications by normalised value, addresses by street + postcode + city,
 *   categories by name ignoring case, notes by subject + text + date, custom/user fields by scope
 *   + field);
 * - the legacy key is recorded with the package as its source.
 */
import { normalizedCommunication } from '../../db/contact-values.js';
import {
  type CollectionRow,
  type CollectionTable,
  type ContactFieldName,
  type ContactSnapshot,
  contactFieldNames,
} from '../../db/repositories/contact-records.js';
import type { StagedContent } from '../../db/repositories/staged-records.js';
import type { ContactFields } from '../../db/schema.js';

/** A collection row to add, without its id and owner columns. */
export interface CollectionAddition {
  table: CollectionTable;
  values: Record<string, string | number | null>;
}

export interface MergeChanges {
  fields: Array<{ field: ContactFieldName; before: string | null; after: string | null }>;
  additions: CollectionAddition[];
  /** Custom/user field values the reviewer chose to overwrite: the old row goes, the new one is added. */
  replacements: Array<{ old: CollectionRow; addition: CollectionAddition }>;
}

const simplified = (text: unknown): string =>
  String(text ?? '')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

/** The identity of a collection entry for duplicate detection; undefined: never a duplicate. */
export function entryKey(table: CollectionTable, values: Record<string, unknown>): string {
  switch (table) {
    case 'contact_communications':
      return `${values.normalized_value}`;
    case 'contact_addresses':
      return [values.street, values.postal_code, values.city].map(simplified).join('|');
    case 'contact_categories':
      return String(values.category ?? '')
        .trim()
        .toLowerCase();
    case 'contact_notes':
      // Only an exact repeat: the same text with another subject or date is another note.
      return JSON.stringify(
        [values.subject, values.text, values.date].map((part) => String(part ?? '').trim()),
      );
    case 'contact_field_values':
      return `${values.scope}|${values.field}`;
    case 'contact_legacy_keys':
      return `${values.source}|${values.legacy_key}`;
  }
}

/** Every collection row a staged contact brings, in the contact tables' shape, duplicates dropped. */
export function stagedAdditions(staged: StagedContent, source: string): CollectionAddition[] {
  const additions: CollectionAddition[] = [
    { table: 'contact_legacy_keys', values: { legacy_key: staged.contact.legacy_key, source } },
  ];
  for (const a of staged.addresses) {
    additions.push({
      table: 'contact_addresses',
      values: {
        type: a.type,
        street: a.street,
        street2: a.street2,
        city: a.city,
        state: a.state,
        postal_code: a.postal_code,
        country: a.country,
        is_primary: a.is_primary,
      },
    });
  }
  for (const c of staged.communications) {
    additions.push({
      table: 'contact_communications',
      values: {
        channel: c.channel,
        type: c.type,
        value: c.value,
        normalized_value: normalizedCommunication(c.channel, c.value),
        is_primary: c.is_primary,
      },
    });
  }
  for (const n of staged.notes) {
    additions.push({ table: 'contact_notes', values: { subject: n.subject, text: n.text, date: n.date } });
  }
  for (const c of staged.categories) {
    additions.push({ table: 'contact_categories', values: { category: c.category } });
  }
  for (const f of staged.fieldValues) {
    additions.push({
      table: 'contact_field_values',
      values: { scope: f.scope, field: f.field, value: f.value },
    });
  }
  return withoutDuplicates(additions);
}

/**
 * The additions with each entry's later duplicates (same table, same entryKey) left out. Only
 * tables with more than one entry can hold a duplicate, and most contacts have one entry per
 * table: their keys, costly for addresses, are not computed at all.
 */
function withoutDuplicates(additions: CollectionAddition[]): CollectionAddition[] {
  const perTable = new Map<CollectionTable, number>();
  for (const { table } of additions) perTable.set(table, (perTable.get(table) ?? 0) + 1);
  const seen = new Set<string>();
  return additions.filter((addition) => {
    if (perTable.get(addition.table) === 1) return true;
    const key = `${addition.table}:${entryKey(addition.table, addition.values)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The fields of a new contact made from a staged one. */
export function createdFields(staged: StagedContent): ContactFields {
  const { contact } = staged;
  const fields = { kind: contact.kind } as ContactFields;
  for (const name of contactFieldNames) fields[name] = blankToNull(contact[name]);
  return fields;
}

const blankToNull = (value: string | null): string | null => (value?.trim() ? value : null);

/** What merging the staged contact into the existing one changes. */
export function planMerge(
  existing: ContactSnapshot,
  staged: StagedContent,
  fieldChoices: ReadonlySet<string>,
  source: string,
): MergeChanges {
  const fields: MergeChanges['fields'] = [];
  for (const field of contactFieldNames) {
    const before = blankToNull(existing.contact[field]);
    const offered = blankToNull(staged.contact[field]);
    if (offered === null || offered === before) continue;
    if (before === null || fieldChoices.has(field)) fields.push({ field, before, after: offered });
  }
  const additions: CollectionAddition[] = [];
  const replacements: MergeChanges['replacements'] = [];
  const present = new Map<string, CollectionRow>();
  for (const [table, rows] of Object.entries(existing.collections)) {
    for (const row of rows) present.set(`${table}:${entryKey(table as CollectionTable, row)}`, row);
  }
  for (const addition of stagedAdditions(staged, source)) {
    const current = present.get(`${addition.table}:${entryKey(addition.table, addition.values)}`);
    if (!current) {
      additions.push(addition);
    } else if (
      addition.table === 'contact_field_values' &&
      current.value !== addition.values.value &&
      fieldChoices.has(`${addition.values.scope}.${addition.values.field}`)
    ) {
      replacements.push({ old: current, addition });
    }
  }
  return { fields, additions, replacements };
}

export function isEmptyChange(changes: MergeChanges): boolean {
  return changes.fields.length === 0 && changes.additions.length === 0 && changes.replacements.length === 0;
}
