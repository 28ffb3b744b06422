import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { importFailedText } from '../../src/format/notification-texts.js';
import type { ImportJob } from '../../src/jobs/import-job.js';
import type { Notification } from '../../src/jobs/notification-service.js';
import { writeSamplePackage } from '../../src/sample/write-sample-package.js';
import { describeEachDatabase } from '../support/databases.js';
import { upload, waitForJob } from '../support/http-upload.js';
import { tempDir } from '../support/package-builder.js';
import { adminPassword, startTestServer, type TestServer } from '../support/test-server.js';

let largePackage: string;
beforeAll(async () => {
  largePackage = path.join(tempDir(), 'large.zip');
  await writeSamplePackage({ contacts: 20_000, out: largePackage, seed: 11 });
}, 120_000);

describeEachDatabase(({ dialect }) => {
  describe('HTTP cancel of an import', () => {
    let server: TestServer;
    afterEach(async () => {
      await server.close();
    });

    it('stops a Running import: Failed with IMPORT_CANCELLED, nothing staged, the error notification sent', async () => {
      server = await startTestServer(dialect, { DOVETAIL_STAGE_BATCH_ROWS: '200' });
      const cookie = await server.login('admin', adminPassword);
      const response = await upload(server, cookie, largePackage, { description: 'Too much' });
      expect(response.status).toBe(202);
      const { id } = (await response.json()) as ImportJob;
      await waitForJob(
        server,
        cookie,
        id,
        (job) => job.status === 'Running' && job.counts.rowsStaged > 0,
        'to stage rows',
      );

      const other = await server.addUser('other', ['ImportProcessView', 'ImportProcessManage']);
      const notTheirs = await server.request(`/api/imports/${id}/cancel`, {
        method: 'POST',
        headers: { cookie: other },
      });
      expect(notTheirs.status).toBe(404);

      const cancel = await server.request(`/api/imports/${id}/cancel`, {
        method: 'POST',
        headers: { cookie },
      });
      expect(cancel.status).toBe(200);
      expect(await cancel.json()).toMatchObject({
        id,
        status: 'Failed',
        failure: { code: 'IMPORT_CANCELLED', message: 'Cancelled by admin' },
      });
      const failed = await waitForJob(server, cookie, id, (job) => job.status === 'Failed', 'to fail');
      expect(failed.failure?.code).toBe('IMPORT_CANCELLED');

      // The runner stops at its next batch, without completing the job or leaving rows staged.
      await server.jobs.drain();
      const after = await server.app.imports.show(id);
      expect(after).toMatchObject({ status: 'Failed', failure: { code: 'IMPORT_CANCELLED' } });
      const staged = await server.app.repositories.staging.countStaged(id);
      expect(
        Object.values(staged).every((count) => Number(count) === 0),
        JSON.stringify(staged),
      ).toBe(true);
      expect(await server.app.repositories.importJobs.findResumable()).toEqual([]);

      const notifications = (await (
        await server.request('/api/notifications', { headers: { cookie } })
      ).json()) as Notification[];
      expect(notifications).toMatchObject([{ jobId: id, kind: 'error', text: importFailedText('Too much') }]);

      const again = await server.request(`/api/imports/${id}/cancel`, {
        method: 'POST',
        headers: { cookie },
      });
      expect(again.status).toBe(409);
      expect(await again.json()).toMatchObject({ error: { code: 'IMPORT_NOT_RUNNING' } });
    }, 120_000);
  });
});
