import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ImportJob } from '../../src/jobs/import-job.js';
import { repoRoot } from '../support/cli.js';
import { describeEachDatabase } from '../support/databases.js';
import { adminPassword, startTestServer, type TestServer } from '../support/test-server.js';

const goodPackage = path.join(repoRoot, 'examples/northwind-good.zip');

describeEachDatabase(({ dialect }) => {
  describe('HTTP Import Processes list: sorting and pages', () => {
    let server: TestServer;
    afterEach(async () => {
      await server.close();
    });

    /** Records jobs (they are not run: the list only needs them to exist), in this order. */
    async function recordJobs(descriptions: string[], submittedBy = 'admin'): Promise<void> {
      for (const description of descriptions) {
        await server.app.imports.startImport({ packagePath: goodPackage, description, submittedBy });
      }
    }

    async function list(
      cookie: string,
      query: string,
    ): Promise<{ descriptions: string[]; total: string | null }> {
      const response = await server.request(`/api/imports?${query}`, { headers: { cookie } });
      expect(response.status).toBe(200);
      const jobs = (await response.json()) as ImportJob[];
      return {
        descriptions: jobs.map((job) => job.description),
        total: response.headers.get('x-total-count'),
      };
    }

    it('lists newest first by default and sorts by description either way', async () => {
      server = await startTestServer(dialect);
      const cookie = await server.login('admin', adminPassword);
      await recordJobs(['Bravo', 'Alpha', 'Charlie']);
      expect(await list(cookie, '')).toEqual({ descriptions: ['Charlie', 'Alpha', 'Bravo'], total: '3' });
      expect((await list(cookie, 'sort=description&order=asc')).descriptions).toEqual([
        'Alpha',
        'Bravo',
        'Charlie',
      ]);
      expect((await list(cookie, 'sort=description')).descriptions).toEqual(['Charlie', 'Bravo', 'Alpha']);
      expect((await list(cookie, 'sort=createdAt&order=asc')).descriptions).toEqual([
        'Bravo',
        'Alpha',
        'Charlie',
      ]);
    });

    it('pages through the list, X-Total-Count counting every job the filters find', async () => {
      server = await startTestServer(dialect);
      const cookie = await server.login('admin', adminPassword);
      await recordJobs(['Job 1', 'Job 2', 'Job 3', 'Job 4', 'Job 5', 'Other']);
      const query = 'description=job&sort=description&order=asc&pageSize=2';
      expect(await list(cookie, `${query}&page=1`)).toEqual({ descriptions: ['Job 1', 'Job 2'], total: '5' });
      expect(await list(cookie, `${query}&page=3`)).toEqual({ descriptions: ['Job 5'], total: '5' });
      expect(await list(cookie, `${query}&page=4`)).toEqual({ descriptions: [], total: '5' });
      expect((await list(cookie, 'status=Completed')).total).toBe('0');
    });

    it("counts only a user's own import processes for a user who is not an administrator", async () => {
      server = await startTestServer(dialect);
      const advisor = await server.addUser('advisor', ['ImportProcessView', 'ImportProcessManage']);
      await recordJobs(['Admin job 1', 'Admin job 2']);
      await recordJobs(['Advisor job'], 'advisor');
      expect(await list(advisor, 'pageSize=1')).toEqual({ descriptions: ['Advisor job'], total: '1' });
    });

    it('refuses a page size over 1000 or a sort it does not know', async () => {
      server = await startTestServer(dialect);
      const cookie = await server.login('admin', adminPassword);
      for (const query of ['pageSize=1001', 'sort=password', 'page=0']) {
        const response = await server.request(`/api/imports?${query}`, { headers: { cookie } });
        expect(response.status, query).toBe(400);
      }
    });
  });
});
