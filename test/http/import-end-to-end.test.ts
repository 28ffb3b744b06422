/**
 * One import through every stage over real HTTP, as a user who is not an administrator: load,
 * Match against what that user may see, review, Process, Complete Import, the list and report.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Contact } from '../../src/contacts/contact-view.js';
import type { ImportJob } from '../../src/jobs/import-job.js';
import { callApi } from '../support/api-client.js';
import { describeEachDatabase } from '../support/databases.js';
import { upload, waitForJob } from '../support/http-upload.js';
import { buildPackage } from '../support/package-builder.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { seedAnnCatAndBob } from '../support/visibility-fixtures.js';

const peopleWithEmail = {
  dataType: 'person',
  keyColumn: 'ID',
  columns: [
    { column: 'First', attribute: 'firstName' },
    { column: 'Last', attribute: 'lastName' },
    { column: 'Born', attribute: 'birthDate' },
  ],
};
const emails = {
  dataType: 'communication',
  parentKeyColumn: 'Contact',
  columns: [{ column: 'Email', attribute: 'value' }],
  defaults: { channel: 'email', type: 'business' },
};

interface Staged {
  id: number;
  legacyKey: string;
  match: { contactId: number | null; band: string | null } | null;
  action: string | null;
  resultContactId: number | null;
}
interface Suggestion {
  contactId: number | null;
  stagedContactId: number | null;
  band: string;
}

describeEachDatabase(({ dialect }) => {
  describe('an import from upload to contact list, over HTTP', () => {
    let server: TestServer;
    afterEach(async () => {
      await server.close();
    });

    it('matches only what the on-behalf-of user may see, merges, creates, discards and lists exactly what changed', async () => {
      server = await startTestServer(dialect);
      const { ann, annCookie, bob, cat } = await seedAnnCatAndBob(server);

      const person = (first: string, last: string, email: string, birthDate: string) => ({
        kind: 'person',
        firstName: first,
        lastName: last,
        birthDate,
        communications: [{ channel: 'email', value: email }],
      });
      const create = async (as: typeof ann, body: object) => {
        const created = await as.post<Contact>('/api/contacts', body);
        expect(created.status, JSON.stringify(created.body)).toBe(201);
        return created.body.id;
      };
      const robert = await create(
        ann,
        person('Robert', 'Lindqvist', 'rob.lindqvist@example.com', '1971-04-12'),
      );
      const carla = await create(cat, person('Carla', 'Montoya', 'carla.montoya@example.com', '1985-09-30'));
      // Bob is in no team of Ann's: his contact is the perfect duplicate of a row, and must stay unseen.
      const bruno = await create(
        bob,
        person('Bruno', 'Bramwell', 'bruno.bramwell@example.com', '1960-01-05'),
      );

      const zip = await buildPackage({
        files: [
          {
            csv: 'people.csv',
            content:
              'ID,First,Last,Born\n' +
              'P1,Bob,Lindqvist,1971-04-12\n' + // Robert under his nickname
              'P2,Carla,Montoya,1985-09-30\n' +
              'P3,Bruno,Bramwell,1960-01-05\n' +
              'P4,Nadia,Okafor,1990-02-17\n',
            mapping: peopleWithEmail,
          },
          {
            csv: 'emails.csv',
            content:
              'Contact,Email\n' +
              'P1,rob.lindqvist@example.com\n' +
              'P2,carla.montoya@example.com\n' +
              'P3,bruno.bramwell@example.com\n' +
              'P4,nadia.okafor@example.com\n',
            mapping: emails,
          },
        ],
      });
      const started = await upload(server, annCookie, zip, { description: 'Autumn referrals' });
      expect(started.status).toBe(202);
      const jobId = ((await started.json()) as ImportJob).id;
      const waiting = (stage: string) =>
        waitForJob(server, annCookie, jobId, (job) => job.stage === stage && job.status !== 'Running', stage);
      expect(await waiting('Review Staged Data')).toMatchObject({
        status: 'Waiting for User',
        counts: { contactsStaged: 4, rowsRejected: 0 },
      });

      expect((await ann.post(`/api/imports/${jobId}/match`)).status).toBe(202);
      expect((await waiting('Review Match Results')).status).toBe('Waiting for User');

      const { body: page } = await ann.get<{ items: Staged[] }>(`/api/imports/${jobId}/staged?limit=50`);
      const byKey = new Map(page.items.map((staged) => [staged.legacyKey, staged]));
      const suggestions = new Map<string, Suggestion[]>();
      for (const staged of page.items) {
        const answer = await ann.get<Suggestion[]>(`/api/imports/${jobId}/staged/${staged.id}/matches`);
        expect(answer.status).toBe(200);
        suggestions.set(staged.legacyKey, answer.body);
      }
      const suggested = [...suggestions.values()].flat().map((s) => s.contactId);
      expect(suggested).not.toContain(bruno);
      expect(byKey.get('P3')?.match?.contactId ?? null).not.toBe(bruno);
      // The nickname and the team mate's contact are found and pre-selected.
      expect(byKey.get('P1')?.match).toMatchObject({ contactId: robert, band: 'High' });
      expect(byKey.get('P2')?.match).toMatchObject({ contactId: carla });
      expect(suggestions.get('P4')?.filter((s) => s.contactId !== null)).toEqual([]);
      // Bob's contact cannot be chosen by hand either.
      const p3 = byKey.get('P3')!;
      const stolen = await callApi(server, annCookie, 'PUT', `/api/imports/${jobId}/staged/${p3.id}/match`, {
        contactId: bruno,
      });
      expect(stolen.status).toBe(404);

      const act = async (key: string, action: string) => {
        const answer = await callApi(
          server,
          annCookie,
          'PUT',
          `/api/imports/${jobId}/staged/${byKey.get(key)!.id}/action`,
          { action },
        );
        expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      };
      await act('P1', 'merge');
      await act('P2', 'discard');
      await act('P3', 'create');
      await act('P4', 'create');
      expect((await ann.post(`/api/imports/${jobId}/process`)).status).toBe(202);
      await waitForJob(
        server,
        annCookie,
        jobId,
        (job) => job.stage === 'Review Match Results' && job.status === 'Waiting for User',
        'processed',
      );

      expect((await ann.post(`/api/imports/${jobId}/complete`, { confirm: true })).status).toBe(202);
      const completed = await waitForJob(
        server,
        annCookie,
        jobId,
        (job) => job.status === 'Completed',
        'done',
      );
      expect(completed.stage).toBe('Completed');

      // The list named by the description holds Robert (merged) and the two new people, nothing else.
      const { body: lists } = await ann.get<Array<{ id: number; name: string }>>('/api/lists');
      const list = lists.find((l) => l.name === 'Autumn referrals');
      expect(list).toBeDefined();
      const { body: members } = await ann.get<{ items: Array<{ id: number; displayName: string }> }>(
        `/api/lists/${list!.id}/contacts`,
      );
      const names = members.items.map((m) => m.displayName).sort();
      expect(names).toEqual(['Bruno Bramwell', 'Nadia Okafor', 'Robert Lindqvist']);
      expect(members.items.map((m) => m.id)).toContain(robert);
      expect(members.items.map((m) => m.id)).not.toContain(bruno);
      expect(members.items.map((m) => m.id)).not.toContain(carla);

      // Robert gained the legacy key; the existing email was not added twice.
      const { body: merged } = await ann.get<Contact & { communications: unknown[]; legacyKeys: unknown[] }>(
        `/api/contacts/${robert}`,
      );
      expect(merged.firstName).toBe('Robert');
      expect(merged.communications).toHaveLength(1);
      expect(merged.legacyKeys).toEqual([expect.objectContaining({ legacyKey: 'P1' })]);

      const { body: report } = await ann.get<Record<string, unknown>>(`/api/imports/${jobId}/report`);
      expect(report).toMatchObject({ description: 'Autumn referrals' });
      expect(JSON.stringify(report)).toMatch(/"merged":1/);
      expect(JSON.stringify(report)).toMatch(/"created":2/);
      expect(JSON.stringify(report)).toMatch(/"discarded":1/);

      const { body: notifications } = await ann.get<Array<{ text: string }>>('/api/notifications');
      // One alarm for loading the package (the seed's text), one of its own for Complete Import.
      expect(notifications.map((n) => n.text).sort()).toEqual([
        'Complete Import of Package "Autumn referrals" Finished: Contact List "Autumn referrals" Holds 3 Contacts',
        'Import of Package "Autumn referrals" Completed Successfully',
      ]);
    });
  });
});
