import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authenticate, currentUser } from '../authenticate.js';
import { apiTags } from '../openapi/api-document.js';
import { apiErrorSchema } from '../schemas/api-error.schema.js';
import { newTeamSchema, teamMemberParamsSchema, teamSchema } from '../schemas/team.schema.js';
import type { ServerContext } from '../server-context.js';

/** Teams: members see each other's contacts. Administrators change them; others see their own. */
export const teamsRoutes: FastifyPluginAsyncZod<ServerContext> = async (server, { app }) => {
  const signedIn = authenticate(app.auth);
  const tags = [apiTags.teams];
  const notAdministrator = apiErrorSchema.describe('Only administrators change teams (NOT_ALLOWED)');

  server.get(
    '/api/teams',
    {
      onRequest: signedIn,
      schema: {
        operationId: 'listTeams',
        tags,
        summary: 'Every team (administrators) or my teams',
        response: { 200: z.array(teamSchema).describe('The teams with their members') },
      },
    },
    async (request) => app.teams.list(currentUser(request)),
  );

  server.post(
    '/api/teams',
    {
      onRequest: signedIn,
      schema: {
        operationId: 'createTeam',
        tags,
        summary: 'Add a team (administrators)',
        body: newTeamSchema,
        response: {
          201: teamSchema.describe('Created: the team'),
          403: notAdministrator,
          409: apiErrorSchema.describe('A team of that name exists (TEAM_EXISTS)'),
        },
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
        operationId: 'addTeamMember',
        tags,
        summary: 'Add a member (administrators)',
        params: teamMemberParamsSchema,
        response: { 200: teamSchema.describe('The team with its members'), 403: notAdministrator },
      },
    },
    async (request) => app.teams.addMember(currentUser(request), request.params.id, request.params.userName),
  );

  server.delete(
    '/api/teams/:id/members/:userName',
    {
      onRequest: signedIn,
      schema: {
        operationId: 'removeTeamMember',
        tags,
        summary: 'Remove a member (administrators)',
        params: teamMemberParamsSchema,
        response: { 200: teamSchema.describe('The team with its members'), 403: notAdministrator },
      },
    },
    async (request) =>
      app.teams.removeMember(currentUser(request), request.params.id, request.params.userName),
  );
};
