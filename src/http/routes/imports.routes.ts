import { once } from 'node:events';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authenticate, currentUser } from '../authenticate.js';
import { parseFields } from '../multipart-fields.js';
import { apiTags } from '../openapi/api-document.js';
import { csvFile } from '../openapi/file-responses.js';
import { pagedResponse, withTotalCount } from '../paged-response.js';
import { receiveUpload } from '../receive-upload.js';
import { apiErrorSchema } from '../schemas/api-error.schema.js';
import {
  errorCsvQuerySchema,
  errorLogSchema,
  importIdParamsSchema,
  importJobSchema,
  importListQuerySchema,
  importUploadFieldsSchema,
} from '../schemas/import-job.schema.js';
import type { ServerContext } from '../server-context.js';

/** The Import Processes: upload a package, the list, one process, its error log and error file. */
export const importsRoutes: FastifyPluginAsyncZod<ServerContext> = async (server, { app, jobs }) => {
  const canView = authenticate(app.auth, 'ImportProcessView');

  server.post(
    '/api/imports',
    {
      onRequest: authenticate(app.auth, 'ImportProcessManage'),
      schema: {
        operationId: 'createImport',
        tags: [apiTags.imports],
        summary: 'Import a package (multipart: file "package", fields "description", "onBehalfOf")',
        consumes: ['multipart/form-data'],
        response: {
          202: importJobSchema.describe(
            'Accepted: the import process, Running its first stage in the background',
          ),
          403: apiErrorSchema,
          413: apiErrorSchema,
        },
      },
    },
    async (request, reply) => {
      const upload = await receiveUpload(request, {
        uploadsDir: path.join(app.config.dataDir, 'uploads'),
        fileField: 'package',
        maxBytes: app.config.archive.maxPackageBytes,
      });
      try {
        const fields = parseFields(importUploadFieldsSchema, upload.fields);
        const job = await app.imports.startImport({
          packagePath: upload.packagePath,
          description: fields.description ?? '',
          submittedBy: currentUser(request).userName,
          ...(fields.onBehalfOf ? { onBehalfOf: fields.onBehalfOf } : {}),
        });
        jobs.start(job.id);
        return reply.status(202).send(job);
      } finally {
        await upload.discard();
      }
    },
  );

  server.get(
    '/api/imports',
    {
      onRequest: canView,
      schema: {
        operationId: 'listImports',
        tags: [apiTags.imports],
        summary: 'The Import Processes list (one page), newest first; X-Total-Count: jobs on all pages',
        querystring: importListQuerySchema,
        response: {
          200: pagedResponse(z.array(importJobSchema), 'One page of the import processes I may see'),
        },
      },
    },
    async (request, reply) => {
      const { since, until, ...query } = request.query;
      const { items, total } = await app.imports.listVisibleTo(currentUser(request), {
        ...query,
        ...(since ? { since: new Date(since).toISOString() } : {}),
        ...(until ? { until: new Date(until).toISOString() } : {}),
      });
      return withTotalCount(reply, total).send(items);
    },
  );

  server.get(
    '/api/imports/:id',
    {
      onRequest: canView,
      schema: {
        operationId: 'getImport',
        tags: [apiTags.imports],
        summary: 'One import process',
        params: importIdParamsSchema,
        response: { 200: importJobSchema.describe('The import process') },
      },
    },
    async (request) => app.imports.showVisibleTo(currentUser(request), request.params.id),
  );

  server.post(
    '/api/imports/:id/cancel',
    {
      onRequest: authenticate(app.auth, 'ImportProcessManage'),
      schema: {
        operationId: 'cancelImport',
        tags: [apiTags.imports],
        summary: 'Cancel a Running import process (its submitter or an administrator)',
        params: importIdParamsSchema,
        response: {
          200: importJobSchema.describe('Cancelled: the import process as it is now'),
          409: apiErrorSchema.describe('The import process is not Running (IMPORT_NOT_RUNNING)'),
        },
      },
    },
    async (request) => app.imports.cancel(currentUser(request), request.params.id),
  );

  server.get(
    '/api/imports/:id/errors',
    {
      onRequest: canView,
      schema: {
        operationId: 'getImportErrors',
        tags: [apiTags.imports],
        summary: 'The error log: the first errors (DOVETAIL_ERROR_LOG_LIMIT) and the total',
        params: importIdParamsSchema,
        response: { 200: errorLogSchema.describe('The first errors and how many there are in all') },
      },
    },
    async (request) => {
      await app.imports.showVisibleTo(currentUser(request), request.params.id);
      return app.imports.errorLog(request.params.id);
    },
  );

  server.get(
    '/api/imports/:id/errors.csv',
    {
      onRequest: canView,
      schema: {
        operationId: 'getImportErrorsCsv',
        tags: [apiTags.imports],
        summary: 'The full error file as CSV, streamed',
        params: importIdParamsSchema,
        querystring: errorCsvQuerySchema,
        produces: ['text/csv'],
        response: {
          200: csvFile('The error file: one line per error with the original row, as an attachment'),
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const job = await app.imports.showVisibleTo(currentUser(request), id);
      const csv = new PassThrough();
      const writing = app.imports.writeErrorCsv(id, csv, { file: request.query.file });
      // A wrong ?file= fails before the first line: answer with the error, not a broken download.
      await Promise.race([once(csv, 'readable'), writing]);
      writing.catch((error: unknown) => csv.destroy(error as Error));
      const name = `${job.description}${request.query.file ? ` ${request.query.file}` : ''} errors.csv`;
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`)
        .send(csv);
    },
  );
};
