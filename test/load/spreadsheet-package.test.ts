import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app/open-app.js';
import { describeEachDatabase } from '../support/databases.js';
import { odsContent, odsRow, odsTable, textCell, writeOds } from '../support/ods-builder.js';
import { buildPackage, peopleMapping } from '../support/package-builder.js';
import { importAndWait, openTestApp } from '../support/test-app.js';

/** The contacts as LibreOffice saves them: a notes sheet first, the list on "Contacts". */
async function contactsOds(): Promise<Buffer> {
  const date = (shown: string, iso: string) =>
    `<table:table-cell office:value-type="date" office:date-value="${iso}" calcext:value-type="date"><text:p>${shown}</text:p></table:table-cell>`;
  const file = await writeOds(
    odsContent([
      odsTable('Read me', [odsRow(textCell('Exported from the club list'))]),
      odsTable('Contacts', [
        odsRow(['ID', 'First', 'Last', 'Born'].map(textCell).join('')),
        odsRow(['P1', 'Ann', 'Lee'].map(textCell).join('') + date('23/04/1945', '1945-04-23')),
        odsRow(['P2', 'Bo', 'x'.repeat(2000)].map(textCell).join('')),
        '<table:table-row table:number-rows-repeated="3"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>',
        odsRow(['P3', 'Cy', 'Ho'].map(textCell).join('') + date('01/02/1970', '1970-02-01')),
      ]),
    ]),
  );
  return fs.readFileSync(file);
}

describeEachDatabase((database) => {
  let app: App | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  describe('a package carrying an OpenDocument spreadsheet', () => {
    it('stages the named sheet’s contacts with their dates, and refuses a row over the value bound at its row and column', async () => {
      app = await openTestApp({ DOVETAIL_MAX_FIELD_BYTES: '1024' }, database.dialect);
      const zip = await buildPackage({
        files: [
          {
            csv: 'people.ods',
            content: await contactsOds(),
            mapping: { ...peopleMapping, sheet: 'Contacts', dateFormat: 'DD/MM/YYYY' },
          },
        ],
      });
      const job = await importAndWait(app, zip);
      expect(job.failure).toBeNull();
      expect(job).toMatchObject({ counts: { rowsStaged: 2, rowsRejected: 1 } });
      const staged = await app.db
        .selectFrom('staged_contacts')
        .select(['legacy_key', 'first_name', 'birth_date', 'source_line'])
        .where('job_id', '=', job.id)
        .orderBy('source_line')
        .execute();
      expect(staged).toEqual([
        { legacy_key: 'P1', first_name: 'Ann', birth_date: '1945-04-23', source_line: 2 },
        { legacy_key: 'P3', first_name: 'Cy', birth_date: '1970-02-01', source_line: 7 },
      ]);
      const errors = await app.db
        .selectFrom('import_errors')
        .select(['file_name', 'line', 'code', 'column_name'])
        .where('job_id', '=', job.id)
        .execute();
      expect(errors).toEqual([
        { file_name: 'people.ods', line: 3, code: 'ROW_FIELD_TOO_LONG', column_name: 'Last' },
      ]);
    });
  });
});
