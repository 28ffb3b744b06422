/**
 * Package format v1: the zod schemas are the single source of truth. The JSON Schemas in
 * docs/schemas/ are generated from these (scripts/generate-schemas.js), and the loader parses
 * every package file through them.
 */
import { z } from 'zod';
import { dataTypes } from './attributes.js';

export const PACKAGE_FORMAT_VERSION = 1;
export const MANIFEST_FILE_NAME = 'manifest.json';

const fileName = z
  .string()
  .min(1)
  .max(255)
  .describe('A path inside the ZIP archive, relative to its root, with forward slashes.');

export const encodingSchema = z
  .enum(['auto', 'utf-8', 'utf-16le', 'utf-16be', 'windows-1252', 'iso-8859-1'])
  .describe('Character encoding of the CSV. "auto" detects byte order marks, UTF-8 and Windows-1252.');

export const delimiterSchema = z
  .enum(['auto', ',', ';', '\t', '|'])
  .describe('Field delimiter of the CSV. "auto" picks the one that splits the first lines consistently.');

export const dateFormatSchema = z
  .string()
  .max(10)
  // Exactly one year, one month and one day token, separated by nothing or by . / - or space.
  .refine((format) => {
    const tokens = format.split(/[./\- ]/).flatMap((part) => part.match(/YYYY|YY|MM|M|DD|D/g) ?? ['?']);
    const joined = format.replace(/[./\- ]/g, '');
    const kinds = tokens
      .map((token) => token[0])
      .sort()
      .join('');
    return tokens.join('') === joined && kinds === 'DMY';
  }, 'use each of a year (YYYY or YY), a month (MM or M) and a day (DD or D) once, e.g. "DD/MM/YYYY"')
  .describe('How dates are written in the file, with tokens YYYY, YY, MM, M, DD, D, e.g. "DD/MM/YYYY".');

export const onInvalidSchema = z
  .enum(['dropValue', 'refuseRow'])
  .describe(
    'What an invalid value of an optional attribute does: "dropValue" (the default) imports the row without the value and logs a warning; "refuseRow" refuses the row. Invalid keys and names always refuse the row.',
  );

export const columnMappingSchema = z
  .object({
    column: z.string().min(1).describe('Header of the CSV column, exactly as in the file.'),
    attribute: z
      .string()
      .min(1)
      .describe('Target attribute, e.g. "lastName", or "custom.<Field>" / "user.<Field>" on contact files.'),
    lookup: z
      .string()
      .min(1)
      .optional()
      .describe('Name of an entry of "lookups" that translates coded values.'),
    dateFormat: dateFormatSchema.optional(),
    onInvalid: onInvalidSchema
      .optional()
      .describe("This column's own policy, overriding the file's onInvalid."),
  })
  .strict();

/** Lets authors point their editor at the published JSON Schema; ignored by Dovetail. */
const schemaReference = z.string().optional().describe('URL of the JSON Schema, for editors.');

export const mappingSchema = z
  .object({
    $schema: schemaReference,
    formatVersion: z.literal(PACKAGE_FORMAT_VERSION),
    file: fileName.describe('The CSV file (or .xlsx or .ods workbook) this mapping describes.'),
    dataType: z.enum(dataTypes).describe('The type of data in the file.'),
    sheet: z
      .string()
      .min(1)
      .max(31)
      .optional()
      .describe(
        'For a workbook (.xlsx, .ods): the name of the sheet to read (compared ignoring case); the first sheet when absent.',
      ),
    encoding: encodingSchema.default('auto'),
    delimiter: delimiterSchema.default('auto'),
    keyColumn: z
      .string()
      .min(1)
      .optional()
      .describe('Column holding the legacy key of each contact (person and company files).'),
    parentKeyColumn: z
      .string()
      .min(1)
      .optional()
      .describe("Column holding the legacy key of the row's contact (child files)."),
    dateFormat: dateFormatSchema.default('YYYY-MM-DD'),
    defaultCountry: z
      .string()
      .regex(/^[A-Z]{2}$/)
      .default('US')
      .describe('ISO 3166 country used to read phone numbers written without an international prefix.'),
    onInvalid: onInvalidSchema
      .optional()
      .describe(
        'What an invalid value of an optional attribute does in every column without its own onInvalid: "dropValue" (when absent) or "refuseRow".',
      ),
    columns: z.array(columnMappingSchema).min(1),
    lookups: z
      .record(z.string(), z.record(z.string(), z.string()))
      .default({})
      .describe(
        'Named translation tables from legacy codes to target values, e.g. {"phoneType": {"H": "home"}}.',
      ),
    defaults: z
      .record(z.string(), z.string())
      .default({})
      .describe('Values for attributes that are empty or not mapped, e.g. {"status": "active"}.'),
  })
  .strict();

export const manifestSchema = z
  .object({
    $schema: schemaReference,
    formatVersion: z.literal(PACKAGE_FORMAT_VERSION),
    name: z.string().min(1).max(200).describe('Human name of the package.'),
    createdAt: z.string().optional(),
    targetDefinition: fileName.describe('The target definition file in the package.'),
    files: z
      .array(z.object({ csv: fileName, mapping: fileName }).strict())
      .min(1)
      .describe('Every CSV in the package with its field-mapping file.'),
  })
  .strict();

export const fieldDefinitionSchema = z
  .object({
    name: z.string().min(1).max(100),
    type: z.enum(['text', 'number', 'date', 'boolean', 'choice']),
    options: z.array(z.string()).optional().describe('Allowed values of a "choice" field.'),
  })
  .strict();

export const targetDefinitionSchema = z
  .object({
    $schema: schemaReference,
    formatVersion: z.literal(PACKAGE_FORMAT_VERSION),
    generatedFor: z
      .object({
        userName: z.string().min(1),
        firstName: z.string().optional(),
        lastName: z.string().optional(),
      })
      .strict(),
    generatedAt: z.string().optional(),
    entities: z
      .record(z.enum(dataTypes), z.array(z.string()))
      .describe('Importable attributes per type of data.'),
    categories: z.array(z.string()).default([]),
    customFields: z.array(fieldDefinitionSchema).default([]),
    userFields: z.array(fieldDefinitionSchema).default([]),
  })
  .strict();

export type ColumnMapping = z.infer<typeof columnMappingSchema>;
export type FileMapping = z.infer<typeof mappingSchema>;
export type Manifest = z.infer<typeof manifestSchema>;
export type TargetDefinition = z.infer<typeof targetDefinitionSchema>;
export type FieldDefinition = z.infer<typeof fieldDefinitionSchema>;
export type Encoding = z.infer<typeof encodingSchema>;
export type Delimiter = z.infer<typeof delimiterSchema>;
export type OnInvalid = z.infer<typeof onInvalidSchema>;
