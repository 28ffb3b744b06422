/**
 * A mapping plan: what the user accepts or edits in the mapping tool, for every CSV of a future
 * package. It is also the mapping template format: a saved plan is reused for the next export
 * of the same system. The package builder turns it into mapping files (and, for wide files,
 * child CSVs); the import's own rules then check the result.
 *
 * A plan the API receives (`requestPlanSchema`) bounds every text with a documented maximum and
 * refuses NUL; the plan the tool writes and reads back (`mappingPlanSchema`) keeps the CSV's
 * headers as they are, however long.
 */
import { z } from 'zod';
import { dataTypes } from '../format/attributes.js';
import { boundedText } from '../format/bounded-text.js';
import { dateFormatSchema, delimiterSchema, encodingSchema } from '../format/package-format.schema.js';
import { textLimits } from '../format/text-limits.js';

/** The text of one kind of field, given its maximum (ignored by the unbounded plan). */
type PlanText = (max: number) => z.ZodString;

function planSchemas(text: PlanText) {
  const plannedColumnSchema = z
    .object({
      column: text(textLimits.planColumn).min(1).describe('Header of the CSV column.'),
      target: text(textLimits.planTarget)
        .min(1)
        .describe(
          'Attribute ("lastName", "custom.Industry") or child target ("phone/mobile.value", "address/home.city").',
        ),
      lookup: z
        .record(text(textLimits.planLookupValue), text(textLimits.planLookupValue))
        .optional()
        .describe('Legacy value → target value, e.g. {"H": "home"}.'),
      dateFormat: dateFormatSchema.optional(),
    })
    .strict();

  const filePlanSchema = z
    .object({
      file: text(textLimits.fileName).min(1).describe('Name of the CSV.'),
      dataType: z.enum(dataTypes),
      encoding: encodingSchema.default('auto'),
      delimiter: delimiterSchema.default('auto'),
      keyColumn: text(textLimits.planColumn).min(1).optional(),
      parentKeyColumn: text(textLimits.planColumn).min(1).optional(),
      dateFormat: dateFormatSchema.default('YYYY-MM-DD'),
      defaultCountry: z
        .string()
        .regex(/^[A-Z]{2}$/)
        .default('US'),
      columns: z.array(plannedColumnSchema),
      defaults: z.record(text(textLimits.planTarget), text(textLimits.stagedValue)).default({}),
    })
    .strict();

  const mappingPlanSchema = z
    .object({
      $schema: text(textLimits.planReference).optional(),
      kind: z.literal('dovetail-mapping-template').default('dovetail-mapping-template'),
      formatVersion: z.literal(1).default(1),
      name: text(200).min(1).max(200).describe('Name of the package (and of the template).'),
      savedAt: text(textLimits.planReference).optional(),
      files: z.array(filePlanSchema).min(1),
    })
    .strict();

  return { plannedColumnSchema, filePlanSchema, mappingPlanSchema };
}

export const { plannedColumnSchema, filePlanSchema, mappingPlanSchema } = planSchemas(() => z.string());

/** A plan as the API receives it: every text bounded (textLimits.plan…), no NUL. */
export const requestPlanSchema = planSchemas(boundedText).mappingPlanSchema;

export type PlannedColumn = z.infer<typeof plannedColumnSchema>;
export type FilePlan = z.infer<typeof filePlanSchema>;
export type MappingPlan = z.infer<typeof mappingPlanSchema>;
