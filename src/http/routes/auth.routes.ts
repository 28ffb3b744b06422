import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DovetailError } from '../../errors/dovetail-error.js';
import { authenticate, currentUser, sessionCookieName } from '../authenticate.js';
import { apiTags } from '../openapi/api-document.js';
import { apiErrorSchema } from '../schemas/api-error.schema.js';
import { currentUserSchema, loginBodySchema } from '../schemas/auth.schema.js';
import type { ServerContext } from '../server-context.js';

/** Signing in and out with a session cookie, and who am I. */
export const authRoutes: FastifyPluginAsyncZod<ServerContext> = async (server, { app }) => {
  server.post(
    '/api/session',
    {
      schema: {
        operationId: 'signIn',
        tags: [apiTags.session],
        summary: 'Sign in: sets the session cookie',
        body: loginBodySchema,
        response: {
          200: currentUserSchema.describe('Signed in: the user, and the session cookie in Set-Cookie'),
          401: apiErrorSchema.describe('Wrong user name or password (NOT_AUTHENTICATED)'),
        },
      },
    },
    async (request, reply) => {
      const user = await app.auth.verifyLogin(request.body.userName, request.body.password);
      if (!user) throw new DovetailError('NOT_AUTHENTICATED', 'Wrong user name or password');
      const session = await app.auth.createSession(user.id);
      reply.setCookie(sessionCookieName, session.sessionId, {
        httpOnly: true,
        sameSite: 'lax',
        secure: request.protocol === 'https',
        path: '/',
        expires: session.expiresAt,
      });
      return user;
    },
  );

  const signOut = {
    operationId: 'signOut',
    tags: [apiTags.session],
    summary: 'Sign out',
    response: { 204: z.null().describe('Signed out: the session is ended and its cookie cleared') },
  };
  server.delete('/api/session', { schema: signOut }, async (request, reply) => {
    const sessionId = request.cookies[sessionCookieName];
    if (sessionId) await app.auth.deleteSession(sessionId);
    reply.clearCookie(sessionCookieName, { path: '/' });
    return reply.status(204).send(null);
  });

  server.get(
    '/api/me',
    {
      onRequest: authenticate(app.auth),
      schema: {
        operationId: 'getCurrentUser',
        tags: [apiTags.session],
        summary: 'The signed-in user',
        response: { 200: currentUserSchema.describe('The signed-in user and their privileges') },
      },
    },
    async (request) => currentUser(request),
  );
};
