import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type App, openApp } from '../../src/app/open-app.js';
import { importSucceededText } from '../../src/format/notification-texts.js';
import { createServer } from '../../src/http/create-server.js';
import type { ImportJob } from '../../src/jobs/import-job.js';
import { createJobDispatcher } from '../../src/jobs/job-dispatcher.js';
import { listenForStoredNotifications } from '../../src/jobs/live-notifications.js';
import type { Notification } from '../../src/jobs/notification-service.js';
import { repoRoot, startCli, waitFor } from '../support/cli.js';
import { testDatabases } from '../support/databases.js';
import { eventReader } from '../support/event-stream.js';
import { upload } from '../support/http-upload.js';
import { openTestApp } from '../support/test-app.js';
import { adminPassword, type TestServer } from '../support/test-server.js';

const goodPackage = path.join(repoRoot, 'examples/northwind-good.zip');
const postgres = testDatabases.find((database) => database.dialect === 'postgres')!;

describe.skipIf(postgres.skip)(`the server with dovetail workers on ${postgres.title}`, () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** `dovetail serve` as it runs on PostgreSQL: jobs queued for workers, notifications heard by LISTEN. */
  async function startQueueingServer(): Promise<TestServer['request'] & { app: App & { dataDir: string } }> {
    const app = await openTestApp({ DOVETAIL_ADMIN_PASSWORD: adminPassword }, 'postgres');
    cleanups.push(() => app.close());
    expect(app.config.jobRunner).toBe('workers');
    const jobs = createJobDispatcher(app, 'server');
    const server = await createServer({ app, jobs });
    const stopListening = await listenForStoredNotifications(app);
    cleanups.push(async () => {
      await server.close();
      await stopListening();
      await jobs.drain();
    });
    const baseUrl = await server.listen({ port: 0, host: '127.0.0.1' });
    const request = (url: string, init?: RequestInit) => fetch(new URL(url, baseUrl), init);
    return Object.assign(request, { app });
  }

  async function login(request: TestServer['request']): Promise<string> {
    const response = await request('/api/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userName: 'admin', password: adminPassword }),
    });
    expect(response.status).toBe(200);
    return response.headers
      .getSetCookie()
      .map((cookie) => cookie.split(';')[0])
      .join('; ');
  }

  it('queues an uploaded import for a worker process, whose notification reaches the open stream', async () => {
    const request = await startQueueingServer();
    const { app } = request;
    const worker = startCli(['worker'], {
      DOVETAIL_DATA_DIR: app.dataDir,
      DATABASE_URL: app.config.databaseUrl!,
    });
    const exited = new Promise<number | null>((resolve) => worker.on('exit', resolve));
    cleanups.push(async () => {
      if (worker.exitCode === null) worker.kill('SIGTERM');
      await exited;
    });
    let workerOutput = '';
    worker.stdout?.on('data', (chunk) => {
      workerOutput += chunk;
    });
    await waitFor(() => (workerOutput.includes('waiting for import jobs') ? true : undefined), 'the worker');

    const cookie = await login(request);
    const aborter = new AbortController();
    cleanups.push(async () => aborter.abort());
    const stream = await request('/api/notifications/stream', {
      headers: { cookie },
      signal: aborter.signal,
    });
    expect(stream.status).toBe(200);
    const events = eventReader(stream.body!);

    const server = { request } as unknown as TestServer;
    const response = await upload(server, cookie, goodPackage, { description: 'Run by a worker' });
    expect(response.status).toBe(202);
    const job = (await response.json()) as ImportJob;

    const event = await events.next();
    expect(event.event).toBe('notification');
    expect(JSON.parse(event.data) as Omit<Notification, 'read'>).toMatchObject({
      jobId: job.id,
      kind: 'success',
      text: importSucceededText('Run by a worker'),
    });
    const finished = await app.repositories.importJobs.find(job.id);
    expect(finished).toMatchObject({ status: 'Waiting for User', stage: 'Review Staged Data' });
    // The worker ran it: this process only queued it. It says so after the stage's transaction,
    // which stored the notification: the line may reach this process after the event.
    await waitFor(
      () => (workerOutput.includes(`Import process ${job.id}: stage-done`) ? true : undefined),
      "the worker's report of the stage",
      10_000,
    );
  }, 60_000);

  it('streams a notification stored through another connection exactly once', async () => {
    const request = await startQueueingServer();
    const { app } = request;
    const cookie = await login(request);
    const aborter = new AbortController();
    cleanups.push(async () => aborter.abort());
    const stream = await request('/api/notifications/stream', {
      headers: { cookie },
      signal: aborter.signal,
    });
    const events = eventReader(stream.body!);

    const admin = (await app.repositories.users.findByUserName('admin'))!;
    const jobId = await app.repositories.importJobs.create({
      description: 'Elsewhere',
      packageName: 'p.zip',
      packagePath: '/nowhere/p.zip',
      packageBytes: 1,
      onBehalfOfUserId: admin.id,
      submittedByUserId: admin.id,
    });
    const job = {
      id: jobId,
      description: 'Elsewhere',
      on_behalf_of_user_id: admin.id,
      submitted_by_user_id: admin.id,
    };
    // Another process's services on the same database (its own pool; its own event emitter).
    const other = await openApp({ DOVETAIL_DATA_DIR: app.dataDir, DATABASE_URL: app.config.databaseUrl! });
    cleanups.push(() => other.close());
    const next = async () => JSON.parse((await events.next()).data) as Notification;

    await other.notifications.notifyJobEnded(job, 'success');
    expect(await next()).toMatchObject({ jobId, kind: 'success', text: importSucceededText('Elsewhere') });
    // One stored by the server itself is delivered at once and announced by NOTIFY too: once in all.
    await app.notifications.notifyJobEnded(job, 'error');
    const own = await next();
    expect(own).toMatchObject({ jobId, kind: 'error' });
    await other.notifications.notifyJobEnded(job, 'success');
    const last = await next();
    expect(last).toMatchObject({ jobId, kind: 'success' });
    expect(last.id).toBe(own.id + 1);
  });
});
