import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.js';
import { matchExportColumns } from '../support/match-export-columns.js';
import { buildPackage, peopleMapping } from '../support/package-builder.js';
import {
  addExistingContact,
  atReviewMatchResults,
  stagedByKey,
  suggestMatch,
} from '../support/review-fixtures.js';
import { importAndWait } from '../support/test-app.js';
import { adminPassword, startTestServer, type TestServer } from '../support/test-server.js';

/**
 * An import done for "advisor": P1 (whose first name is a formula) has two suggestions, the
 * stronger one a contact of "stranger" whom the advisor may not see; P2 has none; P3 matches P1.
 */
async function importWithSuggestions(server: TestServer) {
  const { app } = server;
  const advisorCookie = await server.addUser('advisor', ['ImportProcessManage', 'ImportProcessView']);
  await server.addUser('stranger', ['ImportProcessManage']);
  const advisor = (await app.repositories.users.findByUserName('advisor'))!.id;
  const stranger = (await app.repositories.users.findByUserName('stranger'))!.id;
  const zip = await buildPackage({
    files: [
      {
        csv: 'people.csv',
        content: 'ID,First,Last,Born\nP1,=1+2,Lee,\nP2,Bo,Ek,\nP3,Ann,Lee,\n',
        mapping: peopleMapping,
      },
    ],
  });
  const job = await importAndWait(app, zip, { onBehalfOf: 'advisor' });
  const staged = await stagedByKey(app, job.id);
  const hidden = await addExistingContact(app, { owner: stranger, first: 'Hidden', last: 'Lee' });
  const visible = await addExistingContact(app, { owner: advisor, first: '@Ann', last: 'Lee' });
  await app.db
    .insertInto('contact_legacy_keys')
    .values({ contact_id: visible, legacy_key: '-42', source: 'old-crm.zip', created_by_job_id: null })
    .execute();
  await suggestMatch(app, job.id, staged.get('P1')!, { contactId: hidden }, 30, 'High');
  await suggestMatch(app, job.id, staged.get('P1')!, { contactId: visible }, 20, 'Medium');
  await suggestMatch(app, job.id, staged.get('P3')!, { stagedContactId: staged.get('P1')!.id }, 12, 'Low');
  await atReviewMatchResults(app, job.id);
  return { job, staged, visible, hidden, advisorCookie };
}

async function csvOf(response: Response): Promise<string[][]> {
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
  return parse(await response.text(), { relax_column_count: false }) as string[][];
}

describeEachDatabase(({ dialect }) => {
  describe('GET /api/imports/:id/matches.csv', () => {
    let server: TestServer;
    afterEach(async () => {
      await server.close();
    });

    it('lists each staged contact with its best suggestion the caller may see, formulas escaped', async () => {
      server = await startTestServer(dialect);
      const { job, staged, visible, advisorCookie } = await importWithSuggestions(server);
      const rows = await csvOf(
        await server.request(`/api/imports/${job.id}/matches.csv`, { headers: { cookie: advisorCookie } }),
      );
      expect(rows[0]).toEqual(matchExportColumns);
      const byKey = new Map(rows.slice(1).map((row) => [row[1], row]));
      expect(rows).toHaveLength(4);
      // The hidden contact scored higher, but the advisor may not see it: the visible one is the best.
      expect(byKey.get('P1')).toEqual([
        String(staged.get('P1')!.id),
        'P1',
        "'=1+2 Lee",
        '',
        '1',
        'yes',
        String(visible),
        '',
        "'@Ann Lee",
        'advisor',
        'old-crm.zip: -42',
        '20',
        'Medium',
        expect.stringContaining('lastName'),
      ]);
      expect(byKey.get('P2')!.slice(4)).toEqual(['', '', '', '', '', '', '', '', '', '']);
      expect(byKey.get('P3')!.slice(6, 13)).toEqual([
        '',
        String(staged.get('P1')!.id),
        "'=1+2 Lee",
        '',
        'this package: P1',
        '12',
        'Low',
      ]);
      expect(rows.flat().join('\n')).not.toContain('Hidden');
    });

    it('gives one row per visible suggestion with allSuggestions=true', async () => {
      server = await startTestServer(dialect);
      const { job, hidden, advisorCookie } = await importWithSuggestions(server);
      const rows = await csvOf(
        await server.request(`/api/imports/${job.id}/matches.csv?allSuggestions=true`, {
          headers: { cookie: advisorCookie },
        }),
      );
      expect(rows.slice(1).map((row) => [row[1], row[4]])).toEqual([
        ['P1', '1'],
        ['P2', ''],
        ['P3', '1'],
      ]);
      const admin = await server.login('admin', adminPassword);
      const asAdmin = await csvOf(
        await server.request(`/api/imports/${job.id}/matches.csv?allSuggestions=true`, {
          headers: { cookie: admin },
        }),
      );
      // The review shows the on-behalf-of user's contacts: an administrator's export does not add others.
      expect(asAdmin.slice(1).some((row) => row[6] === String(hidden))).toBe(false);
    });

    it('needs ImportProcessManage and answers 404 for an import the caller may not see', async () => {
      server = await startTestServer(dialect);
      const { job } = await importWithSuggestions(server);
      const viewer = await server.addUser('viewer', ['ImportProcessView']);
      expect(
        (await server.request(`/api/imports/${job.id}/matches.csv`, { headers: { cookie: viewer } })).status,
      ).toBe(403);
      const other = await server.addUser('other', ['ImportProcessManage']);
      expect(
        (await server.request(`/api/imports/${job.id}/matches.csv`, { headers: { cookie: other } })).status,
      ).toBe(404);
      expect((await server.request(`/api/imports/${job.id}/matches.csv`)).status).toBe(401);
      const document = (await (await server.request('/api/openapi.json')).json()) as {
        paths: Record<string, { get?: { operationId?: string } }>;
      };
      expect(document.paths['/api/imports/{id}/matches.csv']?.get?.operationId).toBe('getImportMatchesCsv');
    });
  });

  describe('GET /api/imports/:id/errors.csv', () => {
    let server: TestServer;
    afterEach(async () => {
      await server.close();
    });

    it('escapes values a spreadsheet would run as formulas, in the job file and in a file of the package', async () => {
      server = await startTestServer(dialect);
      const zip = await buildPackage({
        files: [
          { csv: 'people.csv', content: 'ID,First,Last,Born\n=1+2,Ann,Lee,+1 bad\n', mapping: peopleMapping },
        ],
      });
      const job = await importAndWait(server.app, zip);
      const cookie = await server.login('admin', adminPassword);
      const all = await csvOf(
        await server.request(`/api/imports/${job.id}/errors.csv`, { headers: { cookie } }),
      );
      expect(all[1]!.slice(0, 4)).toEqual(['people.csv', '2', 'Born', "'+1 bad"]);
      expect(all[1]![6]).toBe("'=1+2,Ann,Lee,+1 bad");
      const one = await csvOf(
        await server.request(`/api/imports/${job.id}/errors.csv?file=people.csv`, { headers: { cookie } }),
      );
      expect(one[1]!.slice(0, 4)).toEqual(["'=1+2", 'Ann', 'Lee', "'+1 bad"]);
    });
  });
});
