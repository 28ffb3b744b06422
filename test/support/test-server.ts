import type { App } from '../../src/app/open-app.js';
import type { DialectName } from '../../src/db/dialect-name.js';
import { createServer } from '../../src/http/create-server.js';
import { BackgroundJobs } from '../../src/jobs/background-jobs.js';
import { openTestApp } from './test-app.js';

export const adminPassword = 'admin-password-1';

export interface TestServer {
  app: App & { dataDir: string };
  /** The jobs the server runs in its process; drain() waits for them to end. */
  jobs: BackgroundJobs;
  /** http://127.0.0.1:<ephemeral port> */
  baseUrl: string;
  /** fetch against the server; a relative path is resolved against baseUrl. */
  request(path: string, init?: RequestInit): Promise<Response>;
  /** Signs in and returns the Cookie header value to send. */
  login(userName: string, password: string): Promise<string>;
  /** Adds a user with a password and the given privileges; returns the Cookie header of their session. */
  addUser(userName: string, privileges: string[]): Promise<string>;
  close(): Promise<void>;
}

/** A real Dovetail server on 127.0.0.1 with an ephemeral port, over a fresh database. */
export async function startTestServer(
  dialect: DialectName,
  environment: Record<string, string> = {},
): Promise<TestServer> {
  const app = await openTestApp({ DOVETAIL_ADMIN_PASSWORD: adminPassword, ...environment }, dialect);
  const jobs = new BackgroundJobs({
    repositories: app.repositories,
    config: app.config,
    notifications: app.notifications,
  });
  const server = await createServer({ app, jobs });
  const baseUrl = await server.listen({ port: 0, host: '127.0.0.1' });
  const request = (path: string, init?: RequestInit) => fetch(new URL(path, baseUrl), init);
  const login = async (userName: string, password: string) => {
    const response = await request('/api/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userName, password }),
    });
    if (response.status !== 200) throw new Error(`login of ${userName} answered ${response.status}`);
    return response.headers
      .getSetCookie()
      .map((cookie) => cookie.split(';')[0])
      .join('; ');
  };
  return {
    app,
    jobs,
    baseUrl,
    request,
    login,
    addUser: async (userName, privileges) => {
      await app.repositories.users.create({ userName });
      await app.auth.setPassword(userName, `${userName}-password`);
      for (const privilege of privileges) await app.auth.grant(userName, privilege);
      return login(userName, `${userName}-password`);
    },
    close: async () => {
      await server.close();
      await jobs.drain();
      await app.close();
    },
  };
}
