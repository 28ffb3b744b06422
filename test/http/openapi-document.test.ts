import fastifySwagger from '@fastify/swagger';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { apiDocumentOptions } from '../../src/http/openapi/api-document.js';
import { requireDocumentation } from '../../src/http/openapi/describe-route.js';
import { declareAccess } from '../../src/http/openapi/route-access.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

/** A bare Fastify with the document's frame and one route declared as the test says. */
async function documentOf(declare: (server: ReturnType<typeof Fastify>) => void) {
  const server = Fastify();
  server.setValidatorCompiler(validatorCompiler);
  server.setSerializerCompiler(serializerCompiler);
  server.addHook('onRoute', requireDocumentation);
  await server.register(fastifySwagger, apiDocumentOptions());
  declare(server);
  await server.ready();
  const document = server.swagger() as unknown as {
    paths: Record<string, Record<string, Record<string, unknown>>>;
  };
  await server.close();
  return document;
}

describe('The OpenAPI document', () => {
  let server: TestServer;
  let source: string;
  beforeAll(async () => {
    server = await startTestServer('sqlite');
    source = await (await server.request('/api/openapi.json')).text();
  });
  afterAll(async () => {
    await server.close();
  });

  it("lints clean with Redocly's recommended rules: no error, no warning", async () => {
    // No rule is switched off or lowered: every finding of the recommended set fails this test.
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({ source, absoluteRef: '/api/openapi.json', config });
    expect(
      problems.map(
        (problem) =>
          `${problem.severity} ${problem.ruleId}: ${problem.message} at ${problem.location[0]?.pointer}`,
      ),
    ).toEqual([]);
  });

  it('names every operation uniquely, describes every response and says where the API answers', () => {
    const document = JSON.parse(source);
    expect(document.servers).toEqual([expect.objectContaining({ url: '/' })]);
    const operations = Object.values(
      document.paths as Record<string, Record<string, Record<string, unknown>>>,
    ).flatMap((item) => Object.values(item));
    expect(operations.length).toBeGreaterThanOrEqual(46);
    const ids = operations.map((operation) => operation.operationId);
    expect(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z]+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    const descriptions = operations.flatMap((operation) =>
      Object.values(operation.responses as Record<string, { description: string }>).map((r) => r.description),
    );
    expect(descriptions).not.toContain('Default Response');
  });

  it('gives the downloads and the event stream their media types, and 204 no content', () => {
    const { paths } = JSON.parse(source);
    const mediaOf = (path: string, method: string, status: string) =>
      Object.keys(paths[path][method].responses[status].content ?? {});
    expect(mediaOf('/api/imports/{id}/errors.csv', 'get', '200')).toEqual(['text/csv']);
    expect(mediaOf('/api/imports/{id}/report.csv', 'get', '200')).toEqual(['text/csv']);
    expect(mediaOf('/api/notifications/stream', 'get', '200')).toEqual(['text/event-stream']);
    expect(mediaOf('/api/mapping/uploads/{id}/package', 'post', '200')).toEqual(['application/zip']);
    expect(mediaOf('/api/imports/{id}/errors.csv', 'get', '404')).toEqual(['application/json']);
    for (const [path, method] of [
      ['/api/session', 'delete'],
      ['/api/notifications/read', 'post'],
      ['/api/mapping/uploads/{id}', 'delete'],
    ] as const) {
      expect(Object.keys(paths[path][method].responses)).toContain('204');
      expect(Object.keys(paths[path][method].responses)).not.toContain('200');
      expect(mediaOf(path, method, '204')).toEqual([]);
    }
  });
});

describe('A route in the OpenAPI document', () => {
  const guard = (privilege?: 'ImportProcessManage') =>
    declareAccess(async () => {}, privilege ? { privilege } : {});

  it('gets 401, 403, 404, 400, 413 and 415 from its own declarations, without listing them', async () => {
    const document = await documentOf((server) =>
      server.post(
        '/api/widgets/:id',
        {
          preHandler: guard('ImportProcessManage'),
          schema: {
            operationId: 'renameWidget',
            summary: 'Rename a widget',
            params: z.object({ id: z.coerce.number() }),
            body: z.object({ name: z.string() }),
            response: { 200: z.object({ name: z.string() }).describe('The widget') },
          },
        },
        async () => ({ name: 'x' }),
      ),
    );
    const operation = document.paths['/api/widgets/{id}']?.post;
    expect(Object.keys(operation?.responses as object).sort()).toEqual(
      ['200', '400', '401', '403', '404', '413', '415'].sort(),
    );
    expect(JSON.stringify(operation?.responses)).toContain('ImportProcessManage');
    expect(operation?.security).toBeUndefined();
  });

  it('is open to anyone, and says so, when no authentication hook guards it', async () => {
    const document = await documentOf((server) =>
      server.get(
        '/api/health',
        {
          schema: {
            operationId: 'getHealth',
            summary: 'Health',
            response: { 200: z.object({ ok: z.boolean() }).describe('Healthy') },
          },
        },
        async () => ({ ok: true }),
      ),
    );
    expect(document.paths['/api/health']?.get).toMatchObject({ security: [] });
    expect(Object.keys(document.paths['/api/health']?.get?.responses as object)).toEqual(['200']);
  });

  it('is refused at registration without an operationId or a described success response', async () => {
    const schema = { summary: 'x', response: { 200: z.object({}).describe('ok') } };
    await expect(
      documentOf((server) => server.get('/api/nameless', { schema }, async () => ({}))),
    ).rejects.toThrow(/operationId/);
    await expect(
      documentOf((server) =>
        server.get(
          '/api/undescribed',
          { schema: { operationId: 'getUndescribed', response: { 200: z.object({}) } } },
          async () => ({}),
        ),
      ),
    ).rejects.toThrow(/describe its 200 response/);
  });
});
