import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { App } from '../../src/app/open-app.js';
import type { RunOutcome } from '../../src/jobs/job-runner.js';
import { JobWorker } from '../../src/jobs/job-worker.js';
import { writeSamplePackage } from '../../src/sample/write-sample-package.js';
import { waitFor } from '../support/cli.js';
import { describeEachDatabase } from '../support/databases.js';
import { tempDir } from '../support/package-builder.js';
import { openTestApp } from '../support/test-app.js';

describeEachDatabase(({ dialect }) => {
  let app: App;
  afterEach(async () => {
    await app?.close();
  });

  function worker(outcomes: RunOutcome[]) {
    return new JobWorker({
      repositories: app.repositories,
      config: app.config,
      concurrency: 1,
      onJobDone: (_jobId, outcome) => outcomes.push(outcome),
    });
  }

  it('a stopping worker gives its job back after a batch, and another continues it at once', async () => {
    // A long lease: the second worker can only get the job quickly if the first released it.
    app = await openTestApp({ DOVETAIL_STAGE_BATCH_ROWS: '100', DOVETAIL_JOB_LEASE_SECONDS: '300' }, dialect);
    const zip = path.join(tempDir(), 'sample.zip');
    await writeSamplePackage({ contacts: 2_000, out: zip, seed: 3 });
    const job = await app.imports.startImport({
      packagePath: zip,
      description: 'Handed over',
      submittedBy: 'admin',
    });
    const jobs = app.repositories.importJobs;

    const firstOutcomes: RunOutcome[] = [];
    const first = worker(firstOutcomes);
    const firstRun = first.run();
    await waitFor(
      async () => ((await jobs.find(job.id))!.rows_staged > 0 ? true : undefined),
      'a first batch',
    );
    first.stop();
    await firstRun;
    expect(firstOutcomes).toEqual(['released']);
    const handedOver = (await jobs.find(job.id))!;
    expect(handedOver).toMatchObject({ status: 'Running', lease_owner: null });

    const secondOutcomes: RunOutcome[] = [];
    const second = worker(secondOutcomes);
    const secondRun = second.run();
    await waitFor(async () => (secondOutcomes.length > 0 ? true : undefined), 'the second worker', 30_000);
    second.stop();
    await secondRun;
    expect(secondOutcomes).toEqual(['stage-done']);
    const done = (await jobs.find(job.id))!;
    expect(done).toMatchObject({ status: 'Waiting for User', stage: 'Review Staged Data', attempts: 2 });
    expect(done.rows_staged).toBeGreaterThan(handedOver.rows_staged);
    expect(done.rows_staged + done.rows_rejected).toBe(done.rows_read);
  }, 60_000);
});
