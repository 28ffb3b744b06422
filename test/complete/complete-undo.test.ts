import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app/open-app.js';
import { DovetailError } from '../../src/errors/dovetail-error.js';
import { runImportJob } from '../../src/jobs/job-runner.js';
import type { ReviewActor } from '../../src/pipeline/review/import-access.js';
import { describeEachDatabase } from '../support/databases.js';
import { prepareReviewScenario, type ReviewScenario, snapshotContacts } from '../support/review-fixtures.js';
import { openTestApp } from '../support/test-app.js';

const run = (app: App, jobId: number) =>
  runImportJob(jobId, { repositories: app.repositories, config: app.config });

/** Decides P1 merge, P2 create, P4 merge (P3 left undecided), processes and completes. */
async function importProcessComplete(app: App, s: ReviewScenario): Promise<ReviewActor> {
  const actor: ReviewActor = { id: s.advisor, isAdmin: false };
  const id = (key: string) => s.staged.get(key)!.id;
  await app.review.setAction(actor, s.jobId, id('P1'), 'merge', ['position']);
  await app.review.setAction(actor, s.jobId, id('P2'), 'create');
  await app.review.setAction(actor, s.jobId, id('P4'), 'merge');
  await app.importFlow.startProcess(actor, s.jobId);
  await run(app, s.jobId);
  await app.importFlow.startCompletion(actor, s.jobId, true);
  await run(app, s.jobId);
  return actor;
}

describeEachDatabase(({ dialect }) => {
  describe('Complete Import and Undo', () => {
    let app: App;
    afterEach(async () => {
      await app.close();
    });

    it('refuses to complete without confirmation while staged contacts are unprocessed, and says how many', async () => {
      app = await openTestApp({}, dialect);
      const s = await prepareReviewScenario(app);
      const actor: ReviewActor = { id: s.advisor, isAdmin: false };
      const refusal = await app.importFlow
        .startCompletion(actor, s.jobId, false)
        .catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(DovetailError);
      expect(refusal).toMatchObject({ code: 'CONFIRMATION_REQUIRED', details: { unprocessed: 4 } });
      expect((refusal as Error).message).toContain('4 staged contacts have not been processed');
      expect((await app.repositories.importJobs.find(s.jobId))?.stage).toBe('Review Match Results');
    });

    it('completes: the list named by the description holds exactly the created and modified contacts, the rest is discarded, the alarm is sent', async () => {
      app = await openTestApp({}, dialect);
      const s = await prepareReviewScenario(app);
      const actor = await importProcessComplete(app, s);
      const job = (await app.repositories.importJobs.find(s.jobId))!;
      expect(job).toMatchObject({ stage: 'Completed', status: 'Completed' });
      const bob = (await app.repositories.review.find(s.jobId, s.staged.get('P2')!.id))!.result_contact_id!;
      const members = await app.repositories.processing.listMembers(job.contact_list_id!);
      expect(members).toEqual([s.ann, bob].sort((a, b) => a - b));
      const report = await app.importFlow.report(actor, s.jobId);
      expect(report).toMatchObject({
        packageName: 'package.zip',
        description: 'Review test',
        totals: {
          staged: 4,
          created: 1,
          merged: 2,
          discarded: 0,
          discardedAtCompletion: 1,
          unprocessed: 0,
          rowsRejected: 0,
        },
        contactList: { name: 'Review test', size: 2 },
      });
      const texts = await app.db
        .selectFrom('notifications')
        .select('text')
        .where('user_id', '=', s.advisor)
        .execute();
      // Loading the package and Complete Import each say what they are about, once each.
      expect(texts.map((t) => t.text).sort()).toEqual([
        'Complete Import of Package "Review test" Finished: Contact List "Review test" Holds 2 Contacts',
        'Import of Package "Review test" Completed Successfully',
      ]);
    });

    it('undo restores the exact previous state: created contacts gone, merged fields and entries restored, keys and list removed', async () => {
      app = await openTestApp({}, dialect);
      const s = await prepareReviewScenario(app);
      const before = await snapshotContacts(app);
      const actor = await importProcessComplete(app, s);
      expect(await snapshotContacts(app)).not.toEqual(before);

      const result = await app.importFlow.undo(actor, s.jobId);
      expect(result).toMatchObject({ contactsDeleted: 1, contactsRestored: 1 });
      expect(await snapshotContacts(app)).toEqual(before);
      const job = (await app.repositories.importJobs.find(s.jobId))!;
      expect(job.undone_at).not.toBeNull();
      await expect(app.importFlow.undo(actor, s.jobId)).rejects.toMatchObject({ code: 'IMPORT_WRONG_STAGE' });
    });

    it('undo refuses, naming the contact and field, when a field was changed since, and changes nothing', async () => {
      app = await openTestApp({}, dialect);
      const s = await prepareReviewScenario(app);
      const actor = await importProcessComplete(app, s);
      await app.db.updateTable('contacts').set({ position: 'CEO' }).where('id', '=', s.ann).execute();
      const after = await snapshotContacts(app);

      const refusal = await app.importFlow.undo(actor, s.jobId).catch((error: unknown) => error);
      expect(refusal).toMatchObject({ code: 'UNDO_CONFLICT' });
      expect((refusal as Error).message).toContain(
        `contact ${s.ann} "Ann Lee": position is now "CEO"; the import set it to "Partner"`,
      );
      expect(await snapshotContacts(app)).toEqual(after);
      expect((await app.repositories.importJobs.find(s.jobId))?.undone_at).toBeNull();
    });
  });
});
