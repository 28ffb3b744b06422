/**
 * The JSON files of a package (manifest, target definition, mappings) as ZIP entries, pretty
 * printed the way the repository's formatter (Biome) prints JSON, so the committed examples
 * read and diff well and pass `biome check` as they are.
 */
import type { FileMapping } from '../format/package-format.schema.js';
import type { ZipSource } from './zip-package.js';

export function jsonFile(name: string, value: unknown): ZipSource {
  return { name, data: Buffer.from(`${formatJson(value)}\n`, 'utf8') };
}

const LINE_WIDTH = 110;
const INDENT = '  ';

/**
 * Like `JSON.stringify(value, null, 2)`, except that an array of plain values stays on one line
 * when it fits in the line width (Biome's style): `"categories": ["Client", "VIP"]`.
 */
export function formatJson(value: unknown, indent = '', lineStart = 0): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every((item) => item === null || typeof item !== 'object')) {
      const inline = `[${value.map((item) => JSON.stringify(item)).join(', ')}]`;
      // +1 for the comma that may follow the array on its line.
      if (lineStart + inline.length + 1 <= LINE_WIDTH) return inline;
    }
    const inner = indent + INDENT;
    const items = value.map((item) => inner + formatJson(item, inner, inner.length));
    return `[\n${items.join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined);
    if (entries.length === 0) return '{}';
    const inner = indent + INDENT;
    const members = entries.map(([key, item]) => {
      const start = `${inner}${JSON.stringify(key)}: `;
      return start + formatJson(item, inner, start.length);
    });
    return `{\n${members.join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}

/** Mapping keys in the order a person reads them: what file, how to read it, then the columns. */
const mappingKeyOrder = [
  'formatVersion',
  'file',
  'dataType',
  'sheet',
  'encoding',
  'delimiter',
  'keyColumn',
  'parentKeyColumn',
  'dateFormat',
  'defaultCountry',
  'onInvalid',
  'columns',
  'lookups',
  'defaults',
] as const satisfies readonly (keyof FileMapping)[];

export function mappingInReadingOrder(mapping: FileMapping): FileMapping {
  const ordered: Record<string, unknown> = {};
  for (const key of mappingKeyOrder) if (mapping[key] !== undefined) ordered[key] = mapping[key];
  return ordered as FileMapping;
}
