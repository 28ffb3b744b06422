import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app/open-app.js';
import { StaleBatchError } from '../../src/db/batch-inserter.js';
import { describeEachDatabase } from '../support/databases.js';
import { buildPackage, peopleMapping, phonesMapping } from '../support/package-builder.js';
import { importAndWait, openTestApp } from '../support/test-app.js';

const stagingTables = [
  'staged_contacts',
  'staged_communications',
  'staged_addresses',
  'staged_notes',
  'staged_categories',
  'staged_field_values',
] as const;

async function stagedRowCount(app: App, jobId: number): Promise<number> {
  let total = 0;
  for (const table of stagingTables) {
    const row = await app.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('job_id', '=', jobId)
      .executeTakeFirstOrThrow();
    total += Number(row.n);
  }
  return total;
}

// Staged rows refer to their job (migration 0017 replaced PostgreSQL's per-row key check).
describeEachDatabase((database) => {
  let app: App | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  describe('staged rows and their job', () => {
    it('stages nothing for a job that is not there, and a deleted job takes its staged rows with it', async () => {
      app = await openTestApp({}, database.dialect);
      const zip = await buildPackage({
        files: [
          {
            csv: 'people.csv',
            content: 'ID,First,Last,Born\nP1,Ann,Lee,1980-03-09\nP2,Bo,Ek,\n',
            mapping: peopleMapping,
          },
          {
            csv: 'phones.csv',
            content: 'Contact,Type,Number\nP1,H,+1 212 736 5000\nP2,M,+44 20 7946 0018\n',
            mapping: phonesMapping,
          },
        ],
      });
      const job = await importAndWait(app, zip);
      expect(await stagedRowCount(app, job.id)).toBe(4);

      const missingJob = job.id + 1000;
      await expect(
        app.repositories.staging.commitBatch({
          jobId: missingJob,
          fileName: 'people.csv',
          contacts: [
            { dataType: 'person', key: 'P9', line: 2, attributes: { lastName: 'Nobody' }, fieldValues: [] },
          ],
          children: [],
          errors: [],
          linesCommitted: 2,
          bytesDone: 10,
          bytesDelta: 10,
          rowsRead: 1,
          rowsRejected: 0,
        }),
        // SQLite's foreign key refuses it first; on PostgreSQL the batch's update of its job does.
      ).rejects.toThrow(database.dialect === 'postgres' ? StaleBatchError : /FOREIGN KEY/);
      expect(await stagedRowCount(app, missingJob)).toBe(0);

      // Nothing in Dovetail deletes jobs; an operator cleaning up by hand still leaves no orphans.
      await app.db.deleteFrom('import_job_files').where('job_id', '=', job.id).execute();
      await app.db.deleteFrom('import_errors').where('job_id', '=', job.id).execute();
      await app.db.deleteFrom('import_jobs').where('id', '=', job.id).execute();
      expect(await stagedRowCount(app, job.id)).toBe(0);
    });
  });
});
