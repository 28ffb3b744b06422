import { attributeCatalog, type DataType } from '../../format/attributes.js';

/**
 * Column lists of the staging tables, derived once from the attribute catalogue: a staged
 * column is the snake_case name of its attribute.
 */
const snakeCase = (name: string) => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

export const sourceColumns = ['job_id', 'source_file', 'source_line'] as const;

/** Every attribute a person or company row may carry, in column order. */
export const contactAttributes = [
  ...new Set([...attributeCatalog.person, ...attributeCatalog.company].map((attribute) => attribute.name)),
];
export const contactColumns = [...sourceColumns, 'legacy_key', 'kind', ...contactAttributes.map(snakeCase)];

export const fieldValueColumns = [...sourceColumns, 'contact_key', 'scope', 'field', 'value'];

export function childAttributes(dataType: DataType): string[] {
  // customField rows also carry the scope (custom or user) the mapper resolved.
  const names = attributeCatalog[dataType].map((attribute) => attribute.name);
  return dataType === 'customField' ? ['scope', ...names] : names;
}

export function childColumns(dataType: DataType): string[] {
  return [...sourceColumns, 'contact_key', ...childAttributes(dataType).map(snakeCase)];
}

export const importErrorColumns = [
  'job_id',
  'file_name',
  'line',
  'column_name',
  'value',
  'code',
  'message',
  'legacy_key',
  'raw_values',
  'severity',
] as const;
