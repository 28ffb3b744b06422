import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ContactList, ContactPage } from '../../src/contacts/contact-service.js';
import type { Contact } from '../../src/contacts/contact-view.js';
import { repoRoot } from '../support/cli.js';
import { describeEachDatabase } from '../support/databases.js';
import { upload, waitUntilFinished } from '../support/http-upload.js';
import { adminPassword, startTestServer, type TestServer } from '../support/test-server.js';
import { seedAnnCatAndBob } from '../support/visibility-fixtures.js';

const errorPackage = path.join(repoRoot, 'examples/northwind-errors.zip');

/** What only B's contact carries: none of it may ever reach A. */
const bobsContact = {
  kind: 'person',
  firstName: 'Bruno',
  lastName: 'Bramwell',
  communications: [
    { channel: 'email', value: 'bruno.bramwell@b-only.example' },
    { channel: 'phone', value: '+1 202 555 0199' },
  ],
  legacyKeys: [{ legacyKey: 'B-SECRET-1', source: 'bob.zip' }],
};
const bobsMarkers = ['Bruno', 'Bramwell', 'bruno.bramwell', 'b-only.example', '2025550199', 'B-SECRET-1'];

describeEachDatabase(({ dialect }) => {
  describe('contact visibility', () => {
    let server: TestServer;
    afterEach(async () => {
      await server.close();
    });

    it("never gives user A, through any endpoint, a contact owned by user B outside A's team", async () => {
      server = await startTestServer(dialect);
      const { admin, ann, annCookie, annUser, bob, cat, advisors } = await seedAnnCatAndBob(server);

      const create = async (as: typeof ann, body: object) =>
        (await as.post<Contact>('/api/contacts', body)).body.id;
      const annId = await create(ann, {
        kind: 'person',
        firstName: 'Alice',
        lastName: 'Abbott',
        communications: [{ channel: 'email', value: 'alice@a.example' }],
      });
      const bobId = await create(bob, bobsContact);
      const catId = await create(cat, { kind: 'person', firstName: 'Carla', lastName: 'Bramble' });
      const adminId = await create(admin, { kind: 'company', companyName: 'Admin Holdings' });

      // Contact lists as Complete Import leaves them: Ann's holds all three advisors' contacts.
      const db = server.app.db;
      const now = new Date().toISOString();
      const annList = await db
        .insertInto('contact_lists')
        .values({ name: 'Ann import', owner_user_id: annUser.id, job_id: null, created_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      const bobUser = (await server.app.repositories.users.findByUserName('bob'))!;
      const bobList = await db
        .insertInto('contact_lists')
        .values({ name: 'Bob import', owner_user_id: bobUser.id, job_id: null, created_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('contact_list_members')
        .values([
          { list_id: annList.id, contact_id: annId },
          { list_id: annList.id, contact_id: bobId },
          { list_id: annList.id, contact_id: catId },
          { list_id: bobList.id, contact_id: bobId },
        ])
        .execute();

      // An import done on behalf of A: its error report holds rows of A's own package only.
      const adminCookie = await server.login('admin', adminPassword);
      const uploaded = await upload(server, adminCookie, errorPackage, {
        description: 'For Ann',
        onBehalfOf: 'ann',
      });
      expect(uploaded.status).toBe(202);
      const { id: jobId } = (await uploaded.json()) as { id: number };
      const job = await waitUntilFinished(server, adminCookie, jobId);
      expect(job.counts.errorCount).toBeGreaterThan(0);

      // Every answer A gets is kept, to check at the end that none carries anything of B's.
      const answers: string[] = [];
      const asAnn = async <T>(call: Promise<{ status: number; body: T }>) => {
        const answer = await call;
        answers.push(JSON.stringify(answer.body));
        return answer;
      };
      const idsOf = (page: ContactPage) => page.items.map((item) => item.id).sort((a, b) => a - b);

      const all = await asAnn(ann.get<ContactPage>('/api/contacts?pageSize=200'));
      expect(idsOf(all.body)).toEqual([annId, catId]);
      expect(all.body.total).toBe(2);
      for (const sort of ['-name', 'created', '-updated']) {
        expect(idsOf((await asAnn(ann.get<ContactPage>(`/api/contacts?sort=${sort}`))).body)).toEqual([
          annId,
          catId,
        ]);
      }
      for (const q of [
        'Bruno',
        'bramwell',
        'bruno bramwell',
        'bruno.bramwell@b-only.example',
        'b-only',
        '+1 202 555 0199',
        '(202) 555-0199',
        '555-0199',
      ]) {
        const found = await asAnn(ann.get<ContactPage>(`/api/contacts?q=${encodeURIComponent(q)}`));
        expect(found.body, `search "${q}"`).toEqual({ items: [], total: 0 });
      }
      // "bram" finds C's Bramble (A's team) but not B's Bramwell.
      expect(idsOf((await asAnn(ann.get<ContactPage>('/api/contacts?q=bram'))).body)).toEqual([catId]);

      for (const answer of [
        await asAnn(ann.get(`/api/contacts/${bobId}`)),
        await asAnn(ann.get(`/api/contacts/${bobId}/history`)),
        await asAnn(ann.patch(`/api/contacts/${bobId}`, { firstName: 'Mallory' })),
        await asAnn(ann.delete(`/api/contacts/${bobId}`)),
      ]) {
        expect(answer.status).toBe(404);
        expect(answer.body).toMatchObject({ error: { code: 'CONTACT_NOT_FOUND' } });
      }
      expect((await asAnn(ann.get<Contact>(`/api/contacts/${catId}`))).body.lastName).toBe('Bramble');
      expect((await asAnn(ann.get(`/api/contacts/${catId}/history`))).status).toBe(200);

      const lists = await asAnn(ann.get<ContactList[]>('/api/lists'));
      expect(lists.body.map((list) => list.id)).toEqual([annList.id]);
      const members = await asAnn(ann.get<ContactPage>(`/api/lists/${annList.id}/contacts`));
      expect(idsOf(members.body)).toEqual([annId, catId]);
      expect(members.body.total).toBe(2);
      expect(
        (await asAnn(ann.get<ContactPage>(`/api/lists/${annList.id}/contacts?q=bruno`))).body.total,
      ).toBe(0);
      const othersList = await asAnn(ann.get(`/api/lists/${bobList.id}/contacts`));
      expect(othersList.status).toBe(404);
      expect(othersList.body).toMatchObject({ error: { code: 'LIST_NOT_FOUND' } });

      const errorLog = await asAnn(ann.get<{ total: number }>(`/api/imports/${jobId}/errors`));
      expect(errorLog.status).toBe(200);
      expect(errorLog.body.total).toBe(job.counts.errorCount);
      const csv = await server.request(`/api/imports/${jobId}/errors.csv`, {
        headers: { cookie: annCookie },
      });
      expect(csv.status).toBe(200);
      answers.push(await csv.text());
      expect(answers.at(-1)).toContain('contacts.csv');

      for (const answer of answers) {
        for (const marker of bobsMarkers) expect(answer).not.toContain(marker);
      }
      // B's contact is still there, untouched, for B and for the administrator.
      expect((await bob.get<Contact>(`/api/contacts/${bobId}`)).body.firstName).toBe('Bruno');

      // C (A's team) sees A's and their own; B only their own; the administrator everything.
      expect(idsOf((await cat.get<ContactPage>('/api/contacts')).body)).toEqual([annId, catId]);
      expect(idsOf((await bob.get<ContactPage>('/api/contacts')).body)).toEqual([bobId]);
      expect((await bob.get(`/api/contacts/${annId}`)).status).toBe(404);
      expect(idsOf((await admin.get<ContactPage>('/api/contacts')).body)).toEqual([
        annId,
        bobId,
        catId,
        adminId,
      ]);
      expect(idsOf((await admin.get<ContactPage>(`/api/lists/${annList.id}/contacts`)).body)).toEqual([
        annId,
        bobId,
        catId,
      ]);
      expect((await admin.get<ContactPage>('/api/contacts?q=bruno')).body.total).toBe(1);

      // The rule follows the teams as they are now: C leaves A's team and A no longer sees C's contact.
      await admin.delete(`/api/teams/${advisors.id}/members/cat`);
      expect((await ann.get(`/api/contacts/${catId}`)).status).toBe(404);
      expect(idsOf((await ann.get<ContactPage>('/api/contacts')).body)).toEqual([annId]);
    });
  });
});
