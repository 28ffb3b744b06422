import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authenticate, currentUser } from '../authenticate.js';
import { markReadBodySchema, notificationSchema } from '../schemas/notification.schema.js';
import type { ServerContext } from '../server-context.js';

/** The signed-in user's notification alarms. */
export const notificationsRoutes: FastifyPluginAsyncZod<ServerContext> = async (server, { app }) => {
  server.get(
    '/api/notifications',
    {
      preHandler: authenticate(app.auth),
      schema: {
        summary: 'My notifications, newest first',
        querystring: z.object({ unread: z.stringbool().optional() }),
        response: { 200: z.array(notificationSchema) },
      },
    },
    async (request) =>
      app.notifications.listFor(currentUser(request).id, { unreadOnly: request.query.unread }),
  );

  server.post(
    '/api/notifications/read',
    {
      preHandler: authenticate(app.auth),
      schema: { summary: 'Mark notifications read', body: markReadBodySchema },
    },
    async (request, reply) => {
      await app.notifications.markRead(currentUser(request).id, request.body.ids);
      return reply.status(204).send();
    },
  );
};
