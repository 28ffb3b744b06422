import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { App } from '../../src/app/open-app.js';
import { importFailedText } from '../../src/format/notification-texts.js';
import { importAttemptsExhaustedCode } from '../../src/jobs/attempt-limit.js';
import { runImportJob } from '../../src/jobs/job-runner.js';
import { writeSamplePackage } from '../../src/sample/write-sample-package.js';
import { describeEachDatabase } from '../support/databases.js';
import { tempDir } from '../support/package-builder.js';
import { importAndWait, openTestApp } from '../support/test-app.js';

const leaseSeconds = 30;

/**
 * Workers that took the job and died without committing a batch, one after the other, long
 * enough ago that the last one's lease has run out: what a job that kills its worker every time
 * leaves behind, without spawning and killing processes.
 */
async function workersDiedOnIt(app: App, jobId: number, runs: number): Promise<void> {
  const longAgo = Date.now() - 60 * 60 * 1000;
  for (let run = 0; run < runs; run++) {
    const at = new Date(longAgo + run * 2 * leaseSeconds * 1000);
    expect(await app.repositories.importJobs.claim(jobId, `dead-worker-${run}`, leaseSeconds, at)).toBe(true);
  }
}

describeEachDatabase(({ dialect }) => {
  let app: App;
  let zip: string;
  beforeEach(async () => {
    app = await openTestApp(
      {
        DOVETAIL_MAX_JOB_ATTEMPTS: '3',
        DOVETAIL_JOB_LEASE_SECONDS: String(leaseSeconds),
        DOVETAIL_STAGE_BATCH_ROWS: '100',
      },
      dialect,
    );
    zip = path.join(tempDir(), 'sample.zip');
    await writeSamplePackage({ contacts: 300, out: zip, seed: 5 });
  });
  afterEach(async () => {
    await app?.close();
  });

  async function queueImport(description: string): Promise<number> {
    const job = await app.imports.startImport({ packagePath: zip, description, submittedBy: 'admin' });
    return job.id;
  }

  it('fails a job whose worker died on each of its last 3 runs, with the reason and the error notification', async () => {
    const jobId = await queueImport('Poison');
    await workersDiedOnIt(app, jobId, 3);

    const outcome = await runImportJob(jobId, { repositories: app.repositories, config: app.config });

    expect(outcome).toBe('failed');
    const message =
      'Stopped after 3 attempts: the worker processing this import stopped unexpectedly each time (last at stage Load Package)';
    const job = await app.imports.show(jobId);
    expect(job).toMatchObject({
      status: 'Failed',
      stage: 'Load Package',
      failure: { code: importAttemptsExhaustedCode, message },
    });
    expect(await app.repositories.importErrors.first(jobId, 10)).toMatchObject([
      { code: importAttemptsExhaustedCode, message },
    ]);
    const admin = (await app.repositories.users.findByUserName('admin'))!;
    expect(await app.notifications.listFor(admin.id)).toMatchObject([
      { jobId, kind: 'error', text: importFailedText('Poison') },
    ]);
    // Failed, it is no longer anyone's to resume.
    expect(await app.repositories.importJobs.findResumable()).toEqual([]);
  });

  it('resumes a job whose worker died on 2 runs, and its first committed batch clears the count', async () => {
    const jobId = await queueImport('Unlucky');
    await workersDiedOnIt(app, jobId, 2);
    // The last dead run is counted when its lease is taken over.
    expect((await app.repositories.importJobs.find(jobId))?.interrupted_runs).toBe(1);

    const countAtFirstBatch: number[] = [];
    const outcome = await runImportJob(jobId, {
      repositories: app.repositories,
      config: app.config,
      onProgress: async () => {
        if (countAtFirstBatch.length === 0) {
          countAtFirstBatch.push((await app.repositories.importJobs.find(jobId))!.interrupted_runs);
        }
      },
    });

    expect(outcome).toBe('stage-done');
    expect(countAtFirstBatch).toEqual([0]);
    const job = await app.imports.show(jobId);
    expect(job).toMatchObject({ status: 'Waiting for User', stage: 'Review Staged Data', failure: null });
    expect(job.counts.rowsStaged).toBeGreaterThan(0);
  });

  it('keeps the staged contacts when the limit stops a stage after Load Package', async () => {
    const loaded = await importAndWait(app, zip, { description: 'Poison at Match' });
    const staged = (await app.repositories.staging.countStaged(loaded.id)).contacts;
    expect(staged).toBeGreaterThan(0);
    expect(await app.repositories.importJobs.startStage(loaded.id, ['Review Staged Data'], 'Match')).toBe(
      true,
    );
    await workersDiedOnIt(app, loaded.id, 3);

    expect(await runImportJob(loaded.id, { repositories: app.repositories, config: app.config })).toBe(
      'failed',
    );

    const job = await app.imports.show(loaded.id);
    expect(job).toMatchObject({ status: 'Failed', stage: 'Match' });
    expect(job.failure?.message).toContain('(last at stage Match)');
    expect((await app.repositories.staging.countStaged(loaded.id)).contacts).toBe(staged);
  });
});
