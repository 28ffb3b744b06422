import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importSucceededText } from '../../src/format/notification-texts.js';
import type { ImportJob } from '../../src/jobs/import-job.js';
import type { Notification } from '../../src/jobs/notification-service.js';
import { repoRoot } from '../support/cli.js';
import { describeEachDatabase } from '../support/databases.js';
import { eventReader } from '../support/event-stream.js';
import { upload, waitUntilFinished } from '../support/http-upload.js';
import { adminPassword, startTestServer, type TestServer } from '../support/test-server.js';

const goodPackage = path.join(repoRoot, 'examples/northwind-good.zip');

describeEachDatabase(({ dialect }) => {
  describe('HTTP notification stream', () => {
    let server: TestServer;
    afterEach(async () => {
      await server.close();
    });

    it('sends the notification of an import that finishes while the stream is open, and nothing old', async () => {
      server = await startTestServer(dialect);
      const cookie = await server.login('admin', adminPassword);
      // An older notification, which the stream must not replay.
      const earlier = (await (
        await upload(server, cookie, goodPackage, { description: 'Earlier' })
      ).json()) as ImportJob;
      await waitUntilFinished(server, cookie, earlier.id);

      const aborter = new AbortController();
      try {
        const stream = await server.request('/api/notifications/stream', {
          headers: { cookie },
          signal: aborter.signal,
        });
        expect(stream.status).toBe(200);
        expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
        if (!stream.body) throw new Error('no body');
        const events = eventReader(stream.body);

        const response = await upload(server, cookie, goodPackage, { description: 'Streamed' });
        expect(response.status).toBe(202);
        const job = (await response.json()) as ImportJob;

        const event = await events.next();
        expect(event.event).toBe('notification');
        const data = JSON.parse(event.data) as Omit<Notification, 'read'>;
        expect(data).toMatchObject({
          jobId: job.id,
          kind: 'success',
          text: importSucceededText('Streamed'),
          links: { job: `/api/imports/${job.id}`, errors: `/api/imports/${job.id}/errors` },
        });
        expect(event.id).toBe(String(data.id));
        expect(Object.keys(data).sort()).toEqual(['createdAt', 'id', 'jobId', 'kind', 'links', 'text']);

        const listed = (await (
          await server.request('/api/notifications', { headers: { cookie } })
        ).json()) as Notification[];
        expect(listed.map((n) => n.jobId)).toEqual([job.id, earlier.id]);
        expect(listed[0]).toMatchObject({ ...data, read: false });
      } finally {
        aborter.abort();
      }
    });

    it('needs a signed-in user', async () => {
      server = await startTestServer(dialect);
      const response = await server.request('/api/notifications/stream');
      expect(response.status).toBe(401);
    });
  });
});
