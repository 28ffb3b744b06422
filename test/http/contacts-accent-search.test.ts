import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ContactPage } from '../../src/contacts/contact-service.js';
import type { Contact } from '../../src/contacts/contact-view.js';
import { apiAs } from '../support/api-client.js';
import { describeEachDatabase } from '../support/databases.js';
import { waitForJob } from '../support/http-upload.js';
import { prepareReviewScenario } from '../support/review-fixtures.js';
import { adminPassword, startTestServer, type TestServer } from '../support/test-server.js';

/**
 * Name search ignores case and accents, whoever wrote the contact: the contacts API (create and
 * update) and Process. Each query word must begin a word of the name.
 */
describeEachDatabase(({ dialect }) => {
  describe('searching contacts by name, whatever the accents', () => {
    let server: TestServer;
    let admin: ReturnType<typeof apiAs>;
    beforeEach(async () => {
      server = await startTestServer(dialect);
      admin = apiAs(server, await server.login('admin', adminPassword));
    });
    afterEach(async () => {
      await server.close();
    });

    const namesFound = async (as: ReturnType<typeof apiAs>, q: string) =>
      (await as.get<ContactPage>(`/api/contacts?q=${encodeURIComponent(q)}`)).body.items.map(
        (contact) => contact.displayName,
      );

    it('finds a contact created through the API by its name without accents, in any case', async () => {
      await admin.post('/api/contacts', { kind: 'person', firstName: 'François', lastName: 'Müller' });
      await admin.post('/api/contacts', { kind: 'company', companyName: 'Société Générale' });
      await admin.post('/api/contacts', { kind: 'person', firstName: 'Frank', lastName: 'Miller' });

      for (const q of [
        'Francois',
        'muller',
        'MULLER',
        'müll',
        'francois muller',
        'MÜLLER, François',
        'fran mul',
      ]) {
        expect(await namesFound(admin, q), q).toEqual(['François Müller']);
      }
      expect(await namesFound(admin, 'societe generale')).toEqual(['Société Générale']);
      // Sorted by last name.
      expect(await namesFound(admin, 'fran')).toEqual(['Frank Miller', 'François Müller']);
      // A word must begin a word of the name: the middle of one is not a name search.
      expect(await namesFound(admin, 'ller')).toEqual([]);
    });

    it('finds a contact renamed through the API by its new name only', async () => {
      const { body: created } = await admin.post<Contact>('/api/contacts', {
        kind: 'person',
        firstName: 'Ann',
        lastName: 'Lee',
      });
      const renamed = await admin.patch(`/api/contacts/${created.id}`, {
        lastName: 'Ångström',
        preferredName: 'Zoë',
      });
      expect(renamed.status).toBe(200);

      expect(await namesFound(admin, 'angstrom')).toEqual(['Zoë Ångström']);
      expect(await namesFound(admin, 'ZOE')).toEqual(['Zoë Ångström']);
      expect(await namesFound(admin, 'lee')).toEqual([]);
    });

    it('finds a contact that Process created from an import', async () => {
      const scenario = await prepareReviewScenario(server.app);
      await server.app.auth.setPassword('advisor', 'advisor-password');
      await server.app.auth.grant('advisor', 'ImportProcessManage');
      await server.app.auth.grant('advisor', 'ImportProcessView');
      const advisorCookie = await server.login('advisor', 'advisor-password');
      const advisor = apiAs(server, advisorCookie);
      const staged = `/api/imports/${scenario.jobId}/staged/${scenario.staged.get('P2')!.id}`;
      expect((await advisor.patch(staged, { firstName: 'Chloé', lastName: 'Dvořák' })).status).toBe(200);
      expect((await callPut(staged, { action: 'create' }, advisorCookie)).status).toBe(200);

      expect((await advisor.post(`/api/imports/${scenario.jobId}/process`)).status).toBe(202);
      await waitForJob(
        server,
        advisorCookie,
        scenario.jobId,
        (job) => job.status === 'Waiting for User',
        'to process',
      );

      expect(await namesFound(advisor, 'chloe dvorak')).toEqual(['Chloé Dvořák']);
      expect(await namesFound(advisor, 'DVORAK')).toEqual(['Chloé Dvořák']);
    });

    /** apiAs has no PUT; the review's action is one. */
    async function callPut(path: string, body: unknown, cookie: string) {
      return server.request(`${path}/action`, {
        method: 'PUT',
        headers: { cookie, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    }
  });
});
