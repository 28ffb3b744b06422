import { z } from 'zod';
import { duplicateKeys } from '../../pipeline/match/duplicate-keys.js';
import {
  type StagedContactDetails,
  type StagedContactSummary,
  stagedOutcomes,
} from '../../pipeline/review/review-views.js';
import { boundedText, idParam, idValue, maxDatabaseId, textLimits } from './input-blocks.js';

const bands = ['High', 'Medium', 'Low'] as const;
const actions = ['merge', 'create', 'discard'] as const;
/** A staged contact has fewer fields than this (profile, custom and user fields). */
const maxStagedEdits = 500;
const yesNo = z.enum(['true', 'false']).transform((value) => value === 'true');

export const stagedParamsSchema = z.object({ id: idParam, stagedId: idParam });

/** The filter of the review list and of bulk actions. */
export const stagedFilterSchema = z.object({
  name: boundedText(textLimits.filter)
    .optional()
    .describe('part of the first, last, preferred or company name'),
  status: boundedText(textLimits.filter)
    .optional()
    .describe("the contact's status (active, inactive, prospect, former)"),
  band: z
    .enum([...bands, 'none'])
    .optional()
    .describe('match quality band of the selected match'),
  hasMatch: yesNo.optional(),
  action: z.enum([...actions, 'none']).optional(),
  processed: yesNo.optional(),
});

export const stagedListQuerySchema = stagedFilterSchema.extend({
  sort: z.enum(['name', 'quality']).default('name'),
  direction: z.enum(['asc', 'desc']).optional().describe('name ascending, quality descending by default'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(maxDatabaseId).default(0),
  page: z.coerce
    .number()
    .int()
    .positive()
    .max(maxDatabaseId)
    .optional()
    .describe('1-based, with pageSize: instead of offset'),
  pageSize: z.coerce.number().int().min(1).max(500).optional().describe('the same as limit; wins over it'),
});

const fieldValuesSchema = z.record(z.string(), z.string().nullable());

export const stagedSummarySchema = z.object({
  id: z.number(),
  legacyKey: z.string(),
  kind: z.enum(['person', 'company']),
  name: z.string(),
  fields: fieldValuesSchema,
  source: z.object({ file: z.string(), line: z.number() }),
  match: z
    .object({
      contactId: z.number().nullable(),
      stagedContactId: z.number().nullable(),
      score: z.number().nullable(),
      band: z.enum(bands).nullable(),
    })
    .nullable(),
  action: z.enum(actions).nullable(),
  fieldChoices: z.array(z.string()),
  editedAt: z.string().nullable(),
  processedAt: z.string().nullable(),
  resultContactId: z.number().nullable(),
  outcome: z
    .enum(stagedOutcomes)
    .describe(
      'what the staged contact became: pending (not processed yet), created, merged, discarded, notProcessed (discarded by Complete Import without a decision), undone (reverted by Undo Import)',
    ),
}) satisfies z.ZodType<StagedContactSummary>;

const collectionsSchema = z.object({
  addresses: z.array(z.record(z.string(), z.unknown())),
  communications: z.array(z.record(z.string(), z.unknown())),
  notes: z.array(z.record(z.string(), z.unknown())),
  categories: z.array(z.string()),
  fieldValues: z.array(z.object({ scope: z.string(), field: z.string(), value: z.string() })),
});

export const stagedDetailsSchema = stagedSummarySchema.extend({
  collections: collectionsSchema,
  statusChoices: z
    .array(z.string())
    .describe('the statuses the target definition allows: a status edit chooses one'),
}) satisfies z.ZodType<StagedContactDetails>;

export const stagedPageSchema = z.object({ total: z.number(), items: z.array(stagedSummarySchema) });

export const contactDetailsSchema = z.object({
  id: z.number(),
  kind: z.enum(['person', 'company']),
  name: z.string(),
  ownerUserId: z.number(),
  fields: fieldValuesSchema,
  collections: collectionsSchema.extend({
    legacyKeys: z.array(z.object({ legacyKey: z.string(), source: z.string() })),
  }),
});

export const compareSchema = z.object({
  staged: stagedDetailsSchema,
  existing: contactDetailsSchema.nullable(),
  matchedStaged: stagedDetailsSchema.nullable(),
  fields: z.array(
    z.object({
      field: z.string(),
      staged: z.string().nullable(),
      existing: z.string().nullable(),
      merged: z.string().nullable(),
      keeps: z.enum(['existing', 'staged', 'same']),
    }),
  ),
});

export const suggestionSchema = z.object({
  id: z.number(),
  contactId: z.number().nullable(),
  stagedContactId: z.number().nullable(),
  name: z.string(),
  score: z.number(),
  band: z.enum(bands),
  explanation: z.unknown(),
  selected: z.boolean(),
});

export const editStagedSchema = z
  .record(boundedText(textLimits.fieldName), boundedText(textLimits.stagedValue).nullable())
  .refine((edits) => Object.keys(edits).length <= maxStagedEdits, {
    message: `at most ${maxStagedEdits} fields at once`,
  })
  .describe(
    `API field names (firstName, birthDate as YYYY-MM-DD …); null or "" clears a field; at most ${maxStagedEdits} fields, each value checked against the field's own maximum`,
  );

export const confirmSchema = z.object({ confirm: z.boolean().optional() });

export const startMatchSchema = z.object({
  identifyBy: z
    .array(z.enum(duplicateKeys))
    .optional()
    .describe(
      'duplicate keys: a candidate that shares one exactly is a High match whatever its score (explanation.identifiedBy); none: the score alone decides',
    ),
});

export const matchChoiceSchema = z.union([
  z.object({ suggestionId: idValue }).describe('Set as Match'),
  z.object({ contactId: idValue }).describe('Select Another Match'),
  z.object({ none: z.literal(true) }).describe('no match'),
]);

export const actionSchema = z.object({
  action: z.enum(actions).nullable(),
  fieldChoices: z
    .array(boundedText(textLimits.fieldName))
    .default([])
    .describe('for merge: fields (firstName …, custom.<field>, user.<field>) where the staged value wins'),
});

export const bulkActionSchema = z.object({
  filter: stagedFilterSchema.extend({
    hasMatch: z.boolean().optional(),
    processed: z.boolean().optional(),
  }),
  action: z.enum(actions),
});

export const reportSchema = z.object({
  jobId: z.number(),
  packageName: z.string(),
  description: z.string(),
  onBehalfOf: z.string(),
  submittedBy: z.string(),
  stage: z.string(),
  status: z.string(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  undoneAt: z.string().nullable(),
  totals: z.object({
    staged: z.number(),
    created: z.number(),
    merged: z.number(),
    discarded: z.number(),
    discardedAtCompletion: z.number(),
    unprocessed: z.number(),
    rowsRejected: z.number(),
  }),
  byFile: z.array(
    z.object({
      file: z.string(),
      staged: z.number(),
      rowsRejected: z.number(),
      ...Object.fromEntries(stagedOutcomes.map((outcome) => [outcome, z.number()])),
    }),
  ),
  contactList: z.object({ id: z.number(), name: z.string(), size: z.number() }).nullable(),
  errors: z.object({
    total: z.number(),
    first: z.array(
      z.object({
        file: z.string().nullable(),
        line: z.number().nullable(),
        column: z.string().nullable(),
        value: z.string().nullable(),
        code: z.string(),
        message: z.string(),
      }),
    ),
  }),
  warnings: z.array(z.string()),
});

export const undoResultSchema = z.object({
  contactsDeleted: z.number(),
  contactsRestored: z.number(),
  entriesRemoved: z.number(),
});

export const reviewSummarySchema = z.object({
  total: z.number(),
  processed: z.number(),
  unprocessed: z.number(),
  withMatch: z.number(),
  byAction: z.object({ merge: z.number(), create: z.number(), discard: z.number(), none: z.number() }),
  byBand: z.object({ High: z.number(), Medium: z.number(), Low: z.number(), none: z.number() }),
  toProcess: z.number().describe('unprocessed staged contacts with an action: what Process would apply now'),
  byOutcome: z.object(
    Object.fromEntries(stagedOutcomes.map((outcome) => [outcome, z.number()])) as Record<
      (typeof stagedOutcomes)[number],
      z.ZodNumber
    >,
  ),
});
