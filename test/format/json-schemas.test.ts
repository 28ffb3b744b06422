import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderJsonSchemas } from '../../src/format/json-schemas.js';
import { mappingSchema } from '../../src/format/package-format.schema.js';

const schemasDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'schemas');
const rendered = renderJsonSchemas();

const validMapping = {
  formatVersion: 1,
  file: 'phones.csv',
  dataType: 'communication',
  parentKeyColumn: 'Contact ID',
  columns: [
    { column: 'Type', attribute: 'type', lookup: 'phoneType' },
    { column: 'Number', attribute: 'value' },
  ],
  lookups: { phoneType: { H: 'home', W: 'business', M: 'mobile' } },
  defaults: { channel: 'phone' },
};

describe('docs/schemas', () => {
  it('holds exactly the generated JSON Schemas', async () => {
    const committed = (await readdir(schemasDir)).filter((name) => name.endsWith('.json')).sort();
    expect(committed, 'docs/schemas is out of date: run npm run schemas').toEqual(
      Object.keys(rendered).sort(),
    );
  });

  it.each(Object.keys(rendered))('%s equals what the zod schemas render', async (fileName) => {
    const committed = await readFile(join(schemasDir, fileName), 'utf8');
    expect(committed, `docs/schemas/${fileName} is out of date: run npm run schemas`).toBe(
      rendered[fileName],
    );
  });

  it('gives every schema an $id and a title', () => {
    for (const [fileName, text] of Object.entries(rendered)) {
      const schema = JSON.parse(text) as { $id?: string; title?: string };
      expect(schema.$id).toBe(`https://dovetail.dev/schemas/v1/${fileName}`);
      expect(schema.title).toEqual(expect.any(String));
    }
  });

  it('renders the same bytes every time', () => {
    expect(renderJsonSchemas()).toEqual(rendered);
  });
});

describe('mapping schema', () => {
  const jsonSchema = JSON.parse(rendered['mapping.schema.json']!) as {
    required: string[];
    properties: Record<string, unknown>;
    additionalProperties: boolean;
  };

  it('accepts a valid mapping, which has every property the JSON Schema requires', () => {
    const result = mappingSchema.safeParse(validMapping);
    expect(result.success).toBe(true);
    expect(jsonSchema.required).toEqual(['formatVersion', 'file', 'dataType', 'columns']);
    for (const name of jsonSchema.required) expect(validMapping).toHaveProperty(name);
    expect(jsonSchema.additionalProperties).toBe(false);
    for (const name of Object.keys(validMapping)) expect(jsonSchema.properties).toHaveProperty(name);
  });

  it('fills in the defaults an author may leave out', () => {
    const parsed = mappingSchema.parse({ ...validMapping, lookups: undefined, defaults: undefined });
    expect(parsed).toMatchObject({
      encoding: 'auto',
      delimiter: 'auto',
      dateFormat: 'YYYY-MM-DD',
      defaultCountry: 'US',
      lookups: {},
      defaults: {},
    });
  });

  it('rejects an unknown dataType, naming the allowed ones', () => {
    const result = mappingSchema.safeParse({ ...validMapping, dataType: 'people' });
    expect(result.success).toBe(false);
    expect(result.error?.issues).toHaveLength(1);
    const [issue] = result.error!.issues;
    expect(issue?.path).toEqual(['dataType']);
    expect(issue?.message).toContain('"person"');
    expect(issue?.message).toContain('"customField"');
  });

  it('rejects an unknown property, naming it', () => {
    const result = mappingSchema.safeParse({ ...validMapping, colour: 'blue' });
    expect(result.success).toBe(false);
    expect(result.error?.issues).toHaveLength(1);
    const [issue] = result.error!.issues;
    expect(issue?.code).toBe('unrecognized_keys');
    expect(issue?.message).toBe('Unrecognized key: "colour"');
  });

  it('rejects an unknown property of a column too', () => {
    const result = mappingSchema.safeParse({
      ...validMapping,
      columns: [{ column: 'Number', attribute: 'value', type: 'phone' }],
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['columns', 0]);
    expect(result.error?.issues[0]?.message).toBe('Unrecognized key: "type"');
  });
});
