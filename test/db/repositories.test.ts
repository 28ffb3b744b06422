import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app/open-app.js';
import type { NewImportError } from '../../src/db/schema.js';
import { describeEachDatabase } from '../support/databases.js';
import { openTestApp } from '../support/test-app.js';

/** The parts of the data layer whose SQL differs most between dialects, on each of them. */
describeEachDatabase((database) => {
  let app: App;
  let jobId: number;
  beforeEach(async () => {
    app = await openTestApp({}, database.dialect);
    const admin = (await app.repositories.users.findByUserName('admin'))!;
    jobId = await app.repositories.importJobs.create({
      description: 'Repository test',
      packageName: 'p.zip',
      packagePath: '/nowhere/p.zip',
      packageBytes: 5 * 1024 ** 3,
      onBehalfOfUserId: admin.id,
      submittedByUserId: admin.id,
    });
  });
  afterEach(async () => {
    await app?.close();
  });

  describe('the job lease', () => {
    it('goes to exactly one of many workers claiming at once', async () => {
      const owners = Array.from({ length: 8 }, (_, i) => `worker-${i}`);
      const claimed = await Promise.all(
        owners.map((owner) => app.repositories.importJobs.claim(jobId, owner, 30)),
      );
      expect(claimed.filter(Boolean)).toHaveLength(1);
      const job = await app.repositories.importJobs.find(jobId);
      expect(job?.lease_owner).toBe(owners[claimed.indexOf(true)]);
      expect(job?.attempts).toBe(1);
    });

    it('passes to another worker only once it has run out', async () => {
      const jobs = app.repositories.importJobs;
      const start = new Date('2030-01-01T00:00:00.000Z');
      expect(await jobs.claim(jobId, 'first', 30, start)).toBe(true);
      expect(await jobs.claim(jobId, 'second', 30, new Date(start.getTime() + 29_000))).toBe(false);
      expect(await jobs.findResumable(new Date(start.getTime() + 29_000))).toEqual([]);
      expect(await jobs.findResumable(new Date(start.getTime() + 31_000))).toEqual([jobId]);
      expect(await jobs.claim(jobId, 'second', 30, new Date(start.getTime() + 31_000))).toBe(true);
      expect(await jobs.renewLease(jobId, 'first', 30)).toBe(false);
      const job = await jobs.find(jobId);
      expect(job).toMatchObject({ lease_owner: 'second', attempts: 2, started_at: start.toISOString() });
    });

    it('counts a run as interrupted only when its lease ran out, not when it was given back', async () => {
      const jobs = app.repositories.importJobs;
      const start = new Date('2030-01-01T00:00:00.000Z');
      const later = (seconds: number) => new Date(start.getTime() + seconds * 1000);
      expect(await jobs.claim(jobId, 'first', 30, start)).toBe(true);
      expect(await jobs.claim(jobId, 'first', 30, later(10))).toBe(true);
      expect(await jobs.claim(jobId, 'second', 30, later(50))).toBe(true);
      expect((await jobs.find(jobId))?.interrupted_runs).toBe(1);
      await jobs.releaseLease(jobId, 'second');
      expect(await jobs.claim(jobId, 'third', 30, later(60))).toBe(true);
      expect((await jobs.find(jobId))?.interrupted_runs).toBe(1);
      await jobs.clearInterruptedRuns(jobId, 'third');
      expect((await jobs.find(jobId))?.interrupted_runs).toBe(0);
    });
  });

  describe('the end of a job', () => {
    it('is stored with its notifications, so no one sees the job ended without them', async () => {
      const jobs = app.repositories.importJobs;
      const stored = await jobs.endStage(jobId, { status: 'Completed', stage: 'Completed' }, (job) => [
        { userId: job.submitted_by_user_id, jobId: job.id, kind: 'success', text: `${job.description} done` },
      ]);
      expect(stored).toMatchObject([{ job_id: jobId, kind: 'success', text: 'Repository test done' }]);
      expect(await app.repositories.notifications.listForJob(jobId)).toEqual(stored);
      expect((await jobs.find(jobId))?.status).toBe('Completed');
      // Ended already: neither the job nor its notifications change again.
      expect(await jobs.cancel(jobId, { code: 'IMPORT_CANCELLED', message: 'late' }, () => [])).toBe(false);
      expect(await app.repositories.notifications.listForJob(jobId)).toHaveLength(1);
    });

    it('is not stored when its notifications cannot be: the job stays Running, to be resumed', async () => {
      const jobs = app.repositories.importJobs;
      await expect(
        jobs.endStage(jobId, { status: 'Completed', stage: 'Completed' }, () => {
          throw new Error('the database went away');
        }),
      ).rejects.toThrow('the database went away');
      expect((await jobs.find(jobId))?.status).toBe('Running');
      expect(await jobs.findResumable()).toEqual([jobId]);
      expect(await app.repositories.notifications.listForJob(jobId)).toEqual([]);
    });
  });

  it('returns bigint columns and counts as numbers', async () => {
    const job = await app.repositories.importJobs.find(jobId);
    expect(job?.package_bytes).toBe(5 * 1024 ** 3);
    expect(typeof job?.total_bytes).toBe('number');
    expect(await app.repositories.importErrors.count(jobId)).toEqual({ errors: 0, warnings: 0 });
    expect(await app.repositories.staging.countStaged(jobId)).toMatchObject({ contacts: 0 });
  });

  it('finds jobs by a case-insensitive part of the description', async () => {
    const found = await app.repositories.importJobs.list({ description: 'SITORY t' });
    expect(found.map((job) => job.id)).toEqual([jobId]);
    expect(await app.repositories.importJobs.list({ description: 'nothing like it' })).toEqual([]);
  });

  it('reads every error in order, page after page, optionally of one file', async () => {
    const errors: NewImportError[] = Array.from({ length: 2_345 }, (_, i) => ({
      job_id: jobId,
      file_name: i % 3 === 0 ? 'a.csv' : 'b.csv',
      line: i + 2,
      code: 'ROW_INVALID_DATE',
      message: `error ${i}`,
    }));
    for (let start = 0; start < errors.length; start += 500) {
      await app.repositories.importErrors.add(errors.slice(start, start + 500));
    }
    const all: number[] = [];
    for await (const error of app.repositories.importErrors.stream(jobId)) all.push(error.line!);
    expect(all).toEqual(errors.map((error) => error.line));
    const ofA: number[] = [];
    for await (const error of app.repositories.importErrors.stream(jobId, 'a.csv')) ofA.push(error.line!);
    expect(ofA).toEqual(errors.filter((error) => error.file_name === 'a.csv').map((error) => error.line));
    expect(await app.repositories.importErrors.count(jobId)).toEqual({ errors: 2_345, warnings: 0 });
    expect((await app.repositories.importJobs.find(jobId))?.error_count).toBe(2_345);
  });
});
