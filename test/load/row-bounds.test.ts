import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app/open-app.js';
import { describeEachDatabase } from '../support/databases.js';
import { buildPackage, peopleMapping } from '../support/package-builder.js';
import { importAndWait, openTestApp } from '../support/test-app.js';

async function storedErrors(theApp: App, jobId: number) {
  return theApp.db
    .selectFrom('import_errors')
    .select(['line', 'code', 'column_name', 'value', 'legacy_key', 'raw_values'])
    .where('job_id', '=', jobId)
    .orderBy('line')
    .execute();
}

async function stagedKeys(theApp: App, jobId: number) {
  const rows = await theApp.db
    .selectFrom('staged_contacts')
    .select('legacy_key')
    .where('job_id', '=', jobId)
    .orderBy('source_line')
    .execute();
  return rows.map((row) => row.legacy_key);
}

/** Everything an error row stores, in characters: what the error file and the log would carry. */
function storedSize(error: Record<string, unknown>): number {
  return Object.values(error).reduce<number>(
    (sum, value) => sum + (typeof value === 'string' ? value.length : 0),
    0,
  );
}

describeEachDatabase((database) => {
  let app: App | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  describe('rows longer than the bounds', () => {
    it('refuses a line over DOVETAIL_MAX_LINE_BYTES as one row with its first characters, and stages the next rows', async () => {
      app = await openTestApp(
        { DOVETAIL_MAX_LINE_BYTES: String(64 * 1024), DOVETAIL_MAX_COMPRESSION_RATIO: '100000' },
        database.dialect,
      );
      const huge = 'x'.repeat(3 * 1024 * 1024);
      const zip = await buildPackage({
        files: [
          {
            csv: 'people.csv',
            content: `ID,First,Last,Born\nP1,Ann,Lee,\nP2,${huge},Ek,\nP3,Cy,Ho,\n`,
            mapping: peopleMapping,
          },
        ],
      });
      const job = await importAndWait(app, zip);
      expect(job.failure).toBeNull();
      expect(job).toMatchObject({ status: 'Waiting for User', counts: { rowsStaged: 2, rowsRejected: 1 } });
      expect(await stagedKeys(app, job.id)).toEqual(['P1', 'P3']);
      const errors = await storedErrors(app, job.id);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ line: 3, code: 'ROW_LINE_TOO_LONG' });
      expect(errors[0]!.value).toMatch(/^P2,xxxx/);
      expect(storedSize(errors[0]!)).toBeLessThan(1000);
    });

    it('refuses a value over DOVETAIL_MAX_FIELD_BYTES, naming its column, and keeps the row short', async () => {
      app = await openTestApp({ DOVETAIL_MAX_FIELD_BYTES: '1024' }, database.dialect);
      const zip = await buildPackage({
        files: [
          {
            csv: 'people.csv',
            content: `ID,First,Last,Born\nP1,Ann,${'é'.repeat(600)},\nP2,Bo,Ek,\n`,
            mapping: peopleMapping,
          },
        ],
      });
      const job = await importAndWait(app, zip);
      expect(await stagedKeys(app, job.id)).toEqual(['P2']);
      const [error] = await storedErrors(app, job.id);
      expect(error).toMatchObject({
        line: 2,
        code: 'ROW_FIELD_TOO_LONG',
        column_name: 'Last',
        legacy_key: 'P1',
      });
      expect(storedSize(error!)).toBeLessThan(1000);
    });
  });

  describe('malformed rows in the error file', () => {
    it('keeps the text of a row refused as ROW_MALFORMED_CSV in the "Original Row" column', async () => {
      app = await openTestApp({}, database.dialect);
      const zip = await buildPackage({
        files: [
          {
            csv: 'people.csv',
            content: 'ID,First,Last,Born\nP1,"Ann"x,Lee,\nP2,Bo,Ek,\n',
            mapping: peopleMapping,
          },
        ],
      });
      const job = await importAndWait(app, zip);
      expect(await stagedKeys(app, job.id)).toEqual(['P2']);
      const chunks: Buffer[] = [];
      const { PassThrough } = await import('node:stream');
      const out = new PassThrough();
      out.on('data', (chunk: Buffer) => chunks.push(chunk));
      await app.imports.writeErrorCsv(job.id, out);
      const lines = Buffer.concat(chunks).toString('utf8').trim().split('\n');
      expect(lines[1]).toMatch(/^people\.csv,2,,,ROW_MALFORMED_CSV,/);
      // The values as read, as one CSV line (P1,"Ann""x",Lee,), quoted again as a cell.
      expect(lines[1]).toContain(',"P1,""Ann""""x"",Lee,"');
    });
  });
});
