import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authenticate, currentUser } from '../authenticate.js';
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

const errors = { 403: apiErrorSchema, 404: apiErrorSchema, 409: apiErrorSchema };

/** Review Staged Data / Review Match Results: the staged contacts of an import and the decisions. */
export const reviewRoutes: FastifyPluginAsyncZod<ServerContext> = async (server, { app }) => {
  const canManage = authenticate(app.auth, 'ImportProcessManage');
  const review = app.review;

  server.get(
    '/api/imports/:id/staged',
    {
      onRequest: canManage,
      schema: {
        summary: 'Staged contacts, filtered, sorted and paginated',
        params: importIdParamsSchema,
        querystring: stagedListQuerySchema,
        response: { 200: pagedResponse(stagedPageSchema), ...errors },
      },
    },
    async (request, reply) => {
      const { sort, direction, limit, offset, ...filter } = request.query;
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
    '/api/imports/:id/staged/summary',
    {
      onRequest: canManage,
      schema: {
        summary: 'How many staged contacts per action, match band and processing state',
        params: importIdParamsSchema,
        response: { 200: reviewSummarySchema, ...errors },
      },
    },
    async (request) => review.summary(currentUser(request), request.params.id),
  );

  server.get(
    '/api/imports/:id/staged/:stagedId',
    {
      onRequest: canManage,
      schema: {
        summary: 'A staged contact with its staged collections',
        params: stagedParamsSchema,
        response: { 200: stagedDetailsSchema, ...errors },
      },
    },
    async (request) => review.show(currentUser(request), request.params.id, request.params.stagedId),
  );

  server.patch(
    '/api/imports/:id/staged/:stagedId',
    {
      onRequest: canManage,
      schema: {
        summary: "Edit a staged contact's profile (validated like the package's values)",
        params: stagedParamsSchema,
        body: editStagedSchema,
        response: { 200: stagedDetailsSchema, 400: apiErrorSchema, ...errors },
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
        summary: 'Delete a staged contact with its staged rows (irreversible: needs {"confirm": true})',
        params: stagedParamsSchema,
        body: confirmSchema.nullish(),
        response: { 204: z.null(), ...errors },
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
        summary: 'Compare Details: the staged contact beside its selected match, field by field',
        params: stagedParamsSchema,
        response: { 200: compareSchema, ...errors },
      },
    },
    async (request) => review.compare(currentUser(request), request.params.id, request.params.stagedId),
  );

  server.get(
    '/api/imports/:id/staged/:stagedId/matches',
    {
      onRequest: canManage,
      schema: {
        summary: 'Match suggestions with score, band and explanation, strongest first',
        params: stagedParamsSchema,
        response: { 200: z.array(suggestionSchema), ...errors },
      },
    },
    async (request) => review.suggestions(currentUser(request), request.params.id, request.params.stagedId),
  );

  server.put(
    '/api/imports/:id/staged/:stagedId/match',
    {
      onRequest: canManage,
      schema: {
        summary: 'Set as Match {suggestionId}, Select Another Match {contactId}, or {none: true}',
        params: stagedParamsSchema,
        body: matchChoiceSchema,
        response: { 200: stagedSummarySchema, 400: apiErrorSchema, ...errors },
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
        summary: 'Choose merge (needs a match), create or discard; fieldChoices for merge',
        params: stagedParamsSchema,
        body: actionSchema,
        response: { 200: stagedSummarySchema, 400: apiErrorSchema, ...errors },
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
        summary: 'One action for every unprocessed staged contact the filter covers ("merge all High" …)',
        params: importIdParamsSchema,
        body: bulkActionSchema,
        response: { 200: z.object({ updated: z.number() }), ...errors },
      },
    },
    async (request) =>
      review.bulkAction(currentUser(request), request.params.id, request.body.filter, request.body.action),
  );
};
