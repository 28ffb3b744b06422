import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app/open-app.js';
import {
  type CollectionTable,
  type ContactSnapshot,
  collectionTables,
} from '../../src/db/repositories/contact-records.js';
import { runImportJob } from '../../src/jobs/job-runner.js';
import { matchIndexOfSnapshot } from '../../src/pipeline/process/contact-match-profile.js';
import type { IndexingMode } from '../../src/pipeline/process/match-indexer.js';
import { entryKey } from '../../src/pipeline/process/merge-plan.js';
import { processStagedContacts } from '../../src/pipeline/process/process-staged-contacts.js';
import type { ReviewActor } from '../../src/pipeline/review/import-access.js';
import { writeSamplePackage } from '../../src/sample/write-sample-package.js';
import { describeEachDatabase } from '../support/databases.js';
import { tempDir } from '../support/package-builder.js';
import { atReviewMatchResults, prepareReviewScenario, snapshotContacts } from '../support/review-fixtures.js';
import { importAndWait, openTestApp } from '../support/test-app.js';

const run = (app: App, jobId: number) =>
  runImportJob(jobId, { repositories: app.repositories, config: app.config });

async function samplePackage(contacts: number, seed: number): Promise<string> {
  const out = path.join(tempDir(), `sample-${seed}.zip`);
  await writeSamplePackage({ contacts, out, seed });
  return out;
}

async function processAll(app: App, jobId: number, batchSize: number, indexing?: IndexingMode) {
  const job = (await app.repositories.importJobs.find(jobId))!;
  await processStagedContacts({ job, repositories: app.repositories, batchSize, indexing });
  return (await app.repositories.importJobs.find(jobId))!;
}

async function auditOf(app: App, jobId: number) {
  return app.db.selectFrom('contact_audit').selectAll().where('job_id', '=', jobId).orderBy('id').execute();
}

/** The contact's stored match keys and profile, and those its stored data gives. */
async function matchIndexes(app: App, snapshot: ContactSnapshot) {
  const id = snapshot.contact.id;
  const keys = await app.db
    .selectFrom('contact_match_keys')
    .select('match_key')
    .where('contact_id', '=', id)
    .execute();
  const profile = await app.db
    .selectFrom('contact_match_profiles')
    .select('profile')
    .where('contact_id', '=', id)
    .executeTakeFirst();
  const expected = matchIndexOfSnapshot(snapshot);
  return {
    stored: { keys: keys.map((k) => k.match_key).sort(), profile: profile && JSON.parse(profile.profile) },
    expected: { keys: [...expected.keys].sort(), profile: JSON.parse(JSON.stringify(expected.profile)) },
  };
}

describeEachDatabase(({ dialect }) => {
  describe('Process writes', () => {
    let app: App;
    afterEach(async () => {
      await app.close();
    });

    // The match index is computed in the indexing thread, as from the build on several CPUs (the
    // thread runs the build: npm run build, which npm test does first); the other tests compute
    // it in the stage's thread, as from the sources.
    it('creates a batch larger than one statement: each contact is stored exactly as its audit entry says, with its match keys (computed in the indexing thread), and merges a second package into them the same way; undo restores the state before the merges', async () => {
      app = await openTestApp({}, dialect);
      const admin = (await app.repositories.users.findByUserName('admin'))!;
      const actor: ReviewActor = { id: admin.id, isAdmin: true };

      const first = await importAndWait(app, await samplePackage(300, 3), { description: 'First' });
      await app.db
        .updateTable('staged_contacts')
        .set({ action: 'create' })
        .where('job_id', '=', first.id)
        .execute();
      const created = await processAll(app, first.id, 1000, 'thread');
      expect([created.contacts_created, created.contacts_merged, created.contacts_discarded]).toEqual([
        300, 0, 0,
      ]);
      const creates = await auditOf(app, first.id);
      expect(creates.map((row) => row.action)).toEqual(Array(300).fill('create'));
      const stored = await app.repositories.processing.snapshots(creates.map((row) => row.contact_id));
      expect(stored.size).toBe(300);
      for (const row of creates) {
        const snapshot = stored.get(row.contact_id)!;
        expect(JSON.parse(row.after_value!)).toEqual(JSON.parse(JSON.stringify(snapshot)));
        const { stored: index, expected } = await matchIndexes(app, snapshot);
        expect(index).toEqual(expected);
      }

      // The same keys with other people's data: merges that fill fields and add most entries.
      const second = await importAndWait(app, await samplePackage(300, 4), { description: 'Second' });
      for (const staged of await app.db
        .selectFrom('staged_contacts')
        .select(['id', 'legacy_key'])
        .where('job_id', '=', second.id)
        .execute()) {
        const made = await app.db
          .selectFrom('staged_contacts')
          .select('result_contact_id')
          .where('job_id', '=', first.id)
          .where('legacy_key', '=', staged.legacy_key)
          .executeTakeFirst();
        await app.db
          .updateTable('staged_contacts')
          .set(made ? { action: 'merge', match_contact_id: made.result_contact_id } : { action: 'create' })
          .where('id', '=', staged.id)
          .execute();
      }
      const beforeMerges = await snapshotContacts(app);
      const merged = await processAll(app, second.id, 1000, 'thread');
      expect(merged.contacts_created + merged.contacts_merged).toBe(300);
      expect(merged.contacts_merged).toBeGreaterThan(250);

      const trail = await auditOf(app, second.id);
      const touched = await app.repositories.processing.snapshots([
        ...new Set(trail.map((row) => row.contact_id)),
      ]);
      for (const row of trail.filter((entry) => entry.action === 'add')) {
        const table = row.entity as CollectionTable;
        const current = touched
          .get(row.contact_id)!
          .collections[table].find((entry) => entry.id === row.entity_id);
        expect(JSON.parse(row.after_value!)).toEqual(current);
      }
      for (const snapshot of touched.values()) {
        for (const table of collectionTables) {
          const keys = snapshot.collections[table].map((entry) => entryKey(table, entry));
          expect(new Set(keys).size, `${table} of contact ${snapshot.contact.id}`).toBe(keys.length);
        }
        const { stored: index, expected } = await matchIndexes(app, snapshot);
        expect(index).toEqual(expected);
      }

      await atReviewMatchResults(app, second.id);
      await app.importFlow.startCompletion(actor, second.id, true);
      await run(app, second.id);
      await app.importFlow.undo(actor, second.id);
      expect(await snapshotContacts(app)).toEqual(beforeMerges);
    });

    it('keeps the match keys exact when a contact made earlier in the same transaction is merged into, its last name replaced', async () => {
      app = await openTestApp({}, dialect);
      const job = await importAndWait(app, await samplePackage(12, 5), { description: 'One transaction' });
      const staged = await app.db
        .selectFrom('staged_contacts')
        .select(['id', 'last_name'])
        .where('job_id', '=', job.id)
        .where('kind', '=', 'person')
        .orderBy('id')
        .execute();
      const [first, last] = [staged[0]!, staged.at(-1)!];
      expect(last.last_name).not.toBe(first.last_name);
      await app.db
        .updateTable('staged_contacts')
        .set({ action: 'create' })
        .where('job_id', '=', job.id)
        .execute();
      // The last staged contact merges into what the first became, taking its own last name.
      await app.db
        .updateTable('staged_contacts')
        .set({
          action: 'merge',
          match_contact_id: null,
          match_staged_contact_id: first.id,
          field_choices: JSON.stringify(['last_name']),
        })
        .where('id', '=', last.id)
        .execute();
      // One transaction of slices of one: the first is created (its keys not yet inserted) slices
      // before the merge into it.
      const done = await processStagedContacts({
        job: (await app.repositories.importJobs.find(job.id))!,
        repositories: app.repositories,
        batchSize: 1000,
        sliceRows: 1,
      }).then(() => app.repositories.importJobs.find(job.id));
      expect(done!.contacts_merged).toBe(1);
      const results = await app.db
        .selectFrom('staged_contacts')
        .select(['id', 'result_contact_id'])
        .where('id', 'in', [first.id, last.id])
        .orderBy('id')
        .execute();
      expect(results[1]!.result_contact_id).toBe(results[0]!.result_contact_id);
      const made = (await app.repositories.processing.snapshots([results[0]!.result_contact_id!])).get(
        results[0]!.result_contact_id!,
      )!;
      expect(made.contact.last_name).toBe(last.last_name);
      const { stored: index, expected } = await matchIndexes(app, made);
      // The keys of the first's last name are gone, those of the merged contact are all there.
      expect(index.keys).toEqual(expected.keys);
      // And every other contact of the transaction has its own keys, inserted once at its end.
      const outcomes = await app.db
        .selectFrom('staged_contacts')
        .select('result_contact_id')
        .where('job_id', '=', job.id)
        .execute();
      const all = await app.repositories.processing.snapshots([
        ...new Set(outcomes.map((row) => row.result_contact_id!)),
      ]);
      expect(all.size).toBe(outcomes.length - 1);
      for (const snapshot of all.values()) {
        const { stored, expected: wanted } = await matchIndexes(app, snapshot);
        expect(stored.keys).toEqual(wanted.keys);
      }
    });

    it('replaces a custom field value the reviewer chose, and undo puts the old one back', async () => {
      app = await openTestApp({}, dialect);
      const s = await prepareReviewScenario(app);
      const actor: ReviewActor = { id: s.advisor, isAdmin: false };
      const p1 = s.staged.get('P1')!;
      const old = await app.db
        .insertInto('contact_field_values')
        .values({
          contact_id: s.ann,
          scope: 'custom',
          field: 'Region',
          value: 'West',
          created_by_job_id: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await app.db
        .insertInto('staged_field_values')
        .values({
          job_id: s.jobId,
          source_file: 'people.csv',
          source_line: 2,
          contact_key: 'P1',
          scope: 'custom',
          field: 'Region',
          value: 'East',
        })
        .execute();
      const before = await snapshotContacts(app);
      await app.review.setAction(actor, s.jobId, p1.id, 'merge', ['custom.Region']);
      await app.importFlow.startProcess(actor, s.jobId);
      await run(app, s.jobId);

      const ann = (await app.repositories.processing.snapshots([s.ann])).get(s.ann)!;
      expect(ann.collections.contact_field_values.map((row) => [row.field, row.value])).toEqual([
        ['Region', 'East'],
      ]);
      const changes = (await auditOf(app, s.jobId)).filter((row) => row.entity === 'contact_field_values');
      expect(changes.map((row) => [row.action, row.entity_id])).toEqual([
        ['remove', Number(old.id)],
        ['add', ann.collections.contact_field_values[0]!.id],
      ]);

      await app.importFlow.startCompletion(actor, s.jobId, true);
      await run(app, s.jobId);
      await app.importFlow.undo(actor, s.jobId);
      expect(await snapshotContacts(app)).toEqual(before);
    });

    it('leaves a merge into a contact the on-behalf-of user cannot see unprocessed, and that contact untouched', async () => {
      app = await openTestApp({}, dialect);
      const s = await prepareReviewScenario(app);
      const actor: ReviewActor = { id: s.advisor, isAdmin: false };
      const p2 = s.staged.get('P2')!;
      await app.repositories.review.selectMatch(s.jobId, p2.id, {
        contactId: s.hidden,
        stagedContactId: null,
        score: 0.95,
        band: 'High',
      });
      await app.db.updateTable('staged_contacts').set({ action: 'merge' }).where('id', '=', p2.id).execute();
      await app.review.setAction(actor, s.jobId, s.staged.get('P3')!.id, 'create');
      const hiddenBefore = (await app.repositories.processing.snapshots([s.hidden])).get(s.hidden);

      await app.importFlow.startProcess(actor, s.jobId);
      await run(app, s.jobId);

      expect((await app.repositories.review.find(s.jobId, p2.id))?.processed_at).toBeNull();
      expect(
        (await app.repositories.review.find(s.jobId, s.staged.get('P3')!.id))?.result_contact_id,
      ).not.toBeNull();
      expect((await app.repositories.processing.snapshots([s.hidden])).get(s.hidden)).toEqual(hiddenBefore);
      const job = (await app.repositories.importJobs.find(s.jobId))!;
      expect([job.contacts_created, job.contacts_merged]).toEqual([1, 0]);
    });
  });
});
