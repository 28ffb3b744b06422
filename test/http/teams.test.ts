import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Team, UserListEntry } from '../../src/teams/team-service.js';
import { apiAs } from '../support/api-client.js';
import { describeEachDatabase } from '../support/databases.js';
import { adminPassword, startTestServer, type TestServer } from '../support/test-server.js';

describeEachDatabase(({ dialect }) => {
  describe('HTTP teams and users', () => {
    let server: TestServer;
    let admin: ReturnType<typeof apiAs>;
    beforeEach(async () => {
      server = await startTestServer(dialect);
      admin = apiAs(server, await server.login('admin', adminPassword));
    });
    afterEach(async () => {
      await server.close();
    });

    it('lets administrators add teams and members, and shows others only their own teams', async () => {
      const ann = apiAs(server, await server.addUser('ann', []));
      await server.addUser('bob', []);
      const created = await admin.post<Team>('/api/teams', { name: 'Advisors' });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ name: 'Advisors', members: [] });
      const id = created.body.id;
      expect((await admin.post('/api/teams', { name: 'Advisors' })).status).toBe(409);
      await admin.post<Team>('/api/teams', { name: 'Back office' });

      expect((await admin.post<Team>(`/api/teams/${id}/members/bob`)).body.members).toEqual(['bob']);
      expect((await admin.post<Team>(`/api/teams/${id}/members/ann`)).body.members).toEqual(['ann', 'bob']);
      expect((await admin.post<Team>(`/api/teams/${id}/members/ann`)).body.members).toEqual(['ann', 'bob']);
      expect((await admin.get<Team[]>('/api/teams')).body.map((team) => team.name)).toEqual([
        'Advisors',
        'Back office',
      ]);
      expect((await ann.get<Team[]>('/api/teams')).body).toMatchObject([
        { name: 'Advisors', members: ['ann', 'bob'] },
      ]);

      expect((await ann.post('/api/teams', { name: 'Mine' })).status).toBe(403);
      expect((await ann.post(`/api/teams/${id}/members/admin`)).status).toBe(403);
      expect((await ann.delete(`/api/teams/${id}/members/bob`)).status).toBe(403);
      expect((await admin.post('/api/teams/999/members/ann')).body).toMatchObject({
        error: { code: 'TEAM_NOT_FOUND' },
      });
      expect((await admin.post(`/api/teams/${id}/members/nobody`)).status).toBe(404);

      expect((await admin.delete<Team>(`/api/teams/${id}/members/bob`)).body.members).toEqual(['ann']);
    });

    it('lists every user for an administrator, and themselves and their team-mates for others', async () => {
      const ann = apiAs(server, await server.addUser('ann', []));
      await server.addUser('bob', []);
      await server.addUser('cat', []);
      const { body: team } = await admin.post<Team>('/api/teams', { name: 'Advisors' });
      await admin.post(`/api/teams/${team.id}/members/ann`);
      await admin.post(`/api/teams/${team.id}/members/cat`);

      const all = (await admin.get<UserListEntry[]>('/api/users')).body;
      expect(all.map((user) => user.userName)).toEqual(['admin', 'ann', 'bob', 'cat']);
      expect(all[0]).toEqual({
        id: expect.any(Number),
        userName: 'admin',
        firstName: 'System',
        lastName: 'Administrator',
        isAdmin: true,
      });
      expect((await ann.get<UserListEntry[]>('/api/users')).body.map((user) => user.userName)).toEqual([
        'ann',
        'cat',
      ]);
      const bob = apiAs(server, await server.login('bob', 'bob-password'));
      expect((await bob.get<UserListEntry[]>('/api/users')).body.map((user) => user.userName)).toEqual([
        'bob',
      ]);
    });
  });
});
