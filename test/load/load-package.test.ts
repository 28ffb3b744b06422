import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterEach, describe, expect, it } from 'vitest';
import yazl from 'yazl';
import type { App } from '../../src/app/open-app.js';
import { describeEachDatabase } from '../support/databases.js';
import { buildPackage, peopleMapping, phonesMapping, tempDir } from '../support/package-builder.js';
import { importAndWait, openTestApp } from '../support/test-app.js';

async function stagedPeople(theApp: App, jobId: number) {
  return theApp.db
    .selectFrom('staged_contacts')
    .select(['legacy_key', 'first_name', 'last_name', 'birth_date', 'source_line'])
    .where('job_id', '=', jobId)
    .orderBy('source_line')
    .execute();
}

describeEachDatabase((database) => {
  let app: App | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  describe('loading a package into staging', () => {
    it('stages values padded with NUL characters without them, and keeps the bad row for the error file', async () => {
      app = await openTestApp({}, database.dialect);
      const zip = await buildPackage({
        files: [
          {
            csv: 'people.csv',
            content: 'ID,First,Last,Born\nP1,Ann\u0000,Lee,\nP2,Bo\u0000,Ek,1980-13-01\n',
            mapping: { ...peopleMapping, onInvalid: 'refuseRow' },
          },
        ],
      });
      const job = await importAndWait(app, zip);
      expect(job).toMatchObject({ status: 'Waiting for User', counts: { rowsStaged: 1, rowsRejected: 1 } });
      expect((await stagedPeople(app, job.id)).map((p) => p.first_name)).toEqual(['Ann']);
    });

    it('stages every valid row with its contact, and counts them', async () => {
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
      const job = await importAndWait(app, zip, { description: 'Two people' });
      expect(job).toMatchObject({
        status: 'Waiting for User',
        stage: 'Review Staged Data',
        counts: { rowsRead: 4, rowsStaged: 4, rowsRejected: 0, contactsStaged: 2, errorCount: 0 },
      });
      const phones = await app.db
        .selectFrom('staged_communications')
        .select(['contact_key', 'type', 'value'])
        .where('job_id', '=', job.id)
        .orderBy('contact_key')
        .execute();
      expect(phones).toEqual([
        { contact_key: 'P1', type: 'home', value: '+12127365000' },
        { contact_key: 'P2', type: 'mobile', value: '+442079460018' },
      ]);
    });

    it('reads Windows-1252, UTF-8 with BOM and UTF-16 files without breaking characters', async () => {
      app = await openTestApp({}, database.dialect);
      const text = 'ID;First;Last;Born\nP1;François;Müller;\nP2;Zoë;Øster;\n';
      const zip = await buildPackage({
        files: [
          { csv: 'a.csv', content: iconv.encode(text, 'windows-1252'), mapping: peopleMapping },
          {
            csv: 'b.csv',
            content: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text.replaceAll('P', 'Q'))]),
            mapping: peopleMapping,
          },
          {
            csv: 'c.csv',
            content: iconv.encode(text.replaceAll('P', 'R'), 'utf-16le', { addBOM: true }),
            mapping: peopleMapping,
          },
        ],
      });
      const job = await importAndWait(app, zip);
      expect(job.counts).toMatchObject({ rowsStaged: 6, errorCount: 0 });
      expect(job.files.map((f) => [f.fileName, f.encoding, f.delimiter])).toEqual([
        ['a.csv', 'windows-1252', ';'],
        ['b.csv', 'utf-8', ';'],
        ['c.csv', 'utf-16le', ';'],
      ]);
      const names = (await stagedPeople(app, job.id)).map((p) => `${p.first_name} ${p.last_name}`);
      expect(new Set(names)).toEqual(new Set(['François Müller', 'Zoë Øster']));
    });

    it('keeps the good rows and reports each bad one with file, line, column and value', async () => {
      app = await openTestApp({}, database.dialect);
      const zip = await buildPackage({
        files: [
          {
            csv: 'people.csv',
            content: 'ID,First,Last,Born\nP1,Ann,Lee,1980-02-31\nP2,"Bo\nBo",Ek,\nP3,Cy,Ng,1970-01-01\n',
            mapping: { ...peopleMapping, onInvalid: 'refuseRow' },
          },
        ],
      });
      const job = await importAndWait(app, zip);
      expect(job.status).toBe('Waiting for User');
      expect(job.counts).toMatchObject({ rowsRead: 3, rowsStaged: 2, rowsRejected: 1, errorCount: 1 });
      const log = await app.imports.errorLog(job.id);
      expect(log.errors).toEqual([
        {
          severity: 'error',
          file: 'people.csv',
          line: 2,
          column: 'Born',
          value: '1980-02-31',
          code: 'ROW_INVALID_DATE',
          message: '"1980-02-31" is not a valid date in the format YYYY-MM-DD',
        },
      ]);
      // The quoted newline makes P3 start on line 5, which is what an editor shows.
      expect((await stagedPeople(app, job.id)).map((p) => [p.legacy_key, p.source_line])).toEqual([
        ['P2', 3],
        ['P3', 5],
      ]);
    });

    it('turns child rows of unknown or rejected contacts into orphans that say why', async () => {
      app = await openTestApp({}, database.dialect);
      const zip = await buildPackage({
        files: [
          // Children come first in the manifest: the loader still stages contacts first.
          {
            csv: 'phones.csv',
            content: 'Contact,Type,Number\nP1,H,+12127365000\nP2,H,+12127365001\nP9,H,+12127365002\n',
            mapping: phonesMapping,
          },
          { csv: 'people.csv', content: 'ID,First,Last,Born\nP1,Ann,Lee,\nP2,,,\n', mapping: peopleMapping },
        ],
      });
      const job = await importAndWait(app, zip);
      const log = await app.imports.errorLog(job.id);
      expect(log.errors.map((e) => [e.file, e.line, e.code, e.message])).toEqual([
        ['people.csv', 3, 'ROW_REQUIRED_MISSING', 'a person needs a first name or a last name'],
        [
          'phones.csv',
          3,
          'ROW_ORPHAN',
          'its contact "P2" was not imported (see the error on line 3 of people.csv)',
        ],
        ['phones.csv', 4, 'ROW_ORPHAN', 'no contact with the legacy key "P9" is in the package'],
      ]);
      expect(job.counts).toMatchObject({ rowsStaged: 2, rowsRejected: 3, contactsStaged: 1 });
    });

    it('refuses a second contact with the same legacy key, within and across batches', async () => {
      app = await openTestApp({ DOVETAIL_STAGE_BATCH_ROWS: '2' }, database.dialect);
      const zip = await buildPackage({
        files: [
          {
            csv: 'people.csv',
            content:
              'ID,First,Last,Born\nP1,Ann,Lee,\nP2,Bo,Ek,\nP1,Ann,Again,\nP3,Cy,Ng,\nP4,Di,Ro,\nP4,Di,Twice,\n',
            mapping: peopleMapping,
          },
        ],
      });
      const job = await importAndWait(app, zip);
      const log = await app.imports.errorLog(job.id);
      expect(log.errors.map((e) => [e.line, e.code, e.message])).toEqual([
        [
          4,
          'ROW_DUPLICATE_KEY',
          'the legacy key "P1" is already used by the contact on line 2 of people.csv',
        ],
        [7, 'ROW_DUPLICATE_KEY', 'the legacy key "P4" is already used by the contact on line 6 of this file'],
      ]);
      expect(job.counts.contactsStaged).toBe(4);
    });

    it('shows the first 500 errors in the log and tells the true total; the error file has them all', async () => {
      app = await openTestApp({}, database.dialect);
      const rows = Array.from({ length: 700 }, (_, i) => `P${i},Ann,Lee,not-a-date`).join('\n');
      const zip = await buildPackage({
        files: [
          {
            csv: 'people.csv',
            content: `ID,First,Last,Born\n${rows}\nOK1,Good,Row,\n`,
            mapping: { ...peopleMapping, onInvalid: 'refuseRow' },
          },
        ],
      });
      const job = await importAndWait(app, zip);
      const log = await app.imports.errorLog(job.id);
      expect(log.total).toBe(700);
      expect(log.limit).toBe(500);
      expect(log.errors).toHaveLength(500);
      expect(log.errors[499]).toMatchObject({ line: 501 });
      expect(job.counts).toMatchObject({ rowsStaged: 1, rowsRejected: 700 });

      const out = path.join(tempDir(), 'errors.csv');
      await app.imports.writeErrorCsv(job.id, fs.createWriteStream(out), { file: 'people.csv' });
      const lines = fs.readFileSync(out, 'utf8').trimEnd().split('\n');
      expect(lines).toHaveLength(701);
      expect(lines[0]).toBe('ID,First,Last,Born,Dovetail Line,Dovetail Errors');
      expect(lines[1]).toBe(
        'P0,Ann,Lee,not-a-date,2,"Born: ""not-a-date"" is not a valid date in the format YYYY-MM-DD"',
      );
    });

    it('honours a different error log limit from the settings', async () => {
      app = await openTestApp({ DOVETAIL_ERROR_LOG_LIMIT: '3' }, database.dialect);
      const rows = Array.from({ length: 5 }, (_, i) => `P${i},,,`).join('\n');
      const zip = await buildPackage({
        files: [{ csv: 'p.csv', content: `ID,First,Last,Born\n${rows}\n`, mapping: peopleMapping }],
      });
      const log = await app.imports.errorLog((await importAndWait(app, zip)).id);
      expect([log.errors.length, log.total]).toEqual([3, 5]);
    });
  });

  describe('notifications when an import ends', () => {
    it('says "Completed Successfully" when every row was staged', async () => {
      app = await openTestApp({}, database.dialect);
      const zip = await buildPackage({
        files: [{ csv: 'p.csv', content: 'ID,First,Last,Born\nP1,Ann,Lee,\n', mapping: peopleMapping }],
      });
      const job = await importAndWait(app, zip, { description: 'Spring leads' });
      const notes = await app.repositories.notifications.listForJob(job.id);
      expect(notes.map((n) => [n.kind, n.text])).toEqual([
        ['success', 'Import of Package "Spring leads" Completed Successfully'],
      ]);
    });

    it('raises the error alarm when rows were rejected, and notifies the on-behalf-of user too', async () => {
      app = await openTestApp({}, database.dialect);
      const advisor = await app.repositories.users.create({ userName: 'advisor' });
      const zip = await buildPackage({
        files: [{ csv: 'p.csv', content: 'ID,First,Last,Born\nP1,,,\n', mapping: peopleMapping }],
      });
      const job = await importAndWait(app, zip, { description: 'Autumn leads', onBehalfOf: 'advisor' });
      expect(job).toMatchObject({ status: 'Waiting for User', onBehalfOf: 'advisor', submittedBy: 'admin' });
      const texts = await app.repositories.notifications.listForUser(advisor.id);
      expect(texts.map((n) => n.text)).toEqual(['Error during Contact Import of Package "Autumn leads"']);
    });

    it('does not let a non-administrator import on behalf of someone else', async () => {
      app = await openTestApp({}, database.dialect);
      await app.repositories.users.create({ userName: 'ann' });
      await app.repositories.users.create({ userName: 'bo' });
      const zip = await buildPackage({
        files: [{ csv: 'p.csv', content: 'ID,First,Last,Born\nP1,A,B,\n', mapping: peopleMapping }],
      });
      await expect(
        app.imports.startImport({ packagePath: zip, description: 'x', submittedBy: 'ann', onBehalfOf: 'bo' }),
      ).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
    });
  });

  describe('packages that cannot be imported', () => {
    async function failedJob(zip: string) {
      app = await openTestApp({}, database.dialect);
      const job = await importAndWait(app, zip, { description: 'Broken' });
      const staged = await app.db
        .selectFrom('staged_contacts')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      const notes = await app.repositories.notifications.listForJob(job.id);
      return {
        job,
        staged: Number(staged.n),
        notes: notes.map((n) => n.text),
        log: await app.imports.errorLog(job.id),
      };
    }

    it('fails on a corrupted ZIP with a clear message and nothing staged', async () => {
      const good = await buildPackage({
        files: [{ csv: 'p.csv', content: 'ID,First,Last,Born\nP1,A,B,\n', mapping: peopleMapping }],
      });
      const bytes = fs.readFileSync(good);
      const broken = path.join(tempDir(), 'broken.zip');
      fs.writeFileSync(broken, bytes.subarray(0, Math.floor(bytes.length / 2)));
      const { job, staged, notes } = await failedJob(broken);
      expect(job.status).toBe('Failed');
      expect(job.failure?.code).toBe('PACKAGE_CORRUPT');
      expect(job.failure?.message).toContain('broken.zip');
      expect(staged).toBe(0);
      expect(notes).toEqual(['Error during Contact Import of Package "Broken"']);
    });

    it('fails on a zip bomb before staging anything', async () => {
      const zipFile = new yazl.ZipFile();
      zipFile.addBuffer(Buffer.alloc(60 * 1024 * 1024), 'people.csv');
      zipFile.end();
      const bomb = path.join(tempDir(), 'bomb.zip');
      await new Promise<void>((resolve) =>
        zipFile.outputStream.pipe(fs.createWriteStream(bomb)).on('close', () => resolve()),
      );
      const { job, staged } = await failedJob(bomb);
      expect(job.failure).toMatchObject({ code: 'PACKAGE_COMPRESSION_RATIO' });
      expect(job.failure?.message).toContain('people.csv');
      expect(staged).toBe(0);
    });

    it('lists every package problem at once: unlisted files, unknown columns and attributes', async () => {
      const zip = await buildPackage({
        files: [
          {
            csv: 'p.csv',
            content: 'ID,First,Last\nP1,A,B\n',
            mapping: {
              ...peopleMapping,
              columns: [...peopleMapping.columns, { column: 'Shoe', attribute: 'shoeSize' }],
            },
          },
        ],
      });
      const { job, log, staged } = await failedJob(zip);
      expect(job.status).toBe('Failed');
      expect(log.errors.map((e) => e.code)).toEqual([
        'MAPPING_COLUMN_MISSING',
        'MAPPING_COLUMN_MISSING',
        'MAPPING_UNKNOWN_ATTRIBUTE',
      ]);
      expect(log.errors[0]?.message).toContain('"Born"');
      expect(job.failure?.message).toContain('The package has 3 problems');
      expect(staged).toBe(0);
    });

    it('refuses files that the manifest does not list', async () => {
      const zip = await buildPackage({
        files: [{ csv: 'p.csv', content: 'ID,First,Last,Born\n', mapping: peopleMapping }],
        extraEntries: { 'secret.csv': 'a,b\n' },
      });
      const { job } = await failedJob(zip);
      expect(job.failure).toMatchObject({ code: 'PACKAGE_FILE_NOT_IN_MANIFEST' });
      expect(job.failure?.message).toContain('"secret.csv"');
    });
  });

  describe('checking a package before reading rows', () => {
    it('keeps checking the other files when one CSV header is unreadable, and reports all problems', async () => {
      app = await openTestApp({}, database.dialect);
      const zip = await buildPackage({
        files: [
          { csv: 'a.csv', content: 'ID,First,First,Born\n', mapping: peopleMapping },
          { csv: 'b.csv', content: '', mapping: peopleMapping },
          { csv: 'c.csv', content: 'ID,First,Last\n', mapping: { ...peopleMapping, defaultCountry: 'XX' } },
        ],
      });
      const job = await importAndWait(app, zip);
      const log = await app.imports.errorLog(job.id);
      expect(log.errors.map((e) => [e.file, e.code])).toEqual([
        ['a.csv', 'CSV_DUPLICATE_HEADER'],
        ['b.csv', 'CSV_EMPTY'],
        ['c.mapping.json', 'MAPPING_INVALID'],
        ['c.mapping.json', 'MAPPING_COLUMN_MISSING'],
      ]);
    });

    it('refuses a manifest that lists a file twice, and reads "./" paths as the archive does', async () => {
      app = await openTestApp({}, database.dialect);
      const zip = await buildPackage({
        files: [{ csv: 'p.csv', content: 'ID,First,Last,Born\nP1,A,B,\n', mapping: peopleMapping }],
        manifest: {
          files: [
            { csv: './p.csv', mapping: 'p.mapping.json' },
            { csv: 'p.csv', mapping: 'p.mapping.json' },
          ],
        },
      });
      const job = await importAndWait(app, zip);
      expect(job.failure).toMatchObject({ code: 'PACKAGE_MANIFEST_INVALID' });
      expect(job.failure?.message).toContain('lists "p.csv" more than once');
    });
  });
});
