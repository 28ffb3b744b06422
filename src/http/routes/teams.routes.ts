import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authenticate, currentUser } from '../authenticate.js';
import { apiErrorSchema } from '../schemas/api-error.schema.js';
import { newTeamSchema, teamMemberParamsSchema, teamSchema } from '../schemas/team.schema.js';
import type { ServerContext } from '../server-context.js';

/** Teams: members see each other's contacts. Administrators change them; others see their own. */
export const teamsRoutes: FastifyPluginAsyncZod<ServerContext> = async (server, { app }) => {
  const signedIn = authenticate(app.auth);
  const changeResponses = { 200: teamSchema, 403: apiErrorSchema, 404: apiErrorSchema };

  server.get(
    '/api/teams',
    {
      onRequest: signedIn,
      schema: { summary: 'Every team (administrators) or my teams', response: { 200: z.array(teamSchema) } },
    },
    async (request) => app.teams.list(currentUser(request)),
  );

  server.post(
    '/api/teams',
    {
      onRequest: signedIn,
      schema: {
        summary: 'Add a team (administrators)',
        body: newTeamSchema,
        response: { 201: teamSchema, 403: apiErrorSchema, 409: apiErrorSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await app.teams.add(currentUser(request), request.body.name)),
  );

  server.post(
    '/api/teams/:id/members/:userName',
    {
      onRequest: signedIn,
      schema: {
        summary: 'Add a member (administrators)',
        params: teamMemberParamsSchema,
        response: changeResponses,
      },
    },
    async (request) => app.teams.addMember(currentUser(request), request.params.id, request.params.userName),
  );

  server.delete(
    '/api/teams/:id/members/:userName',
    {
      onRequest: signedIn,
      schema: {
        summary: 'Remove a member (administrators)',
        params: teamMemberParamsSchema,
        response: changeResponses,
      },
    },
    async (request) =>
      app.teams.removeMember(currentUser(request), request.params.id, request.params.userName),
  );
};
