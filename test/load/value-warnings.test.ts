import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app/open-app.js';
import { describeEachDatabase } from '../support/databases.js';
import { buildPackage, peopleMapping, phonesMapping } from '../support/package-builder.js';
import { importAndWait, openTestApp } from '../support/test-app.js';

const people = 'ID,First,Last,Born\nP1,Ann,Lee,1945-04-93\nP2,Bo,Ek,1980-03-09\n';
const phones = 'Contact,Type,Number\nP1,SMTP,+1 212 736 5000\n';

async function collect(stream: AsyncIterable<unknown> & NodeJS.ReadableStream) {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

describeEachDatabase((database) => {
  let app: App | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  async function importPeople(mapping: Record<string, unknown>, description = 'Old friends') {
    app = await openTestApp({}, database.dialect);
    const zip = await buildPackage({
      files: [
        { csv: 'people.csv', content: people, mapping },
        { csv: 'phones.csv', content: phones, mapping: phonesMapping },
      ],
    });
    return importAndWait(app, zip, { description });
  }

  describe('an invalid value of an optional attribute', () => {
    it('is left out with a warning by default: the contact is staged with its other values', async () => {
      const job = await importPeople(peopleMapping);
      expect(job.counts).toMatchObject({
        rowsRead: 3,
        rowsStaged: 3,
        rowsRejected: 0,
        contactsStaged: 2,
        errorCount: 0,
        warningCount: 2,
      });
      expect(job.files.map((file) => [file.fileName, file.warningCount])).toEqual([
        ['people.csv', 1],
        ['phones.csv', 1],
      ]);
      const ann = await app!.db
        .selectFrom('staged_contacts')
        .select(['first_name', 'last_name', 'birth_date'])
        .where('job_id', '=', job.id)
        .where('legacy_key', '=', 'P1')
        .executeTakeFirstOrThrow();
      expect(ann).toEqual({ first_name: 'Ann', last_name: 'Lee', birth_date: null });
      // The phone whose type code is unknown lands without its type, not lost.
      const phone = await app!.db
        .selectFrom('staged_communications')
        .select(['type', 'value'])
        .where('job_id', '=', job.id)
        .executeTakeFirstOrThrow();
      expect(phone).toEqual({ type: null, value: '+12127365000' });

      const log = await app!.imports.errorLog(job.id);
      expect(log).toMatchObject({ total: 2, errorTotal: 0, warningTotal: 2 });
      expect(log.errors.map((e) => [e.severity, e.file, e.line, e.column, e.value, e.code])).toEqual([
        ['warning', 'people.csv', 2, 'Born', '1945-04-93', 'ROW_INVALID_DATE'],
        ['warning', 'phones.csv', 2, 'Type', 'SMTP', 'ROW_UNKNOWN_CODE'],
      ]);
      expect(log.errors[0]!.message).toContain('the value was left out and the row imported');
    });

    it('does not turn a successful import into the error alarm', async () => {
      const job = await importPeople(peopleMapping, 'Old friends');
      const notes = await app!.repositories.notifications.listForJob(job.id);
      expect(notes.map((n) => [n.kind, n.text])).toEqual([
        ['success', 'Import of Package "Old friends" Completed Successfully'],
      ]);
    });

    it('is in the full error file with its severity and the original row', async () => {
      const job = await importPeople(peopleMapping);
      const { PassThrough } = await import('node:stream');
      const out = new PassThrough();
      const text = collect(out);
      await app!.imports.writeErrorCsv(job.id, out);
      const lines = (await text).trim().split('\n');
      expect(lines[0]).toBe('File,Line,Column,Value,Code,Error,Original Row,Severity');
      expect(lines[1]).toMatch(
        /^people\.csv,2,Born,1945-04-93,ROW_INVALID_DATE,.*,"P1,Ann,Lee,1945-04-93",warning$/,
      );

      const perFile = new PassThrough();
      const perFileText = collect(perFile);
      await app!.imports.writeErrorCsv(job.id, perFile, { file: 'people.csv' });
      expect((await perFileText).trim().split('\n')[1]).toMatch(/^P1,Ann,Lee,1945-04-93,2,"warning: Born: /);
    });

    it('refuses the row when the mapping says onInvalid "refuseRow"', async () => {
      const job = await importPeople({ ...peopleMapping, onInvalid: 'refuseRow' }, 'Strict');
      // The phone of the refused contact is an orphan: its unknown type is not logged as well.
      expect(job.counts).toMatchObject({ rowsStaged: 1, rowsRejected: 2, errorCount: 2, warningCount: 0 });
      const log = await app!.imports.errorLog(job.id);
      expect(log.errors.map((e) => [e.severity, e.file, e.line, e.code])).toEqual([
        ['error', 'people.csv', 2, 'ROW_INVALID_DATE'],
        ['error', 'phones.csv', 2, 'ROW_ORPHAN'],
      ]);
      const notes = await app!.repositories.notifications.listForJob(job.id);
      expect(notes.map((n) => n.text)).toEqual(['Error during Contact Import of Package "Strict"']);
    });

    it('follows a column its own onInvalid over the file', async () => {
      const mapping = {
        ...peopleMapping,
        onInvalid: 'refuseRow',
        columns: [
          { column: 'First', attribute: 'firstName' },
          { column: 'Last', attribute: 'lastName' },
          { column: 'Born', attribute: 'birthDate', onInvalid: 'dropValue' },
        ],
      };
      const job = await importPeople(mapping);
      expect(job.counts).toMatchObject({ rowsRejected: 0, contactsStaged: 2, errorCount: 0 });
    });
  });

  describe('an invalid value of a required attribute', () => {
    it('still refuses the row whatever the policy', async () => {
      app = await openTestApp({}, database.dialect);
      const zip = await buildPackage({
        files: [
          { csv: 'p.csv', content: `ID,First,Last,Born\nP1,,${'L'.repeat(101)},\n`, mapping: peopleMapping },
        ],
      });
      const job = await importAndWait(app, zip);
      expect(job.counts).toMatchObject({ rowsStaged: 0, rowsRejected: 1, errorCount: 1, warningCount: 0 });
      const log = await app.imports.errorLog(job.id);
      expect(log.errors.map((e) => [e.severity, e.column, e.code])).toEqual([
        ['error', 'Last', 'ROW_TOO_LONG'],
      ]);
    });
  });

  describe('the error log', () => {
    it('caps warnings and errors together and keeps the true total of each', async () => {
      app = await openTestApp({ DOVETAIL_ERROR_LOG_LIMIT: '3' }, database.dialect);
      const rows = Array.from({ length: 4 }, (_, i) => `P${i},Ann,Lee,1945-04-93\nQ${i},,,`).join('\n');
      const zip = await buildPackage({
        files: [{ csv: 'p.csv', content: `ID,First,Last,Born\n${rows}\n`, mapping: peopleMapping }],
      });
      const job = await importAndWait(app, zip);
      expect(job.counts).toMatchObject({ errorCount: 4, warningCount: 4, rowsRejected: 4 });
      const log = await app.imports.errorLog(job.id);
      expect([log.errors.length, log.total, log.errorTotal, log.warningTotal]).toEqual([3, 8, 4, 4]);
      expect(log.errors.map((e) => e.severity)).toEqual(['warning', 'error', 'warning']);
    });
  });
});
