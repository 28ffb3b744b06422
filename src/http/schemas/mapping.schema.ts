import { z } from 'zod';
import { dataTypes } from '../../format/attributes.js';
import { mappingPlanSchema, requestPlanSchema } from '../../mapping-tool/mapping-plan.js';
import { valueShapes } from '../../mapping-tool/value-shapes.js';
import { boundedText, textLimits } from './input-blocks.js';

const candidateSchema = z.object({
  target: z.string().nullable(),
  confidence: z.number(),
  reason: z.string(),
});

const columnProfileSchema = z.object({
  column: z.string(),
  index: z.number().int(),
  nonEmpty: z.number().int(),
  samples: z.array(z.string()),
  distinctValues: z.array(z.object({ value: z.string(), count: z.number().int() })).optional(),
  distinctCount: z.number().int(),
  unique: z.boolean(),
  maxLength: z.number().int(),
  averageLength: z.number(),
  shapes: z.record(z.enum(valueShapes), z.number()),
  dateFormat: z
    .object({ format: z.string(), share: z.number(), ambiguousWith: z.string().optional() })
    .optional(),
});

/** One CSV's suggestion: its profile, data type, a target per column with why, and the plan. */
export const fileSuggestionSchema = z.object({
  profile: z.object({
    file: z.string(),
    encoding: z.string(),
    delimiter: z.string(),
    header: z.array(z.string()),
    rowsProfiled: z.number().int(),
    complete: z.boolean(),
    malformedRows: z.number().int(),
    columns: z.array(columnProfileSchema),
  }),
  dataType: z.object({ dataType: z.enum(dataTypes), confidence: z.number(), reason: z.string() }),
  columns: z.array(
    candidateSchema.extend({
      column: z.string(),
      samples: z.array(z.string()),
      alternatives: z.array(candidateSchema),
      lookup: z.record(z.string(), z.string()).optional(),
      unknownCodes: z.array(z.string()).optional(),
      dateFormat: z.string().optional(),
    }),
  ),
  plan: mappingPlanSchema.shape.files.element,
  fromTemplate: z.string().optional(),
});

export const mappingUploadSchema = z.object({
  id: z.string().describe('The upload: send it back to check and build.'),
  definitionFor: z.string().describe('The user whose target definition the mapping is checked against.'),
  plan: mappingPlanSchema.describe('The suggested mapping: edit it, then check and build it.'),
  files: z.array(fileSuggestionSchema),
  choices: z
    .object({
      targets: z.record(
        z.enum(dataTypes),
        z.array(z.object({ target: z.string(), label: z.string(), codes: z.array(z.string()).optional() })),
      ),
      dateFormats: z.array(z.string()),
    })
    .describe('What an editor may offer: the targets of each data type (with their codes) and date formats.'),
});

/** The text fields of POST /api/mapping/uploads (multipart, beside the files "files"). */
export const mappingUploadFieldsSchema = z.object({
  onBehalfOf: boundedText(textLimits.userName).optional().describe('a user name; default: you'),
  name: boundedText(200).optional().describe('the name of the package (at most 200 characters)'),
});

export const mappingUploadParamsSchema = z.object({ id: boundedText(textLimits.mappingUploadId).min(1) });

export const checkRequestSchema = z.object({
  plan: requestPlanSchema,
  maxRows: z.number().int().positive().optional().describe('Check at most this many rows per file.'),
});

export const buildRequestSchema = z.object({ plan: requestPlanSchema });

const checkProblemSchema = z.object({
  level: z.enum(['package', 'row']),
  code: z.string(),
  message: z.string(),
  file: z.string().optional(),
  line: z.number().int().optional(),
  column: z.string().optional(),
  value: z.string().optional(),
});

export const checkReportSchema = z.object({
  ok: z.boolean().describe('true when no row would be refused (warnings do not count)'),
  problems: z.array(checkProblemSchema).describe('what the import would refuse'),
  warnings: z
    .array(checkProblemSchema)
    .describe('invalid optional values the import would leave out of rows it stages, each with a warning'),
  files: z.array(
    z.object({
      file: z.string(),
      dataType: z.string(),
      rowsChecked: z.number().int(),
      rowsRejected: z.number().int(),
      complete: z.boolean(),
    }),
  ),
  rowsChecked: z.number().int(),
  rowsRejected: z.number().int(),
  orphansChecked: z.boolean(),
});
