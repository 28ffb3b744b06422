import { afterEach, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.js';
import { adminPassword, startTestServer, type TestServer } from '../support/test-server.js';

describeEachDatabase(({ dialect }) => {
  describe('HTTP users', () => {
    let server: TestServer;
    afterEach(async () => {
      await server.close();
    });

    it('lists every user, by user name, to an administrator picking an On Behalf Of user', async () => {
      server = await startTestServer(dialect);
      const cookie = await server.login('admin', adminPassword);
      await server.addUser('zoe', []);
      await server.addUser('advisor', ['ImportProcessManage']);
      const response = await server.request('/api/users', { headers: { cookie } });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual([
        {
          id: expect.any(Number),
          userName: 'admin',
          firstName: 'System',
          lastName: 'Administrator',
          isAdmin: true,
        },
        { id: expect.any(Number), userName: 'advisor', firstName: null, lastName: null, isAdmin: false },
        { id: expect.any(Number), userName: 'zoe', firstName: null, lastName: null, isAdmin: false },
      ]);
    });

    it('lists only themselves to a user who is not an administrator and in no team, and nothing to a stranger', async () => {
      server = await startTestServer(dialect);
      const advisor = await server.addUser('advisor', ['ImportProcessManage']);
      await server.addUser('other', []);
      const own = await server.request('/api/users', { headers: { cookie: advisor } });
      expect(await own.json()).toEqual([
        { id: expect.any(Number), userName: 'advisor', firstName: null, lastName: null, isAdmin: false },
      ]);
      expect((await server.request('/api/users')).status).toBe(401);
    });
  });
});
