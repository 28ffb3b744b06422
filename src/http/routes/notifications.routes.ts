import type { ServerResponse } from 'node:http';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authenticate, currentUser } from '../authenticate.js';
import { apiTags } from '../openapi/api-document.js';
import { textBody } from '../openapi/file-responses.js';
import { markReadBodySchema, notificationSchema } from '../schemas/notification.schema.js';
import type { ServerContext } from '../server-context.js';

const heartbeatMs = 15_000;

/** The signed-in user's notification alarms. */
export const notificationsRoutes: FastifyPluginAsyncZod<ServerContext> = async (server, { app }) => {
  /** Open streams, ended when the server closes so that close does not wait for them. */
  const streams = new Set<ServerResponse>();
  server.addHook('preClose', async () => {
    for (const stream of streams) stream.end();
  });

  server.get(
    '/api/notifications',
    {
      onRequest: authenticate(app.auth),
      schema: {
        operationId: 'listNotifications',
        tags: [apiTags.notifications],
        summary: 'My notifications, newest first',
        querystring: z.object({ unread: z.stringbool().optional() }),
        response: { 200: z.array(notificationSchema).describe('My notifications, newest first') },
      },
    },
    async (request) =>
      app.notifications.listFor(currentUser(request).id, { unreadOnly: request.query.unread }),
  );

  server.get(
    '/api/notifications/stream',
    {
      onRequest: authenticate(app.auth),
      schema: {
        summary:
          'Server-Sent Events: "notification" events with each notification stored for me from now on ' +
          '(the same fields as the list, without "read"); a comment heartbeat every 15 s',
        operationId: 'streamNotifications',
        tags: [apiTags.notifications],
        produces: ['text/event-stream'],
        response: {
          200: textBody('The event stream; it stays open until the client or the server closes it'),
        },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      // Only notifications stored by this process reach the stream: jobs run by another process
      // will arrive through PostgreSQL LISTEN/NOTIFY, which comes later.
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      // Nothing old is sent (GET /api/notifications lists those); a comment flushes the headers.
      raw.write(': connected\n\n');
      const unsubscribe = app.notifications.subscribe(user.id, (notification) => {
        raw.write(`event: notification\nid: ${notification.id}\ndata: ${JSON.stringify(notification)}\n\n`);
      });
      const heartbeat = setInterval(() => raw.write(': heartbeat\n\n'), heartbeatMs);
      heartbeat.unref();
      streams.add(raw);
      const stop = () => {
        clearInterval(heartbeat);
        unsubscribe();
        streams.delete(raw);
      };
      raw.once('close', stop);
      request.raw.once('close', stop);
    },
  );

  server.post(
    '/api/notifications/read',
    {
      onRequest: authenticate(app.auth),
      schema: {
        operationId: 'markNotificationsRead',
        tags: [apiTags.notifications],
        summary: 'Mark notifications read',
        body: markReadBodySchema,
        response: { 204: z.null().describe('Marked read (ids that are not mine are ignored)') },
      },
    },
    async (request, reply) => {
      await app.notifications.markRead(currentUser(request).id, request.body.ids);
      return reply.status(204).send(null);
    },
  );
};
