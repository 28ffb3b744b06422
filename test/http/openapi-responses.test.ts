/**
 * Drives every operation of the OpenAPI document against a real server, with its success and its
 * documented errors, and checks each answer against the document (status, Content-Type, body
 * schema). An answer with a status the document does not list fails, and so does an operation
 * that no test here exercises: a new route must be added to this walk.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { OpenAPIV3 } from 'openapi-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSamplePackage } from '../../src/sample/write-sample-package.js';
import { repoRoot, waitFor } from '../support/cli.js';
import { describeEachDatabase } from '../support/databases.js';
import { packageForm } from '../support/http-upload.js';
import { type CallOptions, ConformanceChecker } from '../support/openapi-conformance.js';
import { tempDir } from '../support/package-builder.js';
import { buildReviewPackage } from '../support/review-fixtures.js';
import { adminPassword, startTestServer, type TestServer } from '../support/test-server.js';

type Json = Record<string, unknown>;

const exportFolder = path.join(repoRoot, 'test/fixtures/legacy-exports/split-tables-en');
const unknownUploadId = '00000000-0000-0000-0000-000000000000';

function csvForm(folder: string): FormData {
  const form = new FormData();
  for (const name of fs.readdirSync(folder).filter((file) => file.endsWith('.csv'))) {
    form.append('files', new Blob([fs.readFileSync(path.join(folder, name))], { type: 'text/csv' }), name);
  }
  return form;
}

describeEachDatabase(({ dialect }) => {
  describe('Every route answers as the OpenAPI document says', () => {
    let server: TestServer;
    let api: ConformanceChecker;
    let admin: string;
    let viewer: string;
    let jobId: number;

    /** One call, checked against the document, that must answer `status`. */
    const expectAnswer = async (status: number, method: string, url: string, options: CallOptions = {}) => {
      const answer = await api.call(method, url, options);
      expect(answer.status, `${method} ${url}: ${JSON.stringify(answer.body)?.slice(0, 300)}`).toBe(status);
      return answer;
    };
    const asAdmin = (options: CallOptions = {}) => ({ cookie: admin, ...options });
    const waitWhileRunning = (id: number) =>
      waitFor(async () => {
        const job = (await expectAnswer(200, 'GET', `/api/imports/${id}`, asAdmin())).body as Json;
        return job.status === 'Running' ? undefined : job;
      }, `import ${id} to stop running`);

    beforeAll(async () => {
      // Small stage batches keep the sample import Running long enough to be cancelled.
      server = await startTestServer(dialect, { DOVETAIL_STAGE_BATCH_ROWS: '200' });
      const document = (await (await server.request('/api/openapi.json')).json()) as OpenAPIV3.Document;
      api = new ConformanceChecker(document, server);
      admin = await server.login('admin', adminPassword);
      viewer = await server.addUser('viewer', []);
    }, 120_000);
    afterAll(async () => {
      await server?.close();
    });

    it('signs in, says who is signed in, and signs out', async () => {
      const credentials = { userName: 'admin', password: adminPassword };
      const signedIn = await expectAnswer(200, 'POST', '/api/session', { json: credentials });
      const session = signedIn.headers.getSetCookie()[0]?.split(';')[0] ?? '';
      await expectAnswer(401, 'POST', '/api/session', { json: { ...credentials, password: 'wrong-one' } });
      await expectAnswer(400, 'POST', '/api/session', { json: {} });
      await expectAnswer(415, 'POST', '/api/session', {
        body: '<login/>',
        headers: { 'content-type': 'application/xml' },
      });
      await expectAnswer(200, 'GET', '/api/me', { cookie: session });
      await expectAnswer(401, 'GET', '/api/me');
      await expectAnswer(204, 'DELETE', '/api/session', { cookie: session });
      await expectAnswer(401, 'GET', '/api/me', { cookie: session });
    });

    it('imports a package, lists it and gives its errors', async () => {
      const reviewPackage = await buildReviewPackage();
      await expectAnswer(401, 'POST', '/api/imports', { body: packageForm(reviewPackage, {}) });
      await expectAnswer(403, 'POST', '/api/imports', {
        cookie: viewer,
        body: packageForm(reviewPackage, {}),
      });
      await expectAnswer(406, 'POST', '/api/imports', asAdmin({ json: { description: 'not multipart' } }));
      const started = await expectAnswer(
        202,
        'POST',
        '/api/imports',
        asAdmin({ body: packageForm(reviewPackage, { description: 'Conformance' }) }),
      );
      jobId = (started.body as Json).id as number;
      const samplePackage = path.join(tempDir(), 'sample.zip');
      await writeSamplePackage({ contacts: 2_000, out: samplePackage, seed: 7 });
      const sample = await expectAnswer(
        202,
        'POST',
        '/api/imports',
        asAdmin({ body: packageForm(samplePackage, { description: 'To cancel' }) }),
      );
      await expectAnswer(200, 'POST', `/api/imports/${(sample.body as Json).id}/cancel`, asAdmin());
      await expectAnswer(404, 'POST', '/api/imports/999999/cancel', asAdmin());
      expect(await waitWhileRunning(jobId)).toMatchObject({ stage: 'Review Staged Data' });
      await expectAnswer(409, 'POST', `/api/imports/${jobId}/cancel`, asAdmin());

      await expectAnswer(200, 'GET', '/api/imports?status=Waiting%20for%20User', asAdmin());
      await expectAnswer(400, 'GET', '/api/imports?since=yesterday', asAdmin());
      await expectAnswer(401, 'GET', '/api/imports');
      await expectAnswer(403, 'GET', '/api/imports', { cookie: viewer });
      await expectAnswer(200, 'GET', `/api/imports/${jobId}`, asAdmin());
      await expectAnswer(404, 'GET', '/api/imports/999999', asAdmin());
      await expectAnswer(400, 'GET', '/api/imports/first', asAdmin());
      await expectAnswer(200, 'GET', `/api/imports/${jobId}/errors`, asAdmin());
      const csv = await expectAnswer(200, 'GET', `/api/imports/${jobId}/errors.csv`, asAdmin());
      expect(csv.contentType).toBe('text/csv');
      await expectAnswer(404, 'GET', '/api/imports/999999/errors.csv', asAdmin());
    });

    it('reviews the staged contacts, matches, processes, completes and undoes the import', async () => {
      const page = (await expectAnswer(200, 'GET', `/api/imports/${jobId}/staged`, asAdmin())).body as {
        items: Array<{ id: number; legacyKey: string }>;
      };
      const staged = (key: string) => page.items.find((item) => item.legacyKey === key)?.id ?? 0;
      const bob = `/api/imports/${jobId}/staged/${staged('P2')}`;
      await expectAnswer(400, 'GET', `/api/imports/${jobId}/staged?limit=0`, asAdmin());
      await expectAnswer(403, 'GET', `/api/imports/${jobId}/staged`, { cookie: viewer });
      await expectAnswer(200, 'GET', `/api/imports/${jobId}/staged/summary`, asAdmin());
      await expectAnswer(200, 'GET', bob, asAdmin());
      await expectAnswer(404, 'GET', `/api/imports/${jobId}/staged/999999`, asAdmin());
      await expectAnswer(200, 'PATCH', bob, asAdmin({ json: { position: 'Buyer' } }));
      await expectAnswer(400, 'PATCH', bob, asAdmin({ json: { position: 5 } }));
      await expectAnswer(200, 'GET', `${bob}/compare`, asAdmin());
      await expectAnswer(200, 'GET', `${bob}/matches`, asAdmin());
      await expectAnswer(200, 'PUT', `${bob}/match`, asAdmin({ json: { none: true } }));
      await expectAnswer(400, 'PUT', `${bob}/match`, asAdmin({ json: { someone: 1 } }));
      await expectAnswer(200, 'PUT', `${bob}/action`, asAdmin({ json: { action: 'create' } }));
      await expectAnswer(
        200,
        'POST',
        `/api/imports/${jobId}/staged/bulk-action`,
        asAdmin({ json: { filter: { name: 'Ann' }, action: 'create' } }),
      );
      const cleo = `/api/imports/${jobId}/staged/${staged('P3')}`;
      await expectAnswer(409, 'DELETE', cleo, asAdmin());
      await expectAnswer(204, 'DELETE', cleo, asAdmin({ json: { confirm: true } }));

      await expectAnswer(409, 'POST', `/api/imports/${jobId}/undo`, asAdmin());
      await expectAnswer(202, 'POST', `/api/imports/${jobId}/match`, asAdmin({ json: {} }));
      expect(await waitWhileRunning(jobId)).toMatchObject({ stage: 'Review Match Results' });
      const matches = await expectAnswer(200, 'GET', `/api/imports/${jobId}/matches.csv`, asAdmin());
      expect(matches.contentType).toBe('text/csv');
      await expectAnswer(200, 'GET', `/api/imports/${jobId}/matches.csv?allSuggestions=true`, asAdmin());
      await expectAnswer(400, 'GET', `/api/imports/${jobId}/matches.csv?allSuggestions=maybe`, asAdmin());
      await expectAnswer(404, 'GET', '/api/imports/999999/matches.csv', asAdmin());
      await expectAnswer(409, 'GET', `/api/imports/${jobId}/report.pdf`, asAdmin());
      await expectAnswer(200, 'PUT', `${bob}/action`, asAdmin({ json: { action: 'create' } }));
      await expectAnswer(
        200,
        'POST',
        `/api/imports/${jobId}/staged/bulk-action`,
        asAdmin({ json: { filter: { action: 'none' }, action: 'create' } }),
      );
      await expectAnswer(202, 'POST', `/api/imports/${jobId}/process`, asAdmin());
      expect(await waitWhileRunning(jobId)).toMatchObject({ status: 'Waiting for User' });
      await expectAnswer(202, 'POST', `/api/imports/${jobId}/complete`, asAdmin({ json: { confirm: true } }));
      expect(await waitWhileRunning(jobId)).toMatchObject({ status: 'Completed' });
      await expectAnswer(409, 'POST', `/api/imports/${jobId}/process`, asAdmin());
      await expectAnswer(404, 'POST', '/api/imports/999999/complete', asAdmin());

      const completion = await expectAnswer(200, 'GET', `/api/imports/${jobId}/report`, asAdmin());
      const { contactList } = completion.body as { contactList: { id: number } };
      await expectAnswer(200, 'GET', `/api/lists/${contactList.id}/contacts`, asAdmin());
      const report = await expectAnswer(200, 'GET', `/api/imports/${jobId}/report.csv`, asAdmin());
      expect(report.contentType).toBe('text/csv');
      await expectAnswer(404, 'GET', '/api/imports/999999/report.csv', asAdmin());
      const pdf = await expectAnswer(200, 'GET', `/api/imports/${jobId}/report.pdf`, asAdmin());
      expect(pdf.contentType).toBe('application/pdf');
      await expectAnswer(200, 'POST', `/api/imports/${jobId}/undo`, asAdmin());
    });

    it('creates, finds, changes and deletes contacts, and lists contact lists', async () => {
      const created = await expectAnswer(
        201,
        'POST',
        '/api/contacts',
        asAdmin({ json: { kind: 'person', firstName: 'Zoe', lastName: 'Quinn' } }),
      );
      const contact = `/api/contacts/${(created.body as Json).id}`;
      await expectAnswer(400, 'POST', '/api/contacts', asAdmin({ json: { kind: 'robot' } }));
      await expectAnswer(403, 'POST', '/api/contacts', {
        cookie: viewer,
        json: { kind: 'person', lastName: 'Else', ownerUserName: 'admin' },
      });
      await expectAnswer(401, 'POST', '/api/contacts', { json: { kind: 'person', lastName: 'Nobody' } });
      await expectAnswer(200, 'GET', '/api/contacts?q=Quinn', asAdmin());
      await expectAnswer(400, 'GET', '/api/contacts?pageSize=0', asAdmin());
      await expectAnswer(200, 'GET', contact, asAdmin());
      await expectAnswer(404, 'GET', contact, { cookie: viewer });
      await expectAnswer(400, 'GET', '/api/contacts/zoe', asAdmin());
      await expectAnswer(200, 'PATCH', contact, asAdmin({ json: { position: 'Chair' } }));
      const own = await expectAnswer(201, 'POST', '/api/contacts', {
        cookie: viewer,
        json: { kind: 'person', lastName: 'Own' },
      });
      await expectAnswer(403, 'PATCH', `/api/contacts/${(own.body as Json).id}`, {
        cookie: viewer,
        json: { ownerUserName: 'admin' },
      });
      await expectAnswer(200, 'GET', `${contact}/history`, asAdmin());
      await expectAnswer(200, 'GET', '/api/lists', asAdmin());
      await expectAnswer(404, 'GET', '/api/lists/999999/contacts', asAdmin());
      await expectAnswer(204, 'DELETE', contact, asAdmin());
      await expectAnswer(404, 'DELETE', contact, asAdmin());
    });

    it('adds teams and members, and lists users and their definition files', async () => {
      await expectAnswer(200, 'GET', '/api/teams', asAdmin());
      const team = (await expectAnswer(201, 'POST', '/api/teams', asAdmin({ json: { name: 'Sales' } })))
        .body as Json;
      await expectAnswer(409, 'POST', '/api/teams', asAdmin({ json: { name: 'Sales' } }));
      await expectAnswer(403, 'POST', '/api/teams', { cookie: viewer, json: { name: 'Mine' } });
      await expectAnswer(400, 'POST', '/api/teams', asAdmin({ json: { name: '' } }));
      await expectAnswer(200, 'POST', `/api/teams/${team.id}/members/viewer`, asAdmin());
      await expectAnswer(403, 'POST', `/api/teams/${team.id}/members/viewer`, { cookie: viewer });
      await expectAnswer(404, 'POST', '/api/teams/999999/members/viewer', asAdmin());
      await expectAnswer(200, 'DELETE', `/api/teams/${team.id}/members/viewer`, asAdmin());
      await expectAnswer(200, 'GET', '/api/users', asAdmin());
      await expectAnswer(200, 'GET', '/api/users/admin/definition', asAdmin());
      await expectAnswer(403, 'GET', '/api/users/admin/definition', { cookie: viewer });
      await expectAnswer(404, 'GET', '/api/users/nobody/definition', asAdmin());
    });

    it('suggests a mapping for uploaded CSVs, checks it, builds the package and removes the upload', async () => {
      const created = await expectAnswer(
        201,
        'POST',
        '/api/mapping/uploads',
        asAdmin({ body: csvForm(exportFolder) }),
      );
      await expectAnswer(406, 'POST', '/api/mapping/uploads', asAdmin({ json: {} }));
      await expectAnswer(403, 'POST', '/api/mapping/uploads', {
        cookie: viewer,
        body: csvForm(exportFolder),
      });
      const { id, plan } = created.body as { id: string; plan: unknown };
      await expectAnswer(200, 'POST', `/api/mapping/uploads/${id}/check`, asAdmin({ json: { plan } }));
      await expectAnswer(400, 'POST', `/api/mapping/uploads/${id}/check`, asAdmin({ json: { plan: {} } }));
      await expectAnswer(
        404,
        'POST',
        `/api/mapping/uploads/${unknownUploadId}/check`,
        asAdmin({ json: { plan } }),
      );
      const built = await expectAnswer(
        200,
        'POST',
        `/api/mapping/uploads/${id}/package`,
        asAdmin({ json: { plan } }),
      );
      expect(built.contentType).toBe('application/zip');
      await expectAnswer(
        404,
        'POST',
        `/api/mapping/uploads/${unknownUploadId}/package`,
        asAdmin({ json: { plan } }),
      );
      await expectAnswer(404, 'DELETE', '/api/mapping/uploads/999999', asAdmin());
      await expectAnswer(204, 'DELETE', `/api/mapping/uploads/${id}`, asAdmin());
      await expectAnswer(404, 'DELETE', `/api/mapping/uploads/${id}`, asAdmin());
    });

    it('lists, streams and marks notifications read', async () => {
      const listed = (await expectAnswer(200, 'GET', '/api/notifications', asAdmin())).body as Array<{
        id: number;
      }>;
      await expectAnswer(200, 'GET', '/api/notifications?unread=true', asAdmin());
      await expectAnswer(400, 'GET', '/api/notifications?unread=perhaps', asAdmin());
      const stream = await expectAnswer(
        200,
        'GET',
        '/api/notifications/stream',
        asAdmin({ firstChunkOnly: true }),
      );
      expect(stream.contentType).toBe('text/event-stream');
      await expectAnswer(401, 'GET', '/api/notifications/stream');
      await expectAnswer(
        204,
        'POST',
        '/api/notifications/read',
        asAdmin({ json: { ids: listed.map((n) => n.id) } }),
      );
      await expectAnswer(400, 'POST', '/api/notifications/read', asAdmin({ json: { ids: 'all' } }));
    });

    it('has exercised every operation of the document with a success', () => {
      expect(api.neverSucceeded()).toEqual([]);
      expect([...api.exercised.keys()].sort()).toEqual(api.operationIds());
    });
  });
});
