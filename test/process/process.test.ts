import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app/open-app.js';
import type { DialectName } from '../../src/db/dialect-name.js';
import { runImportJob } from '../../src/jobs/job-runner.js';
import { processStagedContacts } from '../../src/pipeline/process/process-staged-contacts.js';
import type { ReviewActor } from '../../src/pipeline/review/import-access.js';
import { describeEachDatabase } from '../support/databases.js';
import { prepareReviewScenario, type ReviewScenario, snapshotContacts } from '../support/review-fixtures.js';
import { openTestApp } from '../support/test-app.js';

async function decide(app: App, s: ReviewScenario, positionFromStaged = false) {
  const actor: ReviewActor = { id: s.advisor, isAdmin: false };
  const id = (key: string) => s.staged.get(key)!.id;
  await app.review.setAction(actor, s.jobId, id('P1'), 'merge', positionFromStaged ? ['position'] : []);
  await app.review.setAction(actor, s.jobId, id('P2'), 'create');
  await app.review.setAction(actor, s.jobId, id('P3'), 'discard');
  await app.review.setAction(actor, s.jobId, id('P4'), 'merge');
  return actor;
}

async function runProcess(app: App, jobId: number, actor: ReviewActor) {
  await app.importFlow.startProcess(actor, jobId);
  await runImportJob(jobId, { repositories: app.repositories, config: app.config });
}

/** A database trigger that fails the insert of any contact named Bob: a crash mid-transaction. */
async function installCrashOnBob(app: App, dialect: DialectName) {
  if (dialect === 'sqlite') {
    await sql`create trigger crash_on_bob before insert on contacts when new.first_name = 'Bob' begin select raise(abort, 'simulated crash'); end`.execute(
      app.db,
    );
  } else {
    await sql`create function crash_on_bob() returns trigger language plpgsql as $$ begin if new.first_name = 'Bob' then raise exception 'simulated crash'; end if; return new; end $$`.execute(
      app.db,
    );
    await sql`create trigger crash_on_bob before insert on contacts for each row execute function crash_on_bob()`.execute(
      app.db,
    );
  }
}

async function removeCrashOnBob(app: App, dialect: DialectName) {
  if (dialect === 'sqlite') await sql`drop trigger crash_on_bob`.execute(app.db);
  else await sql`drop trigger crash_on_bob on contacts`.execute(app.db);
}

/**
 * Process runs (with `slicing`) until it dies writing Bob (P2): nothing of its transaction stays,
 * the job's progress and counts are as before it, and every decision is still to process. The
 * crash is removed again, for the re-run.
 */
async function crashOnBobLeavesNothing(
  app: App,
  dialect: DialectName,
  slicing: { batchSize?: number; sliceRows?: number },
): Promise<ReviewScenario> {
  const s = await prepareReviewScenario(app);
  const actor = await decide(app, s);
  const before = await snapshotContacts(app);
  await installCrashOnBob(app, dialect);
  await app.importFlow.startProcess(actor, s.jobId);
  await expect(
    processStagedContacts({
      job: (await app.repositories.importJobs.find(s.jobId))!,
      repositories: app.repositories,
      ...slicing,
    }),
  ).rejects.toThrow(/simulated crash/);
  expect(await snapshotContacts(app)).toEqual(before);
  const midway = (await app.repositories.importJobs.find(s.jobId))!;
  expect([midway.stage_cursor, midway.contacts_merged, midway.contacts_created]).toEqual([0, 0, 0]);
  expect(await app.repositories.review.countUnprocessed(s.jobId)).toBe(4);
  await removeCrashOnBob(app, dialect);
  return s;
}

async function contactOf(app: App, id: number) {
  return (await app.repositories.processing.snapshots([id])).get(id)!;
}

describeEachDatabase(({ dialect }) => {
  describe('Process', () => {
    let app: App;
    afterEach(async () => {
      await app.close();
    });

    it('merges into the existing contact: the existing value wins, empty fields are filled, no collection entry is duplicated, the legacy keys are recorded', async () => {
      app = await openTestApp({}, dialect);
      const s = await prepareReviewScenario(app);
      const actor = await decide(app, s);
      await runProcess(app, s.jobId, actor);

      const job = (await app.repositories.importJobs.find(s.jobId))!;
      expect(job).toMatchObject({ stage: 'Review Match Results', status: 'Waiting for User' });
      expect([job.contacts_created, job.contacts_merged, job.contacts_discarded]).toEqual([1, 2, 1]);

      const ann = await contactOf(app, s.ann);
      expect(ann.contact).toMatchObject({
        position: 'Director',
        birth_date: '1980-04-02',
        first_name: 'Ann',
      });
      const values = (table: keyof typeof ann.collections, column: string) =>
        ann.collections[table].map((row) => row[column]).sort();
      expect(values('contact_communications', 'normalized_value')).toEqual([
        '+12125550100',
        '+12125550199',
        'ann.lee@example.com',
        'ann.lee@work.example',
      ]);
      expect(values('contact_categories', 'category')).toEqual(['Client', 'VIP']);
      expect(values('contact_addresses', 'city')).toEqual(['Boston', 'New York']);
      expect(values('contact_legacy_keys', 'legacy_key')).toEqual(['P1', 'P4']);
      expect(new Set(values('contact_legacy_keys', 'source'))).toEqual(new Set(['package.zip']));

      const staged = await app.repositories.review.find(s.jobId, s.staged.get('P4')!.id);
      expect(staged?.result_contact_id).toBe(s.ann);
      const audit = await app.db
        .selectFrom('contact_audit')
        .selectAll()
        .where('contact_id', '=', s.ann)
        .execute();
      expect(audit.every((row) => row.job_id === s.jobId)).toBe(true);
      expect(audit.find((row) => row.field === 'birth_date')).toMatchObject({
        entity: 'contact',
        action: 'update',
        before_value: null,
        after_value: '"1980-04-02"',
      });
      const keys = await app.db
        .selectFrom('contact_match_keys')
        .select('match_key')
        .where('contact_id', '=', s.ann)
        .execute();
      expect(keys.map((k) => k.match_key)).toContain('e:ann.lee@work.example');
    });

    it('takes the staged value where the reviewer chose it and creates new contacts owned by the on-behalf-of user', async () => {
      app = await openTestApp({}, dialect);
      const s = await prepareReviewScenario(app);
      const actor = await decide(app, s, true);
      await runProcess(app, s.jobId, actor);
      expect((await contactOf(app, s.ann)).contact.position).toBe('Partner');
      const bob = (await app.repositories.review.find(s.jobId, s.staged.get('P2')!.id))!.result_contact_id!;
      const created = await contactOf(app, bob);
      expect(created.contact).toMatchObject({
        first_name: 'Bob',
        last_name: 'Stone',
        owner_user_id: s.advisor,
        sort_name: 'stone bob',
        search_name: 'stone bob',
      });
      expect(created.collections.contact_categories.map((row) => row.category)).toEqual(['Prospect']);
    });

    it('is idempotent under a crash after the first batch: the re-run merges each contact once, counts exact, no duplicate rows', async () => {
      app = await openTestApp({}, dialect);
      const s = await prepareReviewScenario(app);
      const actor = await decide(app, s);
      await app.importFlow.startProcess(actor, s.jobId);
      const crash = new Error('worker killed');
      await expect(
        processStagedContacts({
          job: (await app.repositories.importJobs.find(s.jobId))!,
          repositories: app.repositories,
          batchSize: 1,
          afterBatch: async () => {
            throw crash;
          },
        }),
      ).rejects.toBe(crash);
      const midway = (await app.repositories.importJobs.find(s.jobId))!;
      expect(midway.stage_cursor).toBe(s.staged.get('P1')!.id);
      expect(midway.contacts_merged).toBe(1);

      // The runner resumes from the committed cursor, then a second Process has nothing left.
      await runImportJob(s.jobId, { repositories: app.repositories, config: app.config });
      await runProcess(app, s.jobId, actor);

      const job = (await app.repositories.importJobs.find(s.jobId))!;
      expect([job.contacts_created, job.contacts_merged, job.contacts_discarded]).toEqual([1, 2, 1]);
      const ann = await contactOf(app, s.ann);
      expect(ann.collections.contact_communications).toHaveLength(4);
      expect(ann.collections.contact_legacy_keys).toHaveLength(2);
      const bobs = await app.db.selectFrom('contacts').select('id').where('first_name', '=', 'Bob').execute();
      expect(bobs).toHaveLength(1);
      const updates = await app.db
        .selectFrom('contact_audit')
        .select('id')
        .where('contact_id', '=', s.ann)
        .where('field', '=', 'birth_date')
        .execute();
      expect(updates).toHaveLength(1);
    });

    it('leaves a merge whose match has no action yet unprocessed for the reviewer', async () => {
      app = await openTestApp({}, dialect);
      const s = await prepareReviewScenario(app);
      const actor: ReviewActor = { id: s.advisor, isAdmin: false };
      await app.review.setAction(actor, s.jobId, s.staged.get('P4')!.id, 'merge');
      await runProcess(app, s.jobId, actor);
      expect((await app.repositories.review.find(s.jobId, s.staged.get('P4')!.id))?.processed_at).toBeNull();
      expect(await app.repositories.review.countUnprocessed(s.jobId)).toBe(4);
    });
    it('merges two staged contacts matched to each other into one new contact', async () => {
      app = await openTestApp({}, dialect);
      const s = await prepareReviewScenario(app);
      const actor: ReviewActor = { id: s.advisor, isAdmin: false };
      const p1 = s.staged.get('P1')!;
      const p4 = s.staged.get('P4')!;
      await app.repositories.review.selectMatch(s.jobId, p1.id, {
        contactId: null,
        stagedContactId: p4.id,
        score: 0.9,
        band: 'High',
      });
      await app.review.setAction(actor, s.jobId, p1.id, 'merge');
      await app.review.setAction(actor, s.jobId, p4.id, 'merge');
      await runProcess(app, s.jobId, actor);
      const [one, four] = await Promise.all([
        app.repositories.review.find(s.jobId, p1.id),
        app.repositories.review.find(s.jobId, p4.id),
      ]);
      expect(one?.result_contact_id).not.toBeNull();
      expect(four?.result_contact_id).toBe(one?.result_contact_id);
      const job = (await app.repositories.importJobs.find(s.jobId))!;
      expect([job.contacts_created, job.contacts_merged]).toEqual([1, 1]);
      const made = await contactOf(app, one!.result_contact_id!);
      expect(made.collections.contact_legacy_keys.map((k) => k.legacy_key).sort()).toEqual(['P1', 'P4']);
    });
    it('is idempotent under a crash in the middle of a batch: nothing of the batch stays, and the re-run writes everything once', async () => {
      app = await openTestApp({}, dialect);
      // The worker dies while writing Bob (P2), after P1 was merged in the same batch.
      const s = await crashOnBobLeavesNothing(app, dialect, {});
      await runImportJob(s.jobId, { repositories: app.repositories, config: app.config });
      const job = (await app.repositories.importJobs.find(s.jobId))!;
      expect([job.contacts_created, job.contacts_merged, job.contacts_discarded]).toEqual([1, 2, 1]);
      const ann = await contactOf(app, s.ann);
      expect(ann.collections.contact_communications).toHaveLength(4);
      expect(ann.collections.contact_legacy_keys).toHaveLength(2);
    });
    it('is idempotent under a crash in a later slice of a transaction: the slices before it are rolled back too', async () => {
      app = await openTestApp({}, dialect);
      // One transaction of four slices of one: P1 is merged and written, then Bob (P2) fails.
      const s = await crashOnBobLeavesNothing(app, dialect, { batchSize: 4, sliceRows: 1 });
      await processStagedContacts({
        job: (await app.repositories.importJobs.find(s.jobId))!,
        repositories: app.repositories,
        batchSize: 4,
        sliceRows: 1,
      });
      const job = (await app.repositories.importJobs.find(s.jobId))!;
      expect([job.contacts_created, job.contacts_merged, job.contacts_discarded]).toEqual([1, 2, 1]);
      expect(job.stage_cursor).toBe(s.staged.get('P4')!.id);
      const ann = await contactOf(app, s.ann);
      expect(ann.collections.contact_communications).toHaveLength(4);
      expect(ann.collections.contact_legacy_keys).toHaveLength(2);
    });
    it('keeps the staged contacts and their decisions when Process fails', async () => {
      app = await openTestApp({}, dialect);
      const s = await prepareReviewScenario(app);
      const actor = await decide(app, s);
      await installCrashOnBob(app, dialect);
      await app.importFlow.startProcess(actor, s.jobId);
      expect(await runImportJob(s.jobId, { repositories: app.repositories, config: app.config })).toBe(
        'failed',
      );
      expect(await app.repositories.importJobs.find(s.jobId)).toMatchObject({
        stage: 'Process',
        status: 'Failed',
      });
      expect(await app.repositories.review.countUnprocessed(s.jobId)).toBe(4);
      expect((await app.repositories.review.find(s.jobId, s.staged.get('P2')!.id))?.action).toBe('create');
    });
  });
});
