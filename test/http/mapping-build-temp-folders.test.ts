import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { mappingUploadSchema } from '../../src/http/schemas/mapping.schema.js';
import { repoRoot } from '../support/cli.js';
import { tempDir } from '../support/package-builder.js';
import { adminPassword, startTestServer, type TestServer } from '../support/test-server.js';

type MappingUpload = z.infer<typeof mappingUploadSchema>;

const exportFolder = path.join(repoRoot, 'test/fixtures/legacy-exports/split-tables-en');

describe('POST /api/mapping/uploads/:id/package', () => {
  let server: TestServer;
  let temp: string;
  const previousTmp = process.env.TMPDIR;
  beforeEach(() => {
    // os.tmpdir() reads TMPDIR: the server's build folders land here, away from other tests'.
    temp = tempDir();
    process.env.TMPDIR = temp;
  });
  afterEach(async () => {
    await server.close();
    if (previousTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previousTmp;
  });

  const buildFolders = () => fs.readdirSync(temp).filter((name) => name.startsWith('dovetail-build-'));

  it('leaves no dovetail-build-* folder behind, whether the build fails or succeeds', async () => {
    server = await startTestServer('sqlite');
    const admin = await server.login('admin', adminPassword);
    const form = new FormData();
    for (const name of fs.readdirSync(exportFolder).filter((file) => file.endsWith('.csv'))) {
      form.append('files', new Blob([fs.readFileSync(path.join(exportFolder, name))]), name);
    }
    const created = await server.request('/api/mapping/uploads', {
      method: 'POST',
      headers: { cookie: admin },
      body: form,
    });
    expect(created.status).toBe(201);
    const upload = (await created.json()) as MappingUpload;
    const advisor = await server.addUser('advisor', ['ImportProcessManage']);
    const build = (cookie: string, id: string, plan: unknown) =>
      server.request(`/api/mapping/uploads/${id}/package`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ plan }),
      });

    const otherFile = structuredClone(upload.plan);
    otherFile.files[0]!.file = 'other.csv';
    const failures = [
      await build(admin, '00000000-0000-0000-0000-000000000000', upload.plan),
      await build(advisor, upload.id, upload.plan),
      await build(admin, upload.id, otherFile),
    ];
    for (const failure of failures) expect(failure.status).toBeGreaterThanOrEqual(400);
    expect(buildFolders()).toEqual([]);

    const built = await build(admin, upload.id, upload.plan);
    expect(built.status).toBe(200);
    expect((await built.arrayBuffer()).byteLength).toBeGreaterThan(0);
    await expect.poll(buildFolders).toEqual([]);
  });
});
