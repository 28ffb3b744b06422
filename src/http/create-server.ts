/**
 * The HTTP API: a thin shell over the same services as the CLI. Routes validate with zod,
 * call a service and reply; the OpenAPI document is generated from the same schemas.
 */
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { handleError } from './error-handler.js';
import { apiDocumentOptions } from './openapi/api-document.js';
import { requireDocumentation } from './openapi/describe-route.js';
import { authRoutes } from './routes/auth.routes.js';
import { contactsRoutes } from './routes/contacts.routes.js';
import { importFlowRoutes } from './routes/import-flow.routes.js';
import { importsRoutes } from './routes/imports.routes.js';
import { mappingRoutes } from './routes/mapping.routes.js';
import { notificationsRoutes } from './routes/notifications.routes.js';
import { reviewRoutes } from './routes/review.routes.js';
import { teamsRoutes } from './routes/teams.routes.js';
import { usersRoutes } from './routes/users.routes.js';
import type { ServerContext } from './server-context.js';
import { webApp } from './web-app.js';

export interface CreateServerOptions {
  /**
   * Log every request (pino, to stdout); off by default and in tests. Unexpected errors (500)
   * are logged either way, to stderr, since their details never go to the client.
   */
  logger?: boolean;
}

export async function createServer(
  context: ServerContext,
  options: CreateServerOptions = {},
): Promise<FastifyInstance> {
  const server = Fastify({
    logger: options.logger ? true : { level: 'error', stream: process.stderr },
  });
  server.setValidatorCompiler(validatorCompiler);
  server.setSerializerCompiler(serializerCompiler);
  server.setErrorHandler(handleError);

  server.addHook('onRoute', requireDocumentation);
  await server.register(fastifySwagger, apiDocumentOptions());
  await server.register(fastifyCookie);
  await server.register(fastifyMultipart, {
    limits: { fileSize: context.app.config.archive.maxPackageBytes, files: 1, fields: 10 },
  });

  await server.register(authRoutes, context);
  await server.register(importsRoutes, context);
  await server.register(reviewRoutes, context);
  await server.register(importFlowRoutes, context);
  await server.register(notificationsRoutes, context);
  await server.register(usersRoutes, context);
  await server.register(contactsRoutes, context);
  await server.register(teamsRoutes, context);
  await server.register(mappingRoutes, context);
  server.get('/api/openapi.json', { schema: { hide: true } }, async () => server.swagger());
  // Interactive docs: try any route from the browser with the session cookie of the web UI.
  await server.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  await server.register(webApp);
  return server;
}
