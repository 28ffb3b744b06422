/**
 * The JSON files of a package (manifest, target definition, mappings) as ZIP entries, pretty
 * printed with a final newline so the committed examples read and diff well.
 */
import type { FileMapping } from '../format/package-format.schema.js';
import type { ZipSource } from './zip-package.js';

export function jsonFile(name: string, value: unknown): ZipSource {
  return { name, data: Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8') };
}

/** Mapping keys in the order a person reads them: what file, how to read it, then the columns. */
const mappingKeyOrder = [
  'formatVersion',
  'file',
  'dataType',
  'encoding',
  'delimiter',
  'keyColumn',
  'parentKeyColumn',
  'dateFormat',
  'defaultCountry',
  'columns',
  'lookups',
  'defaults',
] as const satisfies readonly (keyof FileMapping)[];

export function mappingInReadingOrder(mapping: FileMapping): FileMapping {
  const ordered: Record<string, unknown> = {};
  for (const key of mappingKeyOrder) if (mapping[key] !== undefined) ordered[key] = mapping[key];
  return ordered as FileMapping;
}
