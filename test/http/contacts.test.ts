import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ContactPage } from '../../src/contacts/contact-service.js';
import type { Contact, ContactHistoryEntry } from '../../src/contacts/contact-view.js';
import { apiAs } from '../support/api-client.js';
import { describeEachDatabase } from '../support/databases.js';
import { adminPassword, startTestServer, type TestServer } from '../support/test-server.js';

const ann = {
  kind: 'person',
  title: 'Dr',
  firstName: 'Ann',
  lastName: 'Lee',
  birthDate: '1980-04-02',
  status: 'Active',
  addresses: [
    { type: 'home', street: '1 Main St', city: 'Springfield', postalCode: '12345', isPrimary: true },
  ],
  communications: [
    { channel: 'email', type: 'business', value: 'Ann.Lee@Example.COM', isPrimary: true },
    { channel: 'phone', type: 'mobile', value: '(202) 555-0143' },
  ],
  categories: ['client', 'VIP'],
  notes: [{ subject: 'Met', text: 'Met at the fair', date: '2024-05-01' }],
  fieldValues: [{ field: 'risk profile', value: 'medium' }],
  legacyKeys: [{ legacyKey: 'C-1', source: 'crm.zip' }],
};

describeEachDatabase(({ dialect }) => {
  describe('HTTP contacts', () => {
    let server: TestServer;
    let admin: ReturnType<typeof apiAs>;
    beforeEach(async () => {
      server = await startTestServer(dialect);
      admin = apiAs(server, await server.login('admin', adminPassword));
    });
    afterEach(async () => {
      await server.close();
    });

    it('creates a person with every collection, checked and normalised by the import’s converters', async () => {
      const created = await admin.post<Contact>('/api/contacts', ann);
      expect(created.status).toBe(201);
      const contact = created.body;
      expect(contact).toMatchObject({
        kind: 'person',
        displayName: 'Ann Lee',
        email: 'Ann.Lee@example.com',
        phone: '+12025550143',
        ownerUserName: 'admin',
        birthDate: '1980-04-02',
        status: 'active',
        categories: ['Client', 'VIP'],
        addresses: [{ street: '1 Main St', postalCode: '12345', isPrimary: true }],
        communications: [
          { channel: 'email', value: 'Ann.Lee@example.com', isPrimary: true },
          { channel: 'phone', type: 'mobile', value: '+12025550143', isPrimary: null },
        ],
        notes: [{ subject: 'Met', text: 'Met at the fair', date: '2024-05-01' }],
        fieldValues: [{ scope: 'custom', field: 'Risk Profile', value: 'Medium' }],
        legacyKeys: [{ legacyKey: 'C-1', source: 'crm.zip' }],
      });
      expect((await admin.get<Contact>(`/api/contacts/${contact.id}`)).body).toEqual(contact);

      const db = server.app.db;
      const row = await db.selectFrom('contacts').select('sort_name').executeTakeFirstOrThrow();
      expect(row.sort_name).toBe('lee ann');
      const normalized = await db
        .selectFrom('contact_communications')
        .select('normalized_value')
        .orderBy('id')
        .execute();
      expect(normalized.map((r) => r.normalized_value)).toEqual(['ann.lee@example.com', '+12025550143']);
      const keys = await db
        .selectFrom('contact_match_keys')
        .select('match_key')
        .where('contact_id', '=', contact.id)
        .execute();
      expect(keys.map((k) => k.match_key)).toEqual(
        expect.arrayContaining(['e:ann.lee@example.com', 'p:+12025550143', 'l:C-1']),
      );
      // Name keys are the matcher's business (see docs/matching.md); some must be there.
      expect(keys.some((k) => k.match_key.startsWith('n:'))).toBe(true);
      const history = (await admin.get<ContactHistoryEntry[]>(`/api/contacts/${contact.id}/history`)).body;
      expect(history).toMatchObject([
        { entity: 'contact', action: 'create', userName: 'admin', jobId: null },
      ]);
      expect(history[0]?.after).toMatchObject({
        contact: { first_name: 'Ann', last_name: 'Lee' },
        collections: {
          contact_communications: [{ value: 'Ann.Lee@example.com' }, { value: '+12025550143' }],
        },
      });
    });

    it('answers 400 with every problem and writes nothing when values are invalid', async () => {
      const answer = await admin.post<{ error: { code: string; message: string } }>('/api/contacts', {
        kind: 'person',
        lastName: 'Lee',
        birthDate: '02/04/1980',
        communications: [
          { channel: 'email', value: 'not-an-email' },
          { channel: 'phone', value: '12' },
        ],
        categories: ['Unknown'],
      });
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe('INVALID_ARGUMENT');
      expect(answer.body.error.message).toMatch(/birthDate: .*not a valid date/);
      expect(answer.body.error.message).toMatch(
        /communications\[0\]\.value: "not-an-email" is not a valid email/,
      );
      expect(answer.body.error.message).toMatch(/communications\[1\]\.value: "12" is not a valid phone/);
      expect(answer.body.error.message).toMatch(/categories\[0\]: "Unknown" is not one of/);
      const nameless = await admin.post('/api/contacts', { kind: 'person', title: 'Mr' });
      expect(nameless.status).toBe(400);
      const count = await server.app.db
        .selectFrom('contacts')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(count.n)).toBe(0);
    });

    it('changes fields and collections, keeping unchanged entries, refreshing keys and auditing each change', async () => {
      const { body: contact } = await admin.post<Contact>('/api/contacts', ann);
      const changed = await admin.patch<Contact>(`/api/contacts/${contact.id}`, {
        firstName: 'Anne',
        title: null,
        communications: [
          { channel: 'email', type: 'business', value: 'Ann.Lee@Example.COM', isPrimary: true },
          { channel: 'email', value: 'anne@home.example' },
        ],
        addresses: contact.addresses,
      });
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({ firstName: 'Anne', title: null, displayName: 'Anne Lee' });
      expect(changed.body.addresses[0]?.id).toBe(contact.addresses[0]?.id);
      expect(changed.body.communications.map((c) => c.value)).toEqual([
        'Ann.Lee@example.com',
        'anne@home.example',
      ]);
      expect(changed.body.communications[0]?.id).toBe(contact.communications[0]?.id);

      const history = (await admin.get<ContactHistoryEntry[]>(`/api/contacts/${contact.id}/history`)).body;
      const changes = history
        .slice(1)
        .map((entry) => [entry.entity, entry.action, entry.field, entry.before, entry.after]);
      expect(changes).toEqual(
        expect.arrayContaining([
          ['contact', 'update', 'first_name', 'Ann', 'Anne'],
          ['contact', 'update', 'title', 'Dr', null],
          [
            'contact_communications',
            'remove',
            null,
            expect.objectContaining({ value: '+12025550143' }),
            null,
          ],
          [
            'contact_communications',
            'add',
            null,
            null,
            expect.objectContaining({ value: 'anne@home.example' }),
          ],
        ]),
      );
      expect(changes).toHaveLength(4);
      expect(history.every((entry) => entry.userName === 'admin' && entry.jobId === null)).toBe(true);

      const keys = await server.app.db
        .selectFrom('contact_match_keys')
        .select('match_key')
        .where('contact_id', '=', contact.id)
        .execute();
      const keyList = keys.map((k) => k.match_key);
      expect(keyList).toEqual(expect.arrayContaining(['e:anne@home.example']));
      expect(keyList).not.toContain('p:+12025550143');
      const row = await server.app.db.selectFrom('contacts').select('sort_name').executeTakeFirstOrThrow();
      expect(row.sort_name).toBe('lee anne');
    });

    it('creates for and reassigns to another owner only as an administrator', async () => {
      const advisor = apiAs(server, await server.addUser('advisor', []));
      await server.app.repositories.users.create({ userName: 'other' });
      const refused = await advisor.post('/api/contacts', {
        kind: 'person',
        lastName: 'X',
        ownerUserName: 'other',
      });
      expect(refused.status).toBe(403);
      const own = await advisor.post<Contact>('/api/contacts', { kind: 'company', companyName: 'Acme' });
      expect(own.body.ownerUserName).toBe('advisor');
      const reassign = await advisor.patch(`/api/contacts/${own.body.id}`, { ownerUserName: 'other' });
      expect(reassign.status).toBe(403);

      const forOther = await admin.post<Contact>('/api/contacts', {
        kind: 'person',
        lastName: 'Y',
        ownerUserName: 'advisor',
      });
      expect(forOther.body.ownerUserName).toBe('advisor');
      const moved = await admin.patch<Contact>(`/api/contacts/${own.body.id}`, { ownerUserName: 'other' });
      expect(moved.body.ownerUserName).toBe('other');
      expect((await advisor.get(`/api/contacts/${own.body.id}`)).status).toBe(404);
    });

    it('deletes a contact, keeping its audit trail', async () => {
      const { body: contact } = await admin.post<Contact>('/api/contacts', ann);
      expect((await admin.delete(`/api/contacts/${contact.id}`)).status).toBe(204);
      expect((await admin.get(`/api/contacts/${contact.id}`)).status).toBe(404);
      expect((await admin.delete(`/api/contacts/${contact.id}`)).status).toBe(404);
      const audit = await server.app.db
        .selectFrom('contact_audit')
        .select(['action', 'before_value', 'user_id', 'job_id'])
        .where('contact_id', '=', contact.id)
        .orderBy('id')
        .execute();
      expect(audit.map((row) => row.action)).toEqual(['create', 'delete']);
      expect(JSON.parse(audit[1]?.before_value ?? '{}')).toMatchObject({
        contact: { last_name: 'Lee' },
        collections: { contact_categories: [{ category: 'Client' }, { category: 'VIP' }] },
      });
      expect(audit[1]).toMatchObject({ job_id: null, user_id: expect.any(Number) });
      const leftovers = await server.app.db.selectFrom('contact_communications').selectAll().execute();
      expect(leftovers).toEqual([]);
    });

    it('pages and sorts the list, with the total of every match', async () => {
      const names = ['Garcia', 'adams', 'Émile', 'Baker', 'Fox', 'Chen', 'Dupont'];
      for (const lastName of names) await admin.post('/api/contacts', { kind: 'person', lastName });
      const first = (await admin.get<ContactPage>('/api/contacts?pageSize=3')).body;
      expect(first.total).toBe(7);
      expect(first.items.map((c) => c.displayName)).toEqual(['adams', 'Baker', 'Chen']);
      const third = (await admin.get<ContactPage>('/api/contacts?pageSize=3&page=3')).body;
      expect(third.items.map((c) => c.displayName)).toEqual(['Émile']);
      const reversed = (await admin.get<ContactPage>('/api/contacts?pageSize=2&sort=-name')).body;
      expect(reversed.items.map((c) => c.displayName)).toEqual(['Émile', 'Garcia']);
      const newest = (await admin.get<ContactPage>('/api/contacts?pageSize=1&sort=-created')).body;
      expect(newest.items.map((c) => c.displayName)).toEqual(['Dupont']);
      expect((await admin.get('/api/contacts?pageSize=1000')).status).toBe(400);
      expect((await admin.get('/api/contacts?sort=owner')).status).toBe(400);
    });

    it('finds contacts by name in any order and case, by email and by phone in any format', async () => {
      const { body: lee } = await admin.post<Contact>('/api/contacts', ann);
      await admin.post('/api/contacts', {
        kind: 'person',
        firstName: 'Leo',
        lastName: 'Annan',
        communications: [{ channel: 'email', value: 'leo@annan.example' }],
      });
      await admin.post('/api/contacts', { kind: 'company', companyName: 'Lee & Partners' });
      const ids = async (q: string) =>
        (await admin.get<ContactPage>(`/api/contacts?q=${encodeURIComponent(q)}`)).body.items.map(
          (c) => c.displayName,
        );

      expect(await ids('ann lee')).toEqual(['Ann Lee']);
      expect(await ids('LEE, Ann')).toEqual(['Ann Lee']);
      expect(await ids('lee')).toEqual(['Lee & Partners', 'Ann Lee']);
      expect(await ids('ANN.LEE@example')).toEqual(['Ann Lee']);
      expect(await ids('annan.example')).toEqual(['Leo Annan']);
      for (const phone of ['(202) 555-0143', '+1 202 555 0143', '202.555.0143', '555-0143']) {
        expect(await ids(phone)).toEqual(['Ann Lee']);
      }
      expect(await ids('50%')).toEqual([]);
      const page = (await admin.get<ContactPage>('/api/contacts?q=ann%20lee')).body;
      expect(page).toEqual({
        items: [
          {
            id: lee.id,
            kind: 'person',
            displayName: 'Ann Lee',
            email: 'Ann.Lee@example.com',
            phone: '+12025550143',
            ownerUserName: 'admin',
          },
        ],
        total: 1,
      });
    });

    it('needs a signed-in user', async () => {
      expect((await server.request('/api/contacts')).status).toBe(401);
      expect((await server.request('/api/lists')).status).toBe(401);
    });
  });
});
