import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { toCsvLine } from '../../format/csv-line.js';
import { reportCsvRows } from '../../pipeline/review/import-flow-service.js';
import { authenticate, currentUser } from '../authenticate.js';
import { apiErrorSchema } from '../schemas/api-error.schema.js';
import { importIdParamsSchema, importJobSchema } from '../schemas/import-job.schema.js';
import { confirmSchema, reportSchema, startMatchSchema, undoResultSchema } from '../schemas/review.schema.js';
import type { ServerContext } from '../server-context.js';

const errors = { 403: apiErrorSchema, 404: apiErrorSchema, 409: apiErrorSchema };

/** Moving a reviewed import on (Match, Process, Complete Import), Undo, and the completion report. */
export const importFlowRoutes: FastifyPluginAsyncZod<ServerContext> = async (server, { app, jobs }) => {
  const canManage = authenticate(app.auth, 'ImportProcessManage');
  const flow = app.importFlow;

  const background = (
    path: string,
    summary: string,
    start: (user: ReturnType<typeof currentUser>, id: number, confirm: boolean) => Promise<void>,
  ) =>
    server.post(
      path,
      {
        onRequest: canManage,
        schema: {
          summary,
          params: importIdParamsSchema,
          body: confirmSchema.nullish(),
          response: { 202: importJobSchema, ...errors },
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
        summary:
          'Start Match (from Review Staged Data or Review Match Results), optionally with the duplicate keys that make a match High',
        params: importIdParamsSchema,
        body: startMatchSchema.nullish(),
        response: { 202: importJobSchema, ...errors },
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
  background('/api/imports/:id/process', 'Process: apply the chosen actions in the background', (user, id) =>
    flow.startProcess(user, id),
  );
  background(
    '/api/imports/:id/complete',
    'Complete Import; 409 CONFIRMATION_REQUIRED (details.unprocessed) unless {"confirm": true} when contacts are unprocessed',
    (user, id, confirm) => flow.startCompletion(user, id, confirm),
  );

  server.post(
    '/api/imports/:id/undo',
    {
      onRequest: canManage,
      schema: {
        summary:
          'Undo a completed import from its audit trail (all or nothing; 409 UNDO_CONFLICT names what changed since)',
        params: importIdParamsSchema,
        response: { 200: undoResultSchema, ...errors },
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
        summary: 'The Import Completion report: package, dates, totals by action',
        params: importIdParamsSchema,
        response: { 200: reportSchema, 404: apiErrorSchema },
      },
    },
    async (request) => flow.report(currentUser(request), request.params.id),
  );

  server.get(
    '/api/imports/:id/report.csv',
    {
      onRequest: canView,
      schema: { summary: 'The Import Completion report as CSV', params: importIdParamsSchema },
    },
    async (request, reply) => {
      const report = await flow.report(currentUser(request), request.params.id);
      const name = `${report.description} completion report.csv`;
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`)
        .send(
          reportCsvRows(report)
            .map((row) => `${toCsvLine(row)}\n`)
            .join(''),
        );
    },
  );
};
