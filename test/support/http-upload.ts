import fs from 'node:fs';
import path from 'node:path';
import type { ImportJob } from '../../src/jobs/import-job.js';
import { waitFor } from './cli.js';
import type { TestServer } from './test-server.js';

/** A multipart body as a browser sends it: the fields, then the package as a file. */
export function packageForm(packagePath: string, fields: Record<string, string>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append(
    'package',
    new Blob([fs.readFileSync(packagePath)], { type: 'application/zip' }),
    path.basename(packagePath),
  );
  return form;
}

/** POST /api/imports with the package, as the user of the cookie. */
export async function upload(
  server: TestServer,
  cookie: string,
  packagePath: string,
  fields: Record<string, string>,
): Promise<Response> {
  return server.request('/api/imports', {
    method: 'POST',
    headers: { cookie },
    body: packageForm(packagePath, fields),
  });
}

/** GET /api/imports/:id until the condition holds for the job. */
export function waitForJob(
  server: TestServer,
  cookie: string,
  id: number,
  condition: (job: ImportJob) => boolean,
  what: string,
): Promise<ImportJob> {
  return waitFor(async () => {
    const job = (await (
      await server.request(`/api/imports/${id}`, { headers: { cookie } })
    ).json()) as ImportJob;
    return condition(job) ? job : undefined;
  }, `import ${id} ${what}`);
}

export function waitUntilFinished(server: TestServer, cookie: string, id: number): Promise<ImportJob> {
  return waitForJob(server, cookie, id, (job) => job.status !== 'Running', 'to finish');
}
