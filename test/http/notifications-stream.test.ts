import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ImportJob } from '../../src/jobs/import-job.js';
import type { Notification } from '../../src/jobs/notification-service.js';
import { importSucceededText } from '../../src/jobs/notification-texts.js';
import { repoRoot } from '../support/cli.js';
import { describeEachDatabase } from '../support/databases.js';
import { upload, waitUntilFinished } from '../support/http-upload.js';
import { adminPassword, startTestServer, type TestServer } from '../support/test-server.js';

const goodPackage = path.join(repoRoot, 'examples/northwind-good.zip');

interface ServerSentEvent {
  event: string | undefined;
  id: string | undefined;
  data: string;
}

/** Reads Server-Sent Events off a fetch body: next() resolves with the next event (not comments). */
function eventReader(body: ReadableStream<Uint8Array>) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let comments = 0;
  return {
    get comments() {
      return comments;
    },
    async next(): Promise<ServerSentEvent> {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields = block.split('\n').filter((line) => !line.startsWith(':'));
          if (fields.length === 0) {
            comments += 1;
            continue;
          }
          const field = (name: string) =>
            fields.filter((line) => line.startsWith(`${name}: `)).map((line) => line.slice(name.length + 2));
          return { event: field('event')[0], id: field('id')[0], data: field('data').join('\n') };
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('the event stream ended');
        buffer += value;
      }
    },
  };
}

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
