import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { checkReportSchema, mappingUploadSchema } from '../../src/http/schemas/mapping.schema.js';
import { repoRoot } from '../support/cli.js';
import { describeEachDatabase } from '../support/databases.js';
import { upload, waitUntilFinished } from '../support/http-upload.js';
import { tempDir } from '../support/package-builder.js';
import { adminPassword, startTestServer, type TestServer } from '../support/test-server.js';

type MappingUpload = z.infer<typeof mappingUploadSchema>;
type CheckReport = z.infer<typeof checkReportSchema>;

const exportFolder = path.join(repoRoot, 'test/fixtures/legacy-exports/split-tables-en');

/** The CSVs of an export as a browser sends them: one "files" part per file. */
function csvForm(folder: string, fields: Record<string, string> = {}): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  for (const name of fs.readdirSync(folder).filter((file) => file.endsWith('.csv'))) {
    form.append('files', new Blob([fs.readFileSync(path.join(folder, name))], { type: 'text/csv' }), name);
  }
  return form;
}

const postJson = (server: TestServer, cookie: string, url: string, body: unknown) =>
  server.request(url, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describeEachDatabase(({ dialect }) => {
  describe('HTTP mapping tool', () => {
    let server: TestServer;
    afterEach(async () => {
      await server.close();
    });

    it('suggests a mapping for uploaded CSVs, checks it, builds the package, which then loads with every row staged', async () => {
      server = await startTestServer(dialect);
      const cookie = await server.login('admin', adminPassword);
      const created = await server.request('/api/mapping/uploads', {
        method: 'POST',
        headers: { cookie },
        body: csvForm(exportFolder, { name: 'Legacy CRM' }),
      });
      expect(created.status).toBe(201);
      const suggestion = (await created.json()) as MappingUpload;
      expect(suggestion).toMatchObject({ definitionFor: 'admin', plan: { name: 'Legacy CRM' } });
      // The editor's choices come from the same catalogue as the import's checks.
      expect(suggestion.choices.targets.person).toContainEqual({
        target: 'status',
        label: 'Status',
        codes: ['active', 'inactive', 'prospect', 'former'],
      });
      expect(suggestion.choices.targets.person).toContainEqual(
        expect.objectContaining({ target: 'phone/mobile.value' }),
      );
      expect(suggestion.choices.dateFormats).toContain('DD/MM/YYYY');
      expect(
        Object.fromEntries(
          suggestion.files.map((file: { profile: { file: string }; dataType: { dataType: string } }) => [
            file.profile.file,
            file.dataType.dataType,
          ]),
        ),
      ).toEqual({
        'ADDRESSES.csv': 'address',
        'CONTACTS.csv': 'person',
        'EMAILS.csv': 'communication',
        'PHONES.csv': 'communication',
      });
      const phones = suggestion.files.find((file) => file.profile.file === 'PHONES.csv');
      expect(phones?.columns.find((column) => column.column === 'PHONE_TYPE')).toMatchObject({
        target: 'type',
        lookup: { H: 'home', W: 'business', M: 'mobile' },
      });
      expect(fs.readdirSync(path.join(server.app.dataDir, 'mapping-uploads'))).toEqual([suggestion.id]);

      const checked = await postJson(server, cookie, `/api/mapping/uploads/${suggestion.id}/check`, {
        plan: suggestion.plan,
      });
      expect(checked.status).toBe(200);
      expect(await checked.json()).toMatchObject({ ok: true, problems: [], rowsChecked: 168 });

      const broken = structuredClone(suggestion.plan);
      broken.files[0]!.columns[0]!.target = 'nickname';
      broken.files[1]!.columns.push({ column: 'LNAME', target: 'lastName', lookup: { X: 'y' } });
      const brokenCheck = (await (
        await postJson(server, cookie, `/api/mapping/uploads/${suggestion.id}/check`, { plan: broken })
      ).json()) as CheckReport;
      expect(brokenCheck.ok).toBe(false);
      expect(brokenCheck.problems.map((problem: { code: string }) => problem.code)).toContain(
        'MAPPING_UNKNOWN_ATTRIBUTE',
      );

      const built = await postJson(server, cookie, `/api/mapping/uploads/${suggestion.id}/package`, {
        plan: suggestion.plan,
      });
      expect(built.status).toBe(200);
      expect(built.headers.get('content-type')).toBe('application/zip');
      expect(built.headers.get('content-disposition')).toBe("attachment; filename*=UTF-8''Legacy%20CRM.zip");
      expect(built.headers.get('x-dovetail-problems')).toBe('0');
      const zip = path.join(tempDir(), 'Legacy CRM.zip');
      fs.writeFileSync(zip, Buffer.from(await built.arrayBuffer()));

      const started = await upload(server, cookie, zip, { description: 'Legacy CRM' });
      expect(started.status).toBe(202);
      const job = await waitUntilFinished(server, cookie, ((await started.json()) as { id: number }).id);
      expect(job).toMatchObject({
        status: 'Waiting for User',
        stage: 'Review Staged Data',
        counts: { rowsRejected: 0, contactsStaged: 40 },
      });

      const removed = await server.request(`/api/mapping/uploads/${suggestion.id}`, {
        method: 'DELETE',
        headers: { cookie },
      });
      expect(removed.status).toBe(204);
      expect(fs.readdirSync(path.join(server.app.dataDir, 'mapping-uploads'))).toEqual([]);
    });

    it('documents its routes in /api/openapi.json', async () => {
      server = await startTestServer(dialect);
      const document = (await (await server.request('/api/openapi.json')).json()) as { paths: object };
      expect(Object.keys(document.paths)).toEqual(
        expect.arrayContaining([
          '/api/mapping/uploads',
          '/api/mapping/uploads/{id}/check',
          '/api/mapping/uploads/{id}/package',
          '/api/mapping/uploads/{id}',
        ]),
      );
    });

    it('needs ImportProcessManage, keeps uploads to their owner, and refuses a plan naming other files', async () => {
      server = await startTestServer(dialect);
      const viewer = await server.addUser('viewer', ['ImportProcessView']);
      const refused = await server.request('/api/mapping/uploads', {
        method: 'POST',
        headers: { cookie: viewer },
        body: csvForm(exportFolder),
      });
      expect(refused.status).toBe(403);

      const cookie = await server.login('admin', adminPassword);
      const suggestion = (await (
        await server.request('/api/mapping/uploads', {
          method: 'POST',
          headers: { cookie },
          body: csvForm(exportFolder),
        })
      ).json()) as MappingUpload;
      const advisor = await server.addUser('advisor', ['ImportProcessManage']);
      const foreign = await postJson(server, advisor, `/api/mapping/uploads/${suggestion.id}/check`, {
        plan: suggestion.plan,
      });
      // Another user's upload is answered exactly as an unknown id: its owner is not named.
      const unknown = await postJson(server, advisor, '/api/mapping/uploads/0123456789abcdef/check', {
        plan: suggestion.plan,
      });
      expect(foreign.status).toBe(404);
      expect(foreign.status).toBe(unknown.status);
      // Building or removing it is answered the same way, and leaves it in place.
      const foreignBuild = await postJson(server, advisor, `/api/mapping/uploads/${suggestion.id}/package`, {
        plan: suggestion.plan,
      });
      expect(foreignBuild.status).toBe(404);
      expect(await foreignBuild.text()).not.toContain('admin');
      const foreignDelete = await server.request(`/api/mapping/uploads/${suggestion.id}`, {
        method: 'DELETE',
        headers: { cookie: advisor },
      });
      expect(foreignDelete.status).toBe(404);
      expect(await foreignDelete.text()).not.toContain('admin');
      const foreignError = ((await foreign.json()) as { error: { code: string; message: string } }).error;
      const unknownError = ((await unknown.json()) as { error: { code: string; message: string } }).error;
      expect(foreignError.code).toBe(unknownError.code);
      expect(foreignError.message).not.toContain('admin');
      expect(foreignError.message.replace(suggestion.id, '<id>')).toBe(
        unknownError.message.replace('0123456789abcdef', '<id>'),
      );

      const otherFile = structuredClone(suggestion.plan);
      otherFile.files[0]!.file = 'other.csv';
      const wrong = await postJson(server, cookie, `/api/mapping/uploads/${suggestion.id}/check`, {
        plan: otherFile,
      });
      expect(wrong.status).toBe(400);
      expect(((await wrong.json()) as { error: { message: string } }).error.message).toMatch(
        /"other.csv", which this upload does not have/,
      );

      const forOther = await server.request('/api/mapping/uploads', {
        method: 'POST',
        headers: { cookie: advisor },
        body: csvForm(exportFolder, { onBehalfOf: 'admin' }),
      });
      expect(forOther.status).toBe(403);
      expect(fs.readdirSync(path.join(server.app.dataDir, 'mapping-uploads'))).toEqual([suggestion.id]);
    });
  });
});
