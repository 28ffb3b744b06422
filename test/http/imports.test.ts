import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ImportJob } from '../../src/jobs/import-job.js';
import type { ErrorLog } from '../../src/jobs/import-service.js';
import type { Notification } from '../../src/jobs/notification-service.js';
import { repoRoot } from '../support/cli.js';
import { describeEachDatabase } from '../support/databases.js';
import { upload, waitUntilFinished } from '../support/http-upload.js';
import { adminPassword, startTestServer, type TestServer } from '../support/test-server.js';

const goodPackage = path.join(repoRoot, 'examples/northwind-good.zip');
const errorPackage = path.join(repoRoot, 'examples/northwind-errors.zip');
const expectedErrorCount = (
  JSON.parse(
    fs.readFileSync(path.join(repoRoot, 'examples/northwind-errors.expected.json'), 'utf8'),
  ) as unknown[]
).length;

describeEachDatabase(({ dialect }) => {
  describe('HTTP imports', () => {
    let server: TestServer;
    afterEach(async () => {
      await server.close();
    });

    it('imports an uploaded package in the background and leaves it waiting for review with its counts', async () => {
      server = await startTestServer(dialect);
      const cookie = await server.login('admin', adminPassword);
      const response = await upload(server, cookie, goodPackage, { description: 'Northwind over HTTP' });
      expect(response.status).toBe(202);
      const started = (await response.json()) as ImportJob;
      expect(started).toMatchObject({
        description: 'Northwind over HTTP',
        packageName: 'northwind-good.zip',
      });

      const job = await waitUntilFinished(server, cookie, started.id);
      expect(job.status).toBe('Waiting for User');
      expect(job.counts).toMatchObject({ rowsRejected: 0, contactsStaged: 340, errorCount: 0 });
      expect(job.counts.rowsStaged).toBe(job.counts.rowsRead);
      expect(job.counts.rowsRead).toBeGreaterThan(340);

      const listed = (await (
        await server.request('/api/imports?status=Waiting%20for%20User', { headers: { cookie } })
      ).json()) as ImportJob[];
      expect(listed.map((j) => j.id)).toEqual([started.id]);
      const notifications = (await (
        await server.request('/api/notifications', { headers: { cookie } })
      ).json()) as Notification[];
      expect(notifications).toMatchObject([{ jobId: started.id, kind: 'success', read: false }]);
      const read = await server.request('/api/notifications/read', {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ ids: notifications.map((n) => n.id) }),
      });
      expect(read.status).toBe(204);
      const unread = await (
        await server.request('/api/notifications?unread=true', { headers: { cookie } })
      ).json();
      expect(unread).toEqual([]);
      expect(fs.readdirSync(path.join(server.app.dataDir, 'uploads'))).toEqual([]);
    });

    it("accepts the file before the fields, and shows the error example's error log with its total and the CSV", async () => {
      server = await startTestServer(dialect, { DOVETAIL_ERROR_LOG_LIMIT: '5' });
      const cookie = await server.login('admin', adminPassword);
      const form = new FormData();
      form.append('package', new Blob([fs.readFileSync(errorPackage)]), 'northwind-errors.zip');
      form.append('description', 'With errors');
      const response = await server.request('/api/imports', {
        method: 'POST',
        headers: { cookie },
        body: form,
      });
      expect(response.status).toBe(202);
      const { id } = (await response.json()) as ImportJob;
      const job = await waitUntilFinished(server, cookie, id);
      expect(job.counts.errorCount).toBe(expectedErrorCount);

      const log = (await (
        await server.request(`/api/imports/${id}/errors`, { headers: { cookie } })
      ).json()) as ErrorLog;
      expect(log.total).toBe(expectedErrorCount);
      expect(log.errors).toHaveLength(5);

      const csv = await server.request(`/api/imports/${id}/errors.csv`, { headers: { cookie } });
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
      const lines = (await csv.text()).trimEnd().split('\n');
      expect(lines[0]).toBe('File,Line,Column,Value,Code,Error,Original Row,Severity');
      expect(lines.length).toBeGreaterThan(expectedErrorCount);

      const wrongFile = await server.request(`/api/imports/${id}/errors.csv?file=nope.csv`, {
        headers: { cookie },
      });
      expect(wrongFile.status).toBe(400);
    });

    it('refuses with 403 a non-administrator importing on behalf of another user', async () => {
      server = await startTestServer(dialect);
      const cookie = await server.addUser('advisor', ['ImportProcessView', 'ImportProcessManage']);
      const response = await upload(server, cookie, goodPackage, {
        description: 'Not mine',
        onBehalfOf: 'admin',
      });
      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({ error: { code: 'NOT_ALLOWED' } });
    });

    it('refuses with 413 an upload larger than DOVETAIL_MAX_PACKAGE_BYTES', async () => {
      server = await startTestServer(dialect, { DOVETAIL_MAX_PACKAGE_BYTES: '1000' });
      const cookie = await server.login('admin', adminPassword);
      const response = await upload(server, cookie, goodPackage, { description: 'Too big' });
      expect(response.status).toBe(413);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('PACKAGE_TOO_LARGE');
      expect(body.error.message).toMatch(/at most 1000 bytes \(DOVETAIL_MAX_PACKAGE_BYTES\)/);
      expect(await server.app.imports.list()).toEqual([]);
    });

    it('shows users only the import processes they submitted or that are on their behalf', async () => {
      server = await startTestServer(dialect);
      const adminCookie = await server.login('admin', adminPassword);
      const advisorCookie = await server.addUser('advisor', ['ImportProcessView', 'ImportProcessManage']);
      await server.addUser('other', []);
      const started: Record<string, number> = {};
      for (const [name, cookie, fields] of [
        ['adminOwn', adminCookie, { description: 'Admin own' }],
        ['forAdvisor', adminCookie, { description: 'For advisor', onBehalfOf: 'advisor' }],
        ['forOther', adminCookie, { description: 'For other', onBehalfOf: 'other' }],
        ['advisorOwn', advisorCookie, { description: 'Advisor own' }],
      ] as const) {
        const response = await upload(server, cookie, goodPackage, fields);
        expect(response.status, name).toBe(202);
        started[name] = ((await response.json()) as ImportJob).id;
      }
      for (const id of Object.values(started)) await waitUntilFinished(server, adminCookie, id);

      const descriptions = async (cookie: string) =>
        ((await (await server.request('/api/imports', { headers: { cookie } })).json()) as ImportJob[])
          .map((job) => job.description)
          .sort();
      expect(await descriptions(advisorCookie)).toEqual(['Advisor own', 'For advisor']);
      expect(await descriptions(adminCookie)).toEqual([
        'Admin own',
        'Advisor own',
        'For advisor',
        'For other',
      ]);
      const hidden = await server.request(`/api/imports/${started.forOther}`, {
        headers: { cookie: advisorCookie },
      });
      expect(hidden.status).toBe(404);
    });
  });
});
