import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.js';
import { adminPassword, startTestServer, type TestServer } from '../support/test-server.js';

describeEachDatabase(({ dialect }) => {
  describe('HTTP authentication', () => {
    let server: TestServer;
    beforeEach(async () => {
      server = await startTestServer(dialect);
    });
    afterEach(async () => {
      await server.close();
    });

    it('signs in with a password, sets an HttpOnly SameSite=Lax cookie, and /api/me answers who it is', async () => {
      const response = await server.request('/api/session', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userName: 'admin', password: adminPassword }),
      });
      expect(response.status).toBe(200);
      const [setCookie] = response.headers.getSetCookie();
      expect(setCookie).toMatch(/^dovetail_session=/);
      expect(setCookie).toMatch(/HttpOnly/i);
      expect(setCookie).toMatch(/SameSite=Lax/i);

      const cookie = setCookie!.split(';')[0]!;
      const me = await server.request('/api/me', { headers: { cookie } });
      expect(me.status).toBe(200);
      expect(await me.json()).toMatchObject({
        userName: 'admin',
        isAdmin: true,
        privileges: ['ImportProcessView', 'ImportProcessManage'],
      });
    });

    it('refuses a wrong password with 401', async () => {
      const response = await server.request('/api/session', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userName: 'admin', password: 'not the password' }),
      });
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ error: { code: 'NOT_AUTHENTICATED' } });
    });

    it('answers 401 without a session or token', async () => {
      expect((await server.request('/api/me')).status).toBe(401);
      expect((await server.request('/api/imports')).status).toBe(401);
    });

    it('ends the session on sign-out', async () => {
      const cookie = await server.login('admin', adminPassword);
      const out = await server.request('/api/session', { method: 'DELETE', headers: { cookie } });
      expect(out.status).toBe(204);
      expect((await server.request('/api/me', { headers: { cookie } })).status).toBe(401);
    });

    it('accepts an API token as a Bearer token', async () => {
      const token = await server.app.auth.createApiToken('admin', 'script');
      const me = await server.request('/api/me', { headers: { authorization: `Bearer ${token}` } });
      expect(me.status).toBe(200);
      expect(await me.json()).toMatchObject({ userName: 'admin' });
      const wrong = await server.request('/api/me', { headers: { authorization: 'Bearer dvt_wrong' } });
      expect(wrong.status).toBe(401);
    });

    it('answers 403 to a user without ImportProcessView on the Import Processes list', async () => {
      const cookie = await server.addUser('visitor', []);
      const response = await server.request('/api/imports', { headers: { cookie } });
      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({ error: { code: 'NOT_ALLOWED' } });
    });

    it('lists its routes in /api/openapi.json', async () => {
      const response = await server.request('/api/openapi.json');
      expect(response.status).toBe(200);
      const document = (await response.json()) as { openapi: string; paths: Record<string, unknown> };
      expect(document.openapi).toMatch(/^3\./);
      expect(Object.keys(document.paths)).toEqual(
        expect.arrayContaining([
          '/api/session',
          '/api/me',
          '/api/imports',
          '/api/imports/{id}',
          '/api/imports/{id}/errors',
          '/api/imports/{id}/errors.csv',
          '/api/notifications',
          '/api/notifications/read',
        ]),
      );
    });

    it('serves interactive API docs at /api/docs that read the same OpenAPI document', async () => {
      const page = await server.request('/api/docs/static/index.html');
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('swagger-ui');
      const initializer = await (await server.request('/api/docs/static/swagger-initializer.js')).text();
      expect(initializer).toContain('./json');
      const document = (await (await server.request('/api/docs/json')).json()) as { paths: object };
      expect(Object.keys(document.paths)).toContain('/api/imports');
    });
  });
});
