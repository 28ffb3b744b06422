import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authenticate, currentUser } from '../authenticate.js';
import { apiTags } from '../openapi/api-document.js';
import { csvFile } from '../openapi/file-responses.js';
import { pagedResponse, withTotalCount } from '../paged-response.js';
import { apiErrorSchema } from '../schemas/api-error.schema.js';
import { importIdParamsSchema } from '../schemas/import-job.schema.js';
import {
  actionSchema,
  bulkActionSchema,
  compareSchema,
  confirmSchema,
  editStagedSchema,
  matchChoiceSchema,
  reviewSummarySchema,
  stagedDetailsSchema,
  stagedListQuerySchema,
  stagedPageSchema,
  stagedParamsSchema,
  stagedSummarySchema,
  suggestionSchema,
} from '../schemas/review.schema.js';
import type { ServerContext } from '../server-context.js';

const matchesCsvQuerySchema = z.object({
  allSuggestions: z.enum(['true', 'false']).optional().describe('one row per suggestion, not only the best'),
});

const errors = {
  409: apiErrorSchema.describe('Not possible at the stage the import is at (IMPORT_WRONG_STAGE)'),
};
const tags = [apiTags.review];

/** Review Staged Data / Review Match Results: the staged contacts of an import and the decisions. */
export const reviewRoutes: FastifyPluginAsyncZod<ServerContext> = async (server, { app }) => {
  const canManage = authenticate(app.auth, 'ImportProcessManage');
  const review = app.review;

  server.get(
    '/api/imports/:id/staged',
    {
      onRequest: canManage,
      schema: {
        operationId: 'listStagedContacts',
        tags,
        summary: 'Staged contacts, filtered, sorted and paginated',
        params: importIdParamsSchema,
        querystring: stagedListQuerySchema,
        response: { 200: pagedResponse(stagedPageSchema, 'One page of the staged contacts'), ...errors },
      },
    },
    async (request, reply) => {
      const {
        sort,
        direction,
        limit: limitParam,
        offset: offsetParam,
        page: pageNumber,
        pageSize,
        ...filter
      } = request.query;
      // page/pageSize, as the other paged lists take them, or limit/offset.
      const limit = pageSize ?? limitParam;
      const offset = pageNumber === undefined ? offsetParam : (pageNumber - 1) * limit;
      const page = await review.list(currentUser(request), request.params.id, filter, {
        sort,
        ...(direction ? { direction } : {}),
        limit,
        offset,
      });
      return withTotalCount(reply, page.total).send(page);
    },
  );

  server.get(
    '/api/imports/:id/matches.csv',
    {
      onRequest: canManage,
      schema: {
        summary:
          'The match results as CSV, streamed: each staged contact with its best suggestion, or every one',
        operationId: 'getImportMatchesCsv',
        tags,
        params: importIdParamsSchema,
        querystring: matchesCsvQuerySchema,
        produces: ['text/csv'],
        response: {
          200: csvFile(
            'The match results: one line per staged contact (or per suggestion), as an attachment',
          ),
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const csv = new PassThrough();
      const writing = review.exportMatches(currentUser(request), id, csv, {
        allSuggestions: request.query.allSuggestions === 'true',
      });
      // An unknown or foreign import fails before the first line: answer with the error.
      await Promise.race([once(csv, 'readable'), writing]);
      writing.catch((error: unknown) => csv.destroy(error as Error));
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="import-${id}-matches.csv"`)
        .send(csv);
    },
  );

  server.get(
    '/api/imports/:id/staged/summary',
    {
      onRequest: canManage,
      schema: {
        operationId: 'getStagedSummary',
        tags,
        summary: 'How many staged contacts per action, match band and processing state',
        params: importIdParamsSchema,
        response: { 200: reviewSummarySchema.describe('The counts'), ...errors },
      },
    },
    async (request) => review.summary(currentUser(request), request.params.id),
  );

  server.get(
    '/api/imports/:id/staged/:stagedId',
    {
      onRequest: canManage,
      schema: {
        operationId: 'getStagedContact',
        tags,
        summary: 'A staged contact with its staged collections',
        params: stagedParamsSchema,
        response: { 200: stagedDetailsSchema.describe('The staged contact'), ...errors },
      },
    },
    async (request) => review.show(currentUser(request), request.params.id, request.params.stagedId),
  );

  server.patch(
    '/api/imports/:id/staged/:stagedId',
    {
      onRequest: canManage,
      schema: {
        operationId: 'updateStagedContact',
        tags,
        summary: "Edit a staged contact's profile (validated like the package's values)",
        params: stagedParamsSchema,
        body: editStagedSchema,
        response: { 200: stagedDetailsSchema.describe('The staged contact as edited'), ...errors },
      },
    },
    async (request) =>
      review.edit(currentUser(request), request.params.id, request.params.stagedId, request.body),
  );

  server.delete(
    '/api/imports/:id/staged/:stagedId',
    {
      onRequest: canManage,
      schema: {
        operationId: 'deleteStagedContact',
        tags,
        summary: 'Delete a staged contact with its staged rows (irreversible: needs {"confirm": true})',
        params: stagedParamsSchema,
        body: confirmSchema.nullish(),
        response: {
          204: z.null().describe('Deleted'),
          409: apiErrorSchema.describe(
            'Not confirmed (CONFIRMATION_REQUIRED), or not possible at this stage (IMPORT_WRONG_STAGE)',
          ),
        },
      },
    },
    async (request, reply) => {
      const { id, stagedId } = request.params;
      await review.delete(currentUser(request), id, stagedId, request.body?.confirm === true);
      return reply.status(204).send(null);
    },
  );

  server.get(
    '/api/imports/:id/staged/:stagedId/compare',
    {
      onRequest: canManage,
      schema: {
        operationId: 'compareStagedContact',
        tags,
        summary: 'Compare Details: the staged contact beside its selected match, field by field',
        params: stagedParamsSchema,
        response: { 200: compareSchema.describe('The comparison, field by field'), ...errors },
      },
    },
    async (request) => review.compare(currentUser(request), request.params.id, request.params.stagedId),
  );

  server.get(
    '/api/imports/:id/staged/:stagedId/matches',
    {
      onRequest: canManage,
      schema: {
        operationId: 'listStagedContactMatches',
        tags,
        summary: 'Match suggestions with score, band and explanation, strongest first',
        params: stagedParamsSchema,
        response: { 200: z.array(suggestionSchema).describe('The suggestions, strongest first'), ...errors },
      },
    },
    async (request) => review.suggestions(currentUser(request), request.params.id, request.params.stagedId),
  );

  server.put(
    '/api/imports/:id/staged/:stagedId/match',
    {
      onRequest: canManage,
      schema: {
        operationId: 'setStagedContactMatch',
        tags,
        summary: 'Set as Match {suggestionId}, Select Another Match {contactId}, or {none: true}',
        params: stagedParamsSchema,
        body: matchChoiceSchema,
        response: { 200: stagedSummarySchema.describe('The staged contact with its new match'), ...errors },
      },
    },
    async (request) =>
      review.setMatch(currentUser(request), request.params.id, request.params.stagedId, request.body),
  );

  server.put(
    '/api/imports/:id/staged/:stagedId/action',
    {
      onRequest: canManage,
      schema: {
        operationId: 'setStagedContactAction',
        tags,
        summary: 'Choose merge (needs a match), create or discard; fieldChoices for merge',
        params: stagedParamsSchema,
        body: actionSchema,
        response: { 200: stagedSummarySchema.describe('The staged contact with its new action'), ...errors },
      },
    },
    async (request) =>
      review.setAction(
        currentUser(request),
        request.params.id,
        request.params.stagedId,
        request.body.action,
        request.body.fieldChoices,
      ),
  );

  server.post(
    '/api/imports/:id/staged/bulk-action',
    {
      onRequest: canManage,
      schema: {
        operationId: 'bulkSetStagedAction',
        tags,
        summary: 'One action for every unprocessed staged contact the filter covers ("merge all High" …)',
        params: importIdParamsSchema,
        body: bulkActionSchema,
        response: {
          200: z.object({ updated: z.number() }).describe('How many staged contacts now have the action'),
          ...errors,
        },
      },
    },
    async (request) =>
      review.bulkAction(currentUser(request), request.params.id, request.body.filter, request.body.action),
  );
};
