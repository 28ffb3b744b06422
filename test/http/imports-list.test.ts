import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportJob } from '../../src/jobs/import-job.js';
import { describeEachDatabase } from '../support/databases.js';
import { adminPassword, startTestServer, type TestServer } from '../support/test-server.js';

/** The Import Processes list over HTTP: filters, sorting and pages, with the total in a header. */
describeEachDatabase(({ dialect }) => {
  describe('GET /api/imports', () => {
    let server: TestServer;
    let cookie: string;
    let advisorCookie: string;

    /** Jobs recorded straight in the database (no package is run), one a day from 2026-11-01. */
    beforeEach(async () => {
      server = await startTestServer(dialect);
      cookie = await server.login('admin', adminPassword);
      advisorCookie = await server.addUser('advisor', ['ImportProcessView']);
      const users = server.app.repositories.users;
      const admin = (await users.findByUserName('admin'))!;
      const advisor = (await users.findByUserName('advisor'))!;
      const jobs = server.app.repositories.importJobs;
      const rows: Array<[string, 'Failed' | 'Waiting for User' | 'Running', number]> = [
        ['Delta leads', 'Failed', admin.id],
        ['alpha leads', 'Waiting for User', advisor.id],
        ['Charlie vendors', 'Running', admin.id],
        ['Bravo leads', 'Waiting for User', admin.id],
        ['Echo vendors', 'Failed', advisor.id],
      ];
      for (const [day, [description, status, onBehalfOf]] of rows.entries()) {
        const id = await jobs.create(
          {
            description,
            packageName: 'p.zip',
            packagePath: '/nowhere/p.zip',
            packageBytes: 1,
            onBehalfOfUserId: onBehalfOf,
            submittedByUserId: admin.id,
          },
          new Date(Date.UTC(2026, 10, day + 1, 12)),
        );
        if (status !== 'Running') await jobs.endStage(id, { status, stage: 'Review Staged Data' });
      }
    });
    afterEach(async () => {
      await server.close();
    });

    async function list(query: string, as = cookie) {
      const response = await server.request(`/api/imports${query}`, { headers: { cookie: as } });
      expect(response.status, await response.clone().text()).toBe(200);
      const items = (await response.json()) as ImportJob[];
      return {
        descriptions: items.map((job) => job.description),
        total: Number(response.headers.get('x-total-count')),
      };
    }

    it('lists newest first with the total in X-Total-Count', async () => {
      expect(await list('')).toEqual({
        descriptions: ['Echo vendors', 'Bravo leads', 'Charlie vendors', 'alpha leads', 'Delta leads'],
        total: 5,
      });
    });

    it('filters by description, stage, status and a start date range', async () => {
      expect(await list('?description=LEADS')).toEqual({
        descriptions: ['Bravo leads', 'alpha leads', 'Delta leads'],
        total: 3,
      });
      expect((await list('?status=Failed')).descriptions).toEqual(['Echo vendors', 'Delta leads']);
      expect((await list('?stage=Load%20Package')).descriptions).toEqual(['Charlie vendors']);
      expect(await list('?since=2026-11-02&until=2026-11-04')).toEqual({
        descriptions: ['Charlie vendors', 'alpha leads'],
        total: 2,
      });
      expect((await list('?until=2026-11-02T12:00:00Z')).descriptions).toEqual(['Delta leads']);
    });

    it('sorts by created, description or status, either way', async () => {
      expect((await list('?sort=created&order=asc')).descriptions).toEqual([
        'Delta leads',
        'alpha leads',
        'Charlie vendors',
        'Bravo leads',
        'Echo vendors',
      ]);
      expect((await list('?sort=description')).descriptions).toEqual([
        'Bravo leads',
        'Charlie vendors',
        'Delta leads',
        'Echo vendors',
        'alpha leads',
      ]);
      expect((await list('?sort=status&order=desc')).descriptions).toEqual([
        'Bravo leads',
        'alpha leads',
        'Charlie vendors',
        'Echo vendors',
        'Delta leads',
      ]);
    });

    it('pages through the list without overlap, the total counting every page', async () => {
      const pages = [
        await list('?sort=description&pageSize=2&page=1'),
        await list('?sort=description&pageSize=2&page=2'),
        await list('?sort=description&pageSize=2&page=3'),
        await list('?sort=description&pageSize=2&page=4'),
      ];
      expect(pages.map((page) => page.descriptions)).toEqual([
        ['Bravo leads', 'Charlie vendors'],
        ['Delta leads', 'Echo vendors'],
        ['alpha leads'],
        [],
      ]);
      expect(pages.map((page) => page.total)).toEqual([5, 5, 5, 5]);
      expect(await list('?description=vendors&pageSize=1')).toEqual({
        descriptions: ['Echo vendors'],
        total: 2,
      });
    });

    it('counts only what a non-administrator may see', async () => {
      expect(await list('?pageSize=1', advisorCookie)).toEqual({ descriptions: ['Echo vendors'], total: 2 });
    });

    it('refuses a wrong sort key, order or page', async () => {
      for (const query of ['?sort=size', '?order=up', '?page=0', '?pageSize=1001', '?until=tomorrow']) {
        const response = await server.request(`/api/imports${query}`, { headers: { cookie } });
        expect(response.status, query).toBe(400);
      }
    });
  });
});
