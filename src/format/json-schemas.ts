/**
 * Renders the JSON Schemas of the package format (docs/schemas/*.schema.json) from the zod schemas,
 * which stay the single source of truth. scripts/generate-schemas.js writes what this returns, and a
 * test checks that the committed files still equal it.
 */
import { z } from 'zod';
import { manifestSchema, mappingSchema, targetDefinitionSchema } from './package-format.schema.js';

export const JSON_SCHEMA_BASE_URL = 'https://dovetail.dev/schemas/v1/';

const documents = [
  {
    fileName: 'manifest.schema.json',
    schema: manifestSchema,
    title: 'Dovetail contact package manifest',
    description: 'manifest.json at the root of a contact package: lists every file of the package.',
  },
  {
    fileName: 'mapping.schema.json',
    schema: mappingSchema,
    title: 'Dovetail contact package field mapping',
    description: 'Describes one CSV file of a contact package: its type of data and how its columns map.',
  },
  {
    fileName: 'target-definition.schema.json',
    schema: targetDefinitionSchema,
    title: 'Dovetail target definition',
    description:
      'What a package can be imported into for one user: importable attributes, categories, custom and user fields.',
  },
] as const;

/** The JSON Schema files by file name, each as 2-space JSON with a trailing newline. */
export function renderJsonSchemas(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const { fileName, schema, title, description } of documents) {
    // "input": what an author writes, so fields with a default are optional.
    const { $schema, ...rest } = z.toJSONSchema(schema, { io: 'input' });
    const document = { $schema, $id: `${JSON_SCHEMA_BASE_URL}${fileName}`, title, description, ...rest };
    files[fileName] = `${JSON.stringify(document, null, 2)}\n`;
  }
  return files;
}
