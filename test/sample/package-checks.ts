/**
 * Independent checks that a package is valid by the format's rules, without the import
 * pipeline: every mapped column and attribute exists, keys are unique, every child row has a
 * parent, phones are valid for the mapping's country, emails, dates, codes and categories are
 * acceptable. Returns the problems found, so a failing test says exactly what is wrong.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import {
  customFieldPrefix,
  findAttribute,
  isContactDataType,
  requiredAttributes,
  userFieldPrefix,
} from '../../src/format/attributes.js';
import type {
  FieldDefinition,
  FileMapping,
  TargetDefinition,
} from '../../src/format/package-format.schema.js';
import type { ParsedPackage } from './read-package.js';

const EMAIL = /^[a-z0-9._%+-]+@[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$/i;

export function packageProblems(parsed: ParsedPackage, today = new Date()): string[] {
  const problems: string[] = [];
  const { definition, csvs } = parsed;
  const contactKeys = new Set<string>();

  const ordered = [...csvs].sort(
    ([, a], [, b]) =>
      Number(isContactDataType(b.mapping.dataType)) - Number(isContactDataType(a.mapping.dataType)),
  );
  for (const [name, { mapping, header, rows }] of ordered) {
    const at = (index: number) => `${name} row ${index + 1}`;
    const keyColumn = isContactDataType(mapping.dataType) ? mapping.keyColumn : mapping.parentKeyColumn;
    if (!keyColumn || !header.includes(keyColumn)) problems.push(`${name}: key column ${keyColumn} missing`);
    for (const { column, attribute, lookup } of mapping.columns) {
      if (!header.includes(column)) problems.push(`${name}: column ${column} not in header`);
      if (lookup && !mapping.lookups[lookup]) problems.push(`${name}: lookup ${lookup} not defined`);
      const known = isFieldAttribute(attribute)
        ? fieldDefinition(definition, attribute) !== undefined && isContactDataType(mapping.dataType)
        : findAttribute(mapping.dataType, attribute) !== undefined;
      if (!known) problems.push(`${name}: attribute ${attribute} unknown`);
    }
    rows.forEach((row, index) => {
      const key = row[keyColumn ?? ''] ?? '';
      if (isContactDataType(mapping.dataType)) {
        if (contactKeys.has(key)) problems.push(`${at(index)}: duplicate key ${key}`);
        contactKeys.add(key);
      } else if (!contactKeys.has(key)) problems.push(`${at(index)}: no contact with key ${key}`);
      for (const { anyOf } of requiredAttributes[mapping.dataType]) {
        const present = anyOf.some((attribute) =>
          mapping.columns.some(
            (column) => column.attribute === attribute && (row[column.column] ?? '') !== '',
          ),
        );
        if (!present) problems.push(`${at(index)}: none of ${anyOf.join(', ')}`);
      }
      for (const { column, attribute, lookup } of mapping.columns) {
        const raw = row[column] ?? '';
        if (raw === '') continue;
        const value = lookup ? mapping.lookups[lookup]?.[raw] : raw;
        if (value === undefined) problems.push(`${at(index)}: code ${raw} not in lookup ${lookup}`);
        else problems.push(...valueProblems(at(index), mapping, attribute, value, today, definition));
      }
    });
  }
  return problems;
}

function valueProblems(
  where: string,
  mapping: FileMapping,
  attribute: string,
  value: string,
  today: Date,
  definition: TargetDefinition,
): string[] {
  const field = fieldDefinition(definition, attribute);
  if (field?.type === 'choice' && !field.options?.includes(value))
    return [`${where}: ${attribute} option ${value}`];
  const spec = findAttribute(mapping.dataType, attribute);
  if (spec?.kind === 'date' || field?.type === 'date') {
    const date = parseDate(value, mapping.dateFormat);
    if (!date || date > today) return [`${where}: date ${value} invalid for ${mapping.dateFormat}`];
  }
  if (spec?.kind === 'code' && !spec.codes?.includes(value)) return [`${where}: ${attribute} code ${value}`];
  if (spec?.maxLength !== undefined && value.length > spec.maxLength)
    return [`${where}: ${attribute} too long`];
  if (mapping.dataType === 'category' && !definition.categories.includes(value))
    return [`${where}: category ${value}`];
  if (spec?.kind === 'communication') {
    const channel = mapping.defaults.channel;
    if (channel === 'email' && !EMAIL.test(value)) return [`${where}: email ${value}`];
    if (
      channel === 'phone' &&
      !parsePhoneNumberFromString(value, mapping.defaultCountry as 'US')?.isValid()
    ) {
      return [`${where}: phone ${value} invalid for ${mapping.defaultCountry}`];
    }
  }
  return [];
}

function fieldDefinition(definition: TargetDefinition, attribute: string): FieldDefinition | undefined {
  if (attribute.startsWith(customFieldPrefix)) {
    return definition.customFields.find((field) => `${customFieldPrefix}${field.name}` === attribute);
  }
  if (attribute.startsWith(userFieldPrefix)) {
    return definition.userFields.find((field) => `${userFieldPrefix}${field.name}` === attribute);
  }
  return undefined;
}

function isFieldAttribute(attribute: string): boolean {
  return attribute.startsWith(customFieldPrefix) || attribute.startsWith(userFieldPrefix);
}

/** Reads a date with the format tokens YYYY, MM, DD (the ones the generated packages use). */
function parseDate(value: string, format: string): Date | undefined {
  const pattern = new RegExp(
    `^${format.replace('YYYY', '(?<y>\\d{4})').replace('MM', '(?<m>\\d{2})').replace('DD', '(?<d>\\d{2})')}$`,
  );
  const groups = pattern.exec(value)?.groups;
  if (!groups) return undefined;
  const [year, month, day] = [Number(groups.y), Number(groups.m), Number(groups.d)];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? date : undefined;
}
