import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fastifyPlugin from 'fastify-plugin';

/** web/dist of this checkout: the build of web/ (`npm run build`), next to dist/ and src/. */
export const defaultWebRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

export interface WebAppOptions {
  /** The built web UI; defaults to web/dist. */
  root?: string;
}

/**
 * The web UI on the API's port: the files of web/dist at `/`, and index.html for any other GET
 * that is not under /api (the UI routes in the browser). Unknown /api routes stay JSON 404s.
 */
export const webApp = fastifyPlugin<WebAppOptions>(async (server, options) => {
  const root = options.root ?? defaultWebRoot;
  const built = fs.existsSync(path.join(root, 'index.html'));
  if (built) {
    await server.register(fastifyStatic, {
      root,
      wildcard: false,
      index: false,
      cacheControl: false,
      // The build writes a .br and a .gz beside each text file (web/precompress.ts): a browser that
      // accepts them gets the compressed copy (Content-Encoding; Vary below).
      preCompressed: true,
      // Vite names assets by their content hash: they never change; index.html always may.
      setHeaders: (response, filePath) => {
        // A cache between us and the browser must keep the compressed and the plain copy apart.
        response.setHeader('vary', 'Accept-Encoding');
        response.setHeader(
          'cache-control',
          filePath.includes(`${path.sep}assets${path.sep}`)
            ? 'public, max-age=31536000, immutable'
            : 'no-cache',
        );
      },
    });
  }

  server.setNotFoundHandler(async (request: FastifyRequest, reply: FastifyReply) => {
    const isPage =
      (request.method === 'GET' || request.method === 'HEAD') &&
      !request.url.startsWith('/api/') &&
      request.url !== '/api';
    if (!isPage) {
      return reply.status(404).send({
        error: {
          code: 'ROUTE_NOT_FOUND',
          message: `There is no route ${request.method} ${request.url.split('?')[0]}`,
        },
      });
    }
    if (!built) {
      return reply
        .status(404)
        .type('text/plain; charset=utf-8')
        .send('The web UI is not built: run `npm run build` (the API is under /api).\n');
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
});
