import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { targetDefinitionSchema } from '../../format/package-format.schema.js';
import { authenticate, currentUser } from '../authenticate.js';
import { apiTags } from '../openapi/api-document.js';
import { jsonFile } from '../openapi/file-responses.js';
import { apiErrorSchema } from '../schemas/api-error.schema.js';
import { userListEntrySchema, userNameParamsSchema } from '../schemas/team.schema.js';
import type { ServerContext } from '../server-context.js';

/** The users one may see (pickers), and a user's target definition file as `dovetail definition` writes it. */
export const usersRoutes: FastifyPluginAsyncZod<ServerContext> = async (server, { app }) => {
  server.get(
    '/api/users',
    {
      onRequest: authenticate(app.auth),
      schema: {
        operationId: 'listUsers',
        tags: [apiTags.users],
        summary: 'Users: every one for an administrator, else me and the members of my teams',
        response: { 200: z.array(userListEntrySchema).describe('The users I may see') },
      },
    },
    async (request) => app.teams.usersVisibleTo(currentUser(request)),
  );

  server.get(
    '/api/users/:userName/definition',
    {
      onRequest: authenticate(app.auth),
      schema: {
        operationId: 'getUserDefinition',
        tags: [apiTags.users],
        summary: "A user's target definition file (your own, or anyone's as an administrator)",
        params: userNameParamsSchema,
        response: {
          200: jsonFile(targetDefinitionSchema, 'The target definition file, as an attachment'),
          403: apiErrorSchema.describe(
            "Another user's definition, asked by someone who is not an administrator",
          ),
        },
      },
    },
    async (request, reply) => {
      const { fileName, definition } = await app.definitions.forUserAskedBy(
        currentUser(request),
        request.params.userName,
      );
      return (
        reply
          .type('application/json; charset=utf-8')
          .header('content-disposition', contentDisposition(fileName))
          // A Buffer is sent as it is: the same pretty-printed file the CLI writes.
          .send(Buffer.from(`${JSON.stringify(definition, null, 2)}\n`))
      );
    },
  );
};

/** `attachment; filename="…"`, plus RFC 5987's filename* when the name is not plain ASCII. */
function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const plain = `attachment; filename="${ascii}"`;
  return ascii === fileName ? plain : `${plain}; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
