import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { webApp } from '../../src/http/web-app.js';
import { tempDir } from '../support/package-builder.js';

describe('the web UI on the API port', () => {
  let server: FastifyInstance;
  afterEach(async () => {
    await server.close();
  });

  async function serve(root: string): Promise<FastifyInstance> {
    server = Fastify();
    server.get('/api/me', async () => ({ userName: 'admin' }));
    await server.register(webApp, { root });
    await server.ready();
    return server;
  }

  function builtUi(): string {
    const root = tempDir('dovetail-web-');
    fs.mkdirSync(path.join(root, 'assets'));
    fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Dovetail</title>');
    fs.writeFileSync(path.join(root, 'assets', 'index-abc123.js'), 'console.log(1);');
    return root;
  }

  it('serves index.html at / and at any page the UI routes itself (SPA fallback)', async () => {
    await serve(builtUi());
    for (const url of ['/', '/imports', '/contacts/12?tab=notes']) {
      const response = await server.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(response.body).toContain('<title>Dovetail</title>');
    }
    expect((await server.inject({ method: 'HEAD', url: '/imports' })).statusCode).toBe(200);
  });

  it('serves the hashed assets as immutable files', async () => {
    await serve(builtUi());
    const response = await server.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/javascript/);
    expect(response.headers['cache-control']).toContain('immutable');
  });

  it('keeps the API under /api: its routes answer, an unknown one is a JSON 404', async () => {
    await serve(builtUi());
    expect((await server.inject({ method: 'GET', url: '/api/me' })).json()).toEqual({ userName: 'admin' });
    const unknown = await server.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ error: { code: 'ROUTE_NOT_FOUND' } });
    const post = await server.inject({ method: 'POST', url: '/somewhere' });
    expect(post.statusCode).toBe(404);
  });

  it('says how to build the UI when web/dist is missing', async () => {
    await serve(tempDir('dovetail-no-web-'));
    const response = await server.inject({ method: 'GET', url: '/' });
    expect(response.statusCode).toBe(404);
    expect(response.body).toContain('npm run build');
  });
});
