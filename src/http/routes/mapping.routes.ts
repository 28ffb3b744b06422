import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DovetailError } from '../../errors/dovetail-error.js';
import { mappingPlanSchema } from '../../mapping-tool/mapping-plan.js';
import { MappingWorkspaces } from '../../mapping-tool/mapping-workspaces.js';
import { authenticate, currentUser } from '../authenticate.js';
import { parseFields } from '../multipart-fields.js';
import { apiTags } from '../openapi/api-document.js';
import { binaryFile } from '../openapi/file-responses.js';
import { receiveFiles } from '../receive-files.js';
import { apiErrorSchema } from '../schemas/api-error.schema.js';
import {
  buildRequestSchema,
  checkReportSchema,
  checkRequestSchema,
  mappingUploadFieldsSchema,
  mappingUploadParamsSchema,
  mappingUploadSchema,
} from '../schemas/mapping.schema.js';
import type { ServerContext } from '../server-context.js';

/** The Data Mapping Tool: upload CSVs for suggestions, check a mapping, build the package. */
export const mappingRoutes: FastifyPluginAsyncZod<ServerContext> = async (server, { app }) => {
  const canManage = authenticate(app.auth, 'ImportProcessManage');
  const tags = [apiTags.mapping];
  const workspaces = new MappingWorkspaces(
    path.join(app.config.dataDir, 'mapping-uploads'),
    app.config.archive,
  );

  server.post(
    '/api/mapping/uploads',
    {
      onRequest: canManage,
      schema: {
        summary:
          'Upload CSVs (multipart: files "files", optional file "template", fields "onBehalfOf", "name"): profiles and suggested mapping',
        operationId: 'createMappingUpload',
        tags,
        consumes: ['multipart/form-data'],
        response: {
          201: mappingUploadSchema.describe(
            'Created: the upload with a profile and a suggested mapping per CSV',
          ),
          413: apiErrorSchema,
        },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const workspace = await workspaces.open();
      try {
        const upload = await receiveFiles(request, {
          folder: workspace.folder,
          fileField: 'files',
          textFields: ['template'],
          maxBytes: app.config.archive.maxPackageBytes,
          maxFiles: 100,
        });
        const fields = parseFields(mappingUploadFieldsSchema, upload.fields);
        const definitionFor = fields.onBehalfOf || user.userName;
        const { definition } = await app.definitions.forUserAskedBy(user, definitionFor);
        const template =
          upload.texts.template === undefined ? undefined : parseTemplate(upload.texts.template);
        const created = await workspaces.suggest(workspace.id, user, {
          definitionFor,
          definition,
          ...(template ? { template } : {}),
          ...(fields.name ? { name: fields.name } : {}),
        });
        return reply.status(201).send(created);
      } catch (error) {
        await workspaces.abandon(workspace.id);
        throw error;
      }
    },
  );

  server.post(
    '/api/mapping/uploads/:id/check',
    {
      onRequest: canManage,
      schema: {
        summary:
          'Check a mapping plan over the uploaded CSVs with the import’s own rules: every problem at once',
        operationId: 'checkMappingPlan',
        tags,
        params: mappingUploadParamsSchema,
        body: checkRequestSchema,
        response: { 200: checkReportSchema.describe('Every problem the plan has, and what it would import') },
      },
    },
    async (request) =>
      workspaces.check(request.params.id, currentUser(request), request.body.plan, request.body.maxRows),
  );

  server.post(
    '/api/mapping/uploads/:id/package',
    {
      onRequest: canManage,
      schema: {
        summary:
          'Build the package ZIP of a mapping plan (a download; X-Dovetail-Problems counts what a check found)',
        operationId: 'buildMappingPackage',
        tags,
        params: mappingUploadParamsSchema,
        body: buildRequestSchema,
        produces: ['application/zip'],
        response: { 200: binaryFile('The package ZIP, as an attachment') },
      },
    },
    async (request, reply) => {
      const work = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'dovetail-build-'));
      const removeWork = () => fs.promises.rm(work, { recursive: true, force: true });
      const zipPath = path.join(work, 'package.zip');
      let check: Awaited<ReturnType<typeof workspaces.build>>;
      let stream: fs.ReadStream;
      try {
        check = await workspaces.build(request.params.id, currentUser(request), request.body.plan, zipPath);
        stream = fs.createReadStream(zipPath);
      } catch (error) {
        // An unknown or foreign upload, or a plan that cannot be built: nothing to send.
        await removeWork();
        throw error;
      }
      // Sent, failed or aborted by the client: the stream closes and the folder goes.
      stream.on('close', () => void removeWork());
      const name = `${request.body.plan.name}.zip`;
      return reply
        .type('application/zip')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`)
        .header('x-dovetail-problems', String(check.problems.length))
        .send(stream);
    },
  );

  server.delete(
    '/api/mapping/uploads/:id',
    {
      onRequest: canManage,
      schema: {
        operationId: 'deleteMappingUpload',
        tags,
        summary: 'Remove an upload and its CSVs',
        params: mappingUploadParamsSchema,
        response: { 204: z.null().describe('Removed') },
      },
    },
    async (request, reply) => {
      await workspaces.discard(request.params.id, currentUser(request));
      return reply.status(204).send(null);
    },
  );
};

function parseTemplate(text: string) {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new DovetailError(
      'INVALID_ARGUMENT',
      `The template is not valid JSON: ${(error as Error).message}`,
    );
  }
  const parsed = mappingPlanSchema.safeParse(json);
  if (!parsed.success) {
    throw new DovetailError(
      'INVALID_ARGUMENT',
      `The template is not a mapping template: ${parsed.error.issues[0]?.message}`,
    );
  }
  return parsed.data;
}
