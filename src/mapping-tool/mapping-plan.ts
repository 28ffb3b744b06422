/**
 * A mapping plan: what the user accepts or edits in the mapping tool, for every CSV of a future
 * package. It is also the mapping template format: a saved plan is reused for the next export
 * of the same system. The package builder turns it into mapping files (and, for wide files,
 * child CSVs); the import's own rules then check the result.
 */
import { z } from 'zod';
import { dataTypes } from '../format/attributes.js';
import { dateFormatSchema, delimiterSchema, encodingSchema } from '../format/package-format.schema.js';

export const plannedColumnSchema = z
  .object({
    column: z.string().min(1).describe('Header of the CSV column.'),
    target: z
      .string()
      .min(1)
      .describe(
        'Attribute ("lastName", "custom.Industry") or child target ("phone/mobile.value", "address/home.city").',
      ),
    lookup: z
      .record(z.string(), z.string())
      .optional()
      .describe('Legacy value → target value, e.g. {"H": "home"}.'),
    dateFormat: dateFormatSchema.optional(),
  })
  .strict();

export const filePlanSchema = z
  .object({
    file: z.string().min(1).describe('Name of the CSV.'),
    dataType: z.enum(dataTypes),
    encoding: encodingSchema.default('auto'),
    delimiter: delimiterSchema.default('auto'),
    keyColumn: z.string().min(1).optional(),
    parentKeyColumn: z.string().min(1).optional(),
    dateFormat: dateFormatSchema.default('YYYY-MM-DD'),
    defaultCountry: z
      .string()
      .regex(/^[A-Z]{2}$/)
      .default('US'),
    columns: z.array(plannedColumnSchema),
    defaults: z.record(z.string(), z.string()).default({}),
  })
  .strict();

export const mappingPlanSchema = z
  .object({
    $schema: z.string().optional(),
    kind: z.literal('dovetail-mapping-template').default('dovetail-mapping-template'),
    formatVersion: z.literal(1).default(1),
    name: z.string().min(1).max(200).describe('Name of the package (and of the template).'),
    savedAt: z.string().optional(),
    files: z.array(filePlanSchema).min(1),
  })
  .strict();

export type PlannedColumn = z.infer<typeof plannedColumnSchema>;
export type FilePlan = z.infer<typeof filePlanSchema>;
export type MappingPlan = z.infer<typeof mappingPlanSchema>;
