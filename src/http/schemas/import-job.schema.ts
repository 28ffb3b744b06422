import { z } from 'zod';
import { importJobSortKeys, maxImportJobPageSize } from '../../db/repositories/import-jobs.repository.js';
import { type ImportJob, importStages, importStatuses } from '../../jobs/import-job.js';
import type { ErrorLog } from '../../jobs/import-service.js';
import { duplicateKeys } from '../../pipeline/match/duplicate-keys.js';
import { boundedText, idParam, maxDatabaseId, textLimits } from './input-blocks.js';

/** An import process as the API returns it: the same ImportJob the CLI prints. */
export const importJobSchema = z.object({
  id: z.number().int(),
  description: z.string(),
  packageName: z.string(),
  onBehalfOf: z.string(),
  submittedBy: z.string(),
  stage: z.enum(importStages),
  status: z.enum(importStatuses),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  counts: z.object({
    rowsRead: z.number(),
    rowsStaged: z.number(),
    rowsRejected: z.number(),
    contactsStaged: z.number(),
    errorCount: z.number().describe("errors: refused rows' problems and package problems"),
    warningCount: z
      .number()
      .describe('invalid optional values left out of staged rows (onInvalid "dropValue"); not errors'),
  }),
  progress: z.object({ bytesDone: z.number(), totalBytes: z.number(), percent: z.number() }),
  failure: z.object({ code: z.string(), message: z.string() }).nullable(),
  identifyDuplicatesBy: z
    .array(z.enum(duplicateKeys))
    .describe('the duplicate keys chosen for the last Match; empty: the score alone decides'),
  files: z.array(
    z.object({
      fileName: z.string(),
      dataType: z.string(),
      state: z.enum(['pending', 'loading', 'done']),
      encoding: z.string().nullable(),
      delimiter: z.string().nullable(),
      rowsRead: z.number(),
      rowsStaged: z.number(),
      rowsRejected: z.number(),
      warningCount: z.number(),
    }),
  ),
}) satisfies z.ZodType<ImportJob>;

export const importListQuerySchema = z.object({
  description: boundedText(textLimits.filter).optional().describe('part of the description'),
  stage: z.enum(importStages).optional(),
  status: z.enum(importStatuses).optional(),
  since: z.iso
    .datetime({ offset: true })
    .or(z.iso.date())
    .optional()
    .describe('jobs created on or after this date (2026-11-25 or an ISO timestamp)'),
  until: z.iso
    .datetime({ offset: true })
    .or(z.iso.date())
    .optional()
    .describe('jobs created before this date (2026-11-26 or an ISO timestamp)'),
  sort: z.enum(importJobSortKeys).optional().describe('default: created'),
  order: z.enum(['asc', 'desc']).optional().describe('default: desc for created, asc otherwise'),
  page: z.coerce.number().int().positive().max(maxDatabaseId).optional().describe('1-based; default 1'),
  pageSize: z.coerce
    .number()
    .int()
    .positive()
    .max(maxImportJobPageSize)
    .optional()
    .describe(`default and most: ${maxImportJobPageSize}`),
});

/** The text fields of POST /api/imports (multipart, beside the file "package"). */
export const importUploadFieldsSchema = z.object({
  description: boundedText(textLimits.importDescription)
    .optional()
    .describe(`names the import and its contact list; at most ${textLimits.importDescription} characters`),
  onBehalfOf: boundedText(textLimits.userName).optional().describe('a user name; default: you'),
});

export const importIdParamsSchema = z.object({ id: idParam });

export const errorLogSchema = z.object({
  jobId: z.number().int(),
  description: z.string(),
  total: z.number().int().describe('every entry (errors and warnings), even beyond the limit'),
  errorTotal: z.number().int().describe('every error found, even beyond the limit'),
  warningTotal: z
    .number()
    .int()
    .describe('every warning (value left out, row imported), even beyond the limit'),
  limit: z.number().int(),
  errors: z.array(
    z.object({
      severity: z.enum(['error', 'warning']),
      file: z.string().nullable(),
      line: z.number().nullable(),
      column: z.string().nullable(),
      value: z.string().nullable(),
      code: z.string(),
      message: z.string(),
    }),
  ),
}) satisfies z.ZodType<ErrorLog>;

export const errorCsvQuerySchema = z.object({
  file: boundedText(textLimits.fileName)
    .optional()
    .describe("one file of the package: its original columns plus the row's errors"),
});
