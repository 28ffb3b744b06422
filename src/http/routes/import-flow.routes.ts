import { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { completionReportCsv } from '../../pipeline/complete/completion-report-csv.js';
import { completionReportPdf } from '../../pipeline/complete/completion-report-pdf.js';
import { authenticate, currentUser } from '../authenticate.js';
import { apiTags } from '../openapi/api-document.js';
import { binaryFile, csvFile } from '../openapi/file-responses.js';
import { apiErrorSchema } from '../schemas/api-error.schema.js';
import { importIdParamsSchema, importJobSchema } from '../schemas/import-job.schema.js';
import { confirmSchema, reportSchema, startMatchSchema, undoResultSchema } from '../schemas/review.schema.js';
import type { ServerContext } from '../server-context.js';

const errors = {
  409: apiErrorSchema.describe(
    'Not possible at the stage the import is at (IMPORT_WRONG_STAGE), or not confirmed (CONFIRMATION_REQUIRED)',
  ),
};
const tags = [apiTags.importFlow];
const movedOn = importJobSchema.describe(
  'Accepted: the import process, Running its next stage in the background',
);

/** Moving a reviewed import on (Match, Process, Complete Import), Undo, and the completion report. */
export const importFlowRoutes: FastifyPluginAsyncZod<ServerContext> = async (server, { app, jobs }) => {
  const canManage = authenticate(app.auth, 'ImportProcessManage');
  const flow = app.importFlow;

  const background = (
    path: string,
    operationId: string,
    summary: string,
    start: (user: ReturnType<typeof currentUser>, id: number, confirm: boolean) => Promise<void>,
  ) =>
    server.post(
      path,
      {
        onRequest: canManage,
        schema: {
          operationId,
          tags,
          summary,
          params: importIdParamsSchema,
          body: confirmSchema.nullish(),
          response: { 202: movedOn, ...errors },
        },
      },
      async (request, reply) => {
        const { id } = request.params;
        await start(currentUser(request), id, request.body?.confirm === true);
        // The job as it was moved on (Running at its new stage), before the work may finish it.
        const job = await app.imports.show(id);
        jobs.start(id);
        return reply.status(202).send(job);
      },
    );

  server.post(
    '/api/imports/:id/match',
    {
      onRequest: canManage,
      schema: {
        operationId: 'startMatch',
        tags,
        summary:
          'Start Match (from Review Staged Data or Review Match Results), optionally with the duplicate keys that make a match High',
        params: importIdParamsSchema,
        body: startMatchSchema.nullish(),
        response: { 202: movedOn, ...errors },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      await flow.startMatch(currentUser(request), id, request.body?.identifyBy ?? []);
      const job = await app.imports.show(id);
      jobs.start(id);
      return reply.status(202).send(job);
    },
  );
  background(
    '/api/imports/:id/process',
    'startProcess',
    'Process: apply the chosen actions in the background',
    (user, id) => flow.startProcess(user, id),
  );
  background(
    '/api/imports/:id/complete',
    'completeImport',
    'Complete Import; 409 CONFIRMATION_REQUIRED (details.unprocessed) unless {"confirm": true} when contacts are unprocessed',
    (user, id, confirm) => flow.startCompletion(user, id, confirm),
  );

  server.post(
    '/api/imports/:id/undo',
    {
      onRequest: canManage,
      schema: {
        operationId: 'undoImport',
        tags,
        summary:
          'Undo a completed import from its audit trail (all or nothing; 409 UNDO_CONFLICT names what changed since)',
        params: importIdParamsSchema,
        response: {
          200: undoResultSchema.describe('Undone: what was restored and removed'),
          409: apiErrorSchema.describe(
            'Not a completed import (IMPORT_WRONG_STAGE), or changed since (UNDO_CONFLICT names what)',
          ),
        },
      },
    },
    async (request) => flow.undo(currentUser(request), request.params.id),
  );

  const canView = authenticate(app.auth, 'ImportProcessView');
  server.get(
    '/api/imports/:id/report',
    {
      onRequest: canView,
      schema: {
        operationId: 'getImportReport',
        tags,
        summary:
          'The Import Completion report: who and when, totals by action and by file, the contact list, errors and warnings (figures so far before completion)',
        params: importIdParamsSchema,
        response: { 200: reportSchema.describe('The completion report') },
      },
    },
    async (request) => flow.report(currentUser(request), request.params.id),
  );

  /** A download of a completed import's report (409 IMPORT_WRONG_STAGE before completion). */
  const download = (format: 'csv' | 'pdf', operationId: string) =>
    server.get(
      `/api/imports/:id/report.${format}`,
      {
        onRequest: canView,
        schema: {
          summary: `The Import Completion report of a completed import as ${format.toUpperCase()}, with every staged contact and what it became`,
          operationId,
          tags,
          params: importIdParamsSchema,
          produces: [format === 'csv' ? 'text/csv' : 'application/pdf'],
          response: {
            200: (format === 'csv' ? csvFile : binaryFile)(
              `The report as a ${format.toUpperCase()} file (attachment)`,
            ),
            ...errors,
          },
        },
      },
      async (request, reply) => {
        const { report, contacts } = await flow.completedReport(currentUser(request), request.params.id);
        const name = `${report.description} completion report.${format}`;
        const body =
          format === 'csv'
            ? Readable.from(completionReportCsv(report, contacts))
            : completionReportPdf(report, contacts);
        return (
          reply
            .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/pdf')
            .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`)
            // A stream: fastify sends it as it comes (the schema declares the file as a string).
            .send(body)
        );
      },
    );
  download('csv', 'getImportReportCsv');
  download('pdf', 'getImportReportPdf');
};
