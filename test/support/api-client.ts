import type { TestServer } from './test-server.js';

export interface ApiAnswer<T = unknown> {
  status: number;
  body: T;
}

/** One JSON call to the test server as the user of `cookie`; the body is parsed when there is one. */
export async function callApi<T = unknown>(
  server: TestServer,
  cookie: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<ApiAnswer<T>> {
  const response = await server.request(path, {
    method,
    headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}

/** A signed-in user of the test server and the calls they make. */
export function apiAs(server: TestServer, cookie: string) {
  return {
    get: <T = unknown>(path: string) => callApi<T>(server, cookie, 'GET', path),
    post: <T = unknown>(path: string, body?: unknown) => callApi<T>(server, cookie, 'POST', path, body),
    patch: <T = unknown>(path: string, body: unknown) => callApi<T>(server, cookie, 'PATCH', path, body),
    delete: <T = unknown>(path: string) => callApi<T>(server, cookie, 'DELETE', path),
  };
}
