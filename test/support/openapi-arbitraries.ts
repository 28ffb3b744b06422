/**
 * fast-check arbitraries for a request's inputs, read from the OpenAPI document's JSON Schemas:
 * mostly values of the documented shape, mixed with the hostile ones a fuzzer of the API tries
 * (NUL, over-long text, ids past the int4 columns, wrong types, extra keys).
 */
import fc from 'fast-check';

export type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number | boolean;
  exclusiveMaximum?: number | boolean;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  nullable?: boolean;
};

/** Texts that broke or could break a route: NUL, SQL and path syntax, long and odd Unicode. */
export const hostileTexts = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  "'; drop table contacts; --",
  '%',
  '%00',
  '../../etc/passwd',
  'ñandú Zoë',
  '😀',
  '\uD800',
  'x'.repeat(1_001),
  'w '.repeat(500),
  '-1',
  '0',
  '2147483648',
  '9'.repeat(30),
  '1e308',
  'NaN',
  'true',
  'null',
  'admin',
];

/** Numbers at and past every bound an id or a page can meet. */
export const hostileNumbers = [0, -1, 1, 2, 2_147_483_647, 2_147_483_648, 2 ** 53, -(2 ** 53), 1e308, 0.5];

const hostileText = fc.constantFrom(...hostileTexts);
const anyJson = fc.jsonValue({ maxDepth: 2 });

export class SchemaArbitraries {
  constructor(private readonly components: Record<string, JsonSchema> = {}) {}

  private resolve(schema: JsonSchema): JsonSchema {
    if (!schema.$ref) return schema;
    const name = schema.$ref.split('/').pop() ?? '';
    return this.components[name] ?? {};
  }

  /** A value for the schema: of its shape four times in five, hostile otherwise. */
  value(schema: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
    return fc.oneof(
      { arbitrary: this.shaped(this.resolve(schema), depth), weight: 4 },
      { arbitrary: fc.oneof(hostileText, fc.constantFrom(...hostileNumbers), anyJson), weight: 1 },
    );
  }

  private shaped(schema: JsonSchema, depth: number): fc.Arbitrary<unknown> {
    const choices = schema.anyOf ?? schema.oneOf;
    if (choices?.length) return fc.oneof(...choices.map((choice) => this.value(choice, depth)));
    if (schema.allOf?.length) return this.value(schema.allOf[0]!, depth);
    if (schema.const !== undefined) return fc.constant(schema.const);
    if (schema.enum?.length) return fc.constantFrom(...schema.enum);
    const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
    const nullable = schema.nullable || types.includes('null');
    const type = types.find((candidate) => candidate !== 'null');
    const base = this.ofType(type, schema, depth);
    return nullable ? fc.option(base, { nil: null, freq: 5 }) : base;
  }

  private ofType(type: string | undefined, schema: JsonSchema, depth: number): fc.Arbitrary<unknown> {
    switch (type) {
      case 'integer':
      case 'number': {
        const min = typeof schema.minimum === 'number' ? schema.minimum : -1_000;
        const max = typeof schema.maximum === 'number' ? schema.maximum : 1_000_000;
        return fc.oneof(
          // Small ids exist (the fuzzed server holds an import and its staged contacts).
          fc.integer({ min: 1, max: 5 }),
          fc.integer({ min: Math.max(min, -(2 ** 31)), max: Math.min(max, 2 ** 31 - 1) }),
          fc.constantFrom(...hostileNumbers),
        );
      }
      case 'boolean':
        return fc.boolean();
      case 'string': {
        const maxLength = Math.min(schema.maxLength ?? 40, 40);
        return fc.oneof(
          fc.string({ maxLength, unit: 'grapheme' }),
          fc.string({ minLength: schema.minLength ?? 0, maxLength }),
          hostileText,
          ...(schema.maxLength ? [fc.constant('y'.repeat(schema.maxLength + 1))] : []),
        );
      }
      case 'array':
        if (depth > 3) return fc.constant([]);
        return fc.array(this.value(schema.items ?? {}, depth + 1), { maxLength: 4 });
      case 'object':
        return this.object(schema, depth);
      default:
        return anyJson;
    }
  }

  private object(schema: JsonSchema, depth: number): fc.Arbitrary<unknown> {
    if (depth > 3) return fc.constant({});
    const properties = schema.properties ?? {};
    const names = Object.keys(properties);
    const record = fc.record(
      Object.fromEntries(names.map((name) => [name, this.value(properties[name]!, depth + 1)])),
      { requiredKeys: (schema.required ?? []).filter((name) => names.includes(name)) },
    );
    const extra =
      typeof schema.additionalProperties === 'object'
        ? fc.dictionary(
            fc.oneof(fc.string({ maxLength: 12 }), hostileText),
            this.value(schema.additionalProperties, depth + 1),
            {
              maxKeys: 4,
            },
          )
        : fc.dictionary(fc.string({ maxLength: 12 }), anyJson, { maxKeys: 2 });
    return fc.oneof(
      { arbitrary: record, weight: 4 },
      {
        arbitrary: fc.tuple(record, extra).map(([known, more]) => ({ ...more, ...(known as object) })),
        weight: 1,
      },
    );
  }
}

/** A value as it travels in a path segment or a query string. */
export function asParameterText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
