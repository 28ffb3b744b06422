import { afterEach, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.js';
import { adminPassword, startTestServer, type TestServer } from '../support/test-server.js';

describeEachDatabase(({ dialect }) => {
  describe('HTTP target definition', () => {
    let server: TestServer;
    afterEach(async () => {
      await server.close();
    });

    it('serves a user their own definition as the attachment the CLI writes', async () => {
      server = await startTestServer(dialect);
      const cookie = await server.login('admin', adminPassword);
      const response = await server.request('/api/users/admin/definition', { headers: { cookie } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(response.headers.get('content-disposition')).toBe(
        'attachment; filename="System Administrator Import Definition.json"',
      );
      const served = (await response.json()) as { generatedAt: string };
      const expected = await server.app.definitions.forUser('admin');
      expect(expected.fileName).toBe('System Administrator Import Definition.json');
      expect({ ...served, generatedAt: undefined }).toEqual({
        ...expected.definition,
        generatedAt: undefined,
      });
      expect(served).toMatchObject({ generatedFor: { userName: 'admin', firstName: 'System' } });

      const advisor = await server.addUser('advisor', []);
      const own = await server.request('/api/users/advisor/definition', { headers: { cookie: advisor } });
      expect(own.status).toBe(200);
      expect(own.headers.get('content-disposition')).toBe(
        'attachment; filename="advisor Import Definition.json"',
      );
      expect(await own.json()).toMatchObject({ generatedFor: { userName: 'advisor' } });
      const ofAdvisor = await server.request('/api/users/advisor/definition', { headers: { cookie } });
      expect(ofAdvisor.status).toBe(200);
    });

    it("refuses another user's definition to a non-administrator (403), and an unknown user (404)", async () => {
      server = await startTestServer(dialect);
      const advisor = await server.addUser('advisor', ['ImportProcessView', 'ImportProcessManage']);
      const other = await server.request('/api/users/admin/definition', { headers: { cookie: advisor } });
      expect(other.status).toBe(403);
      expect(await other.json()).toMatchObject({ error: { code: 'NOT_ALLOWED' } });

      const cookie = await server.login('admin', adminPassword);
      const unknown = await server.request('/api/users/nobody/definition', { headers: { cookie } });
      expect(unknown.status).toBe(404);
      expect(await unknown.json()).toMatchObject({ error: { code: 'USER_NOT_FOUND' } });

      const anonymous = await server.request('/api/users/admin/definition');
      expect(anonymous.status).toBe(401);
    });
  });
});
