import { afterEach, describe, expect, it } from 'vitest';
import type { ImportJob } from '../../src/jobs/import-job.js';
import { backgroundStages } from '../../src/jobs/stages.js';
import { describeEachDatabase } from '../support/databases.js';
import { waitForJob } from '../support/http-upload.js';
import {
  addExistingContact,
  prepareReviewScenario,
  type ReviewScenario,
} from '../support/review-fixtures.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

describeEachDatabase(({ dialect }) => {
  describe('HTTP review, process, complete and undo', () => {
    let server: TestServer;
    let s: ReviewScenario;
    let cookie: string;
    afterEach(async () => {
      await server.close();
    });

    async function start() {
      server = await startTestServer(dialect);
      s = await prepareReviewScenario(server.app);
      await server.app.auth.setPassword('advisor', 'advisor-password');
      await server.app.auth.grant('advisor', 'ImportProcessManage');
      await server.app.auth.grant('advisor', 'ImportProcessView');
      cookie = await server.login('advisor', 'advisor-password');
    }

    const call = async (method: string, path: string, body?: unknown, as = cookie) => {
      const response = await server.request(path, {
        method,
        headers: { cookie: as, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return {
        status: response.status,
        body: text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text,
      };
    };
    const staged = (key: string) => `/api/imports/${s.jobId}/staged/${s.staged.get(key)!.id}`;

    it('lists staged contacts with filters, sorting and pages, shows one with its collections, and validates edits with the import converters', async () => {
      await start();
      const all = await call('GET', `/api/imports/${s.jobId}/staged?sort=name&limit=2`);
      expect(all.status).toBe(200);
      expect(all.body.total).toBe(4);
      expect(all.body.items.map((item: { legacyKey: string }) => item.legacyKey)).toEqual(['P1', 'P4']);
      const byQuality = await call('GET', `/api/imports/${s.jobId}/staged?sort=quality&hasMatch=true`);
      expect(byQuality.body.items.map((item: { legacyKey: string }) => item.legacyKey)).toEqual(['P1', 'P4']);
      const noMatch = await call('GET', `/api/imports/${s.jobId}/staged?hasMatch=false&name=sto`);
      expect(noMatch.body.items.map((item: { name: string }) => item.name)).toEqual(['Bob Stone']);

      const details = await call('GET', staged('P1'));
      expect(details.body.collections.categories).toEqual(['Client', 'VIP']);
      expect(details.body.collections.communications).toHaveLength(3);
      expect(details.body.match).toMatchObject({ contactId: s.ann, band: 'High' });

      const bad = await call('PATCH', staged('P1'), { birthDate: '31/02/1980', status: 'dormant' });
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toContain('is not a valid date');
      expect(bad.body.error.message).toContain('"dormant" is not a known status');
      const edited = await call('PATCH', staged('P1'), { firstName: 'Anne', status: 'ACTIVE' });
      expect(edited.status).toBe(200);
      expect(edited.body.fields).toMatchObject({ firstName: 'Anne', status: 'active' });
      expect(edited.body.editedAt).not.toBeNull();
    });

    it('compares staged and existing side by side, lists suggestions, and refuses a match the on-behalf-of user cannot see', async () => {
      await start();
      const compare = await call('GET', `${staged('P1')}/compare`);
      expect(compare.status).toBe(200);
      expect(compare.body.existing).toMatchObject({ id: s.ann, name: 'Ann Lee' });
      expect(compare.body.existing.collections.categories).toEqual(['Client']);
      expect(compare.body.fields.find((f: { field: string }) => f.field === 'position')).toEqual({
        field: 'position',
        staged: 'Partner',
        existing: 'Director',
        merged: 'Director',
        keeps: 'existing',
      });

      const suggestions = await call('GET', `${staged('P1')}/matches`);
      expect(suggestions.body).toMatchObject([
        { contactId: s.ann, band: 'High', selected: true, name: 'Ann Lee' },
      ]);

      const hidden = await call('PUT', `${staged('P1')}/match`, { contactId: s.hidden });
      expect(hidden.status).toBe(404);
      expect(hidden.body.error.code).toBe('CONTACT_NOT_FOUND');
      const other = await call('PUT', `${staged('P1')}/match`, { contactId: s.zed });
      expect(other.body.match).toEqual({ contactId: s.zed, stagedContactId: null, score: null, band: null });
      const back = await call('PUT', `${staged('P1')}/match`, { suggestionId: suggestions.body[0].id });
      expect(back.body.match).toMatchObject({ contactId: s.ann, band: 'High' });

      const mergeWithout = await call('PUT', `${staged('P2')}/action`, { action: 'merge' });
      expect(mergeWithout.status).toBe(400);
      const choice = await call('PUT', `${staged('P1')}/action`, {
        action: 'merge',
        fieldChoices: ['position'],
      });
      expect(choice.body).toMatchObject({ action: 'merge', fieldChoices: ['position'] });
      const compared = await call('GET', `${staged('P1')}/compare`);
      expect(compared.body.fields.find((f: { field: string }) => f.field === 'position')).toMatchObject({
        merged: 'Partner',
        keeps: 'staged',
      });

      const noManage = await server.addUser('viewer', ['ImportProcessView']);
      expect((await call('GET', `/api/imports/${s.jobId}/staged`, undefined, noManage)).status).toBe(403);
    });

    it('sets actions in bulk, deletes only with confirmation, processes, completes after confirming, reports and undoes', async () => {
      await start();
      const bulk = (filter: object, action: string) =>
        call('POST', `/api/imports/${s.jobId}/staged/bulk-action`, { filter, action });
      expect((await bulk({ band: 'High' }, 'merge')).body).toEqual({ updated: 2 });
      expect((await call('GET', `/api/imports/${s.jobId}/staged/summary`)).body).toEqual({
        total: 4,
        processed: 0,
        unprocessed: 4,
        withMatch: 2,
        byAction: { merge: 2, create: 0, discard: 0, none: 2 },
        byBand: { High: 2, Medium: 0, Low: 0, none: 2 },
        toProcess: 2,
        byOutcome: { pending: 4, created: 0, merged: 0, discarded: 0, notProcessed: 0, undone: 0 },
      });
      expect((await bulk({ hasMatch: false, name: 'bob' }, 'create')).body).toEqual({ updated: 1 });
      // Bob is left undecided again: Complete Import will ask before discarding him.
      expect((await call('PUT', `${staged('P2')}/action`, { action: null })).body.action).toBeNull();

      expect((await call('DELETE', staged('P3'), {})).status).toBe(409);
      expect((await call('DELETE', staged('P3'), { confirm: true })).status).toBe(204);
      expect((await call('GET', staged('P3'))).status).toBe(404);

      const processing = await call('POST', `/api/imports/${s.jobId}/process`);
      expect(processing.status, JSON.stringify(processing.body)).toBe(202);
      await waitForJob(server, cookie, s.jobId, (job) => job.status === 'Waiting for User', 'to process');
      expect((await call('PUT', `${staged('P1')}/action`, { action: 'discard' })).status).toBe(409);

      // A staged contact added back as undecided shows the confirmation at completion.
      await server.app.db
        .updateTable('staged_contacts')
        .set({ processed_at: null, action: null })
        .where('id', '=', s.staged.get('P2')!.id)
        .execute();
      const refused = await call('POST', `/api/imports/${s.jobId}/complete`, {});
      expect(refused.status).toBe(409);
      expect(refused.body.error).toMatchObject({
        code: 'CONFIRMATION_REQUIRED',
        details: { unprocessed: 1 },
      });
      const completing = await call('POST', `/api/imports/${s.jobId}/complete`, { confirm: true });
      expect(completing.status).toBe(202);
      const done = await waitForJob(
        server,
        cookie,
        s.jobId,
        (job: ImportJob) => job.status === 'Completed',
        'to complete',
      );
      expect(done.stage).toBe('Completed');

      const report = await call('GET', `/api/imports/${s.jobId}/report`);
      expect(report.body).toMatchObject({
        packageName: 'package.zip',
        totals: { merged: 2, created: 0, discardedAtCompletion: 1 },
        contactList: { name: 'Review test', size: 1 },
      });
      const csv = await call('GET', `/api/imports/${s.jobId}/report.csv`);
      expect(csv.body).toContain('Merged Contacts,2\r\n');

      const undo = await call('POST', `/api/imports/${s.jobId}/undo`);
      expect(undo.status).toBe(200);
      expect(undo.body).toMatchObject({ contactsDeleted: 0, contactsRestored: 1 });
      expect((await call('POST', `/api/imports/${s.jobId}/undo`)).status).toBe(409);
    });

    it('starts Match with duplicate keys: a shared phone makes a visible contact the High pre-selected match, and says so', async () => {
      await start();
      // Bob Stone's phone on someone else entirely: the score alone finds no match.
      const sharer = await addExistingContact(server.app, {
        owner: s.advisor,
        first: 'Xavier',
        last: 'Yung',
        phones: ['+16465550123'],
      });
      await addExistingContact(server.app, {
        owner: s.stranger,
        first: 'Bob',
        last: 'Stone',
        phones: ['+16465550123'],
      });
      const bad = await call('POST', `/api/imports/${s.jobId}/match`, { identifyBy: ['shoeSize'] });
      expect(bad.status).toBe(400);

      const started = await call('POST', `/api/imports/${s.jobId}/match`, { identifyBy: ['phone'] });
      expect(started.status).toBe(202);
      expect(started.body.identifyDuplicatesBy).toEqual(['phone']);
      const done = await waitForJob(
        server,
        cookie,
        s.jobId,
        (job) => job.status === 'Waiting for User',
        'to match',
      );
      expect(done.identifyDuplicatesBy).toEqual(['phone']);

      const details = await call('GET', staged('P2'));
      expect(details.body.match).toMatchObject({ contactId: sharer, band: 'High' });
      const suggestions = await call('GET', `${staged('P2')}/matches`);
      // The stranger's Bob Stone shares the phone too, but the advisor may not see it.
      expect(suggestions.body).toHaveLength(1);
      expect(suggestions.body[0]).toMatchObject({
        contactId: sharer,
        band: 'High',
        selected: true,
        explanation: { identifiedBy: 'phone' },
      });

      // Without a choice the score alone decides again: no match for Bob Stone.
      await call('POST', `/api/imports/${s.jobId}/match`);
      const again = await waitForJob(
        server,
        cookie,
        s.jobId,
        (job) => job.status === 'Waiting for User',
        'to match',
      );
      expect(again.identifyDuplicatesBy).toEqual([]);
      expect((await call('GET', `${staged('P2')}/matches`)).body).toEqual([]);
    });

    it('starts Match from a review stage (not while no Match stage can run) and answers IMPORT_WRONG_STAGE elsewhere', async () => {
      await start();
      const original = backgroundStages.Match;
      try {
        delete backgroundStages.Match;
        const unavailable = await call('POST', `/api/imports/${s.jobId}/match`);
        expect(unavailable.status).toBe(500);
        expect((await call('GET', `/api/imports/${s.jobId}`)).body.status).toBe('Waiting for User');
      } finally {
        if (original) backgroundStages.Match = original;
      }
      backgroundStages.Match = async () => ({
        next: { stage: 'Review Match Results', status: 'Waiting for User' },
      });
      try {
        const started = await call('POST', `/api/imports/${s.jobId}/match`);
        expect(started.status).toBe(202);
        expect(started.body).toMatchObject({ stage: 'Match', status: 'Running' });
        await waitForJob(server, cookie, s.jobId, (job) => job.status === 'Waiting for User', 'to match');
      } finally {
        if (original) backgroundStages.Match = original;
        else delete backgroundStages.Match;
      }
      const early = await call('POST', `/api/imports/${s.jobId}/undo`);
      expect(early.status).toBe(409);
      expect(early.body.error.code).toBe('IMPORT_WRONG_STAGE');
    });
  });
});
