import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type CsvRecord, openCsv } from '../../src/pipeline/parse/csv-reader.js';
import { odsContent, odsRow, odsTable, textCell, writeOds } from '../support/ods-builder.js';

/**
 * A contact list as LibreOffice Calc saves it: a notes sheet first, the contacts on the second,
 * with the cells Calc writes for dates, numbers in formats, comments, merged cells, repeated
 * cells and rows, and the empty rows to the end of the sheet.
 */
function contactsSheet(): string {
  return odsTable('Contacts', [
    odsRow(['ID', 'First', 'Last', 'Born', 'Zip', 'Notes'].map(textCell).join('')),
    odsRow(
      textCell('P1') +
        '<table:table-cell office:value-type="string" calcext:value-type="string"><text:p><text:span text:style-name="T1">Ann</text:span></text:p></table:table-cell>' +
        // A comment on the cell: not part of what the cell shows.
        '<table:table-cell office:value-type="string" calcext:value-type="string"><office:annotation><dc:creator>Kim</dc:creator><text:p>check spelling</text:p></office:annotation><text:p>Lee</text:p></table:table-cell>' +
        '<table:table-cell table:style-name="ce1" office:value-type="date" office:date-value="1945-04-23" calcext:value-type="date"><text:p>23/04/1945</text:p></table:table-cell>' +
        // A postal code in the format 00000: the sheet shows its leading zero.
        '<table:table-cell table:style-name="ce2" office:value-type="float" office:value="1234" calcext:value-type="float"><text:p>01234</text:p></table:table-cell>' +
        '<table:table-cell office:value-type="string" calcext:value-type="string"><text:p>first line</text:p><text:p>two<text:s text:c="2"/>spaces<text:tab/>tab\n   and  more</text:p></table:table-cell>',
    ),
    // Two empty rows written as one repeated row: the next row is row 5.
    '<table:table-row table:style-name="ro1" table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>',
    odsRow(
      textCell('P2') +
        // A merged cell over First and Last: the covered cell shows nothing.
        '<table:table-cell table:number-columns-spanned="2" table:number-rows-spanned="1" office:value-type="string" calcext:value-type="string"><text:p>Bo Ek</text:p></table:table-cell><table:covered-table-cell/>' +
        // Written by a program: a value with no paragraph gives the value itself.
        '<table:table-cell office:value-type="date" office:date-value="1950-01-31T00:00:00"/>' +
        '<table:table-cell office:value-type="float" office:value="0.5"/>' +
        '<table:table-cell office:value-type="boolean" office:boolean-value="true"/>',
    ),
    // Identical rows are written once, repeated; a value repeated over two columns likewise.
    odsRow(
      `${textCell('P3')}<table:table-cell table:number-columns-repeated="2" office:value-type="string" calcext:value-type="string"><text:p>Same</text:p></table:table-cell>`,
      ' table:number-rows-repeated="2"',
    ),
  ]);
}

async function read(
  file: string,
  options: { sheet?: string; limits?: { maxLineBytes: number; maxFieldBytes: number } } = {},
) {
  const csv = await openCsv(fs.createReadStream(file), {
    fileName: 'contacts.ods',
    encoding: 'auto',
    delimiter: 'auto',
    sheet: options.sheet,
    ...(options.limits ? { limits: options.limits } : {}),
  });
  const records: CsvRecord[] = [];
  for await (const record of csv.records) records.push(record);
  return { csv, records };
}

const workbook = () =>
  writeOds(
    odsContent([odsTable('Read me', [odsRow(textCell('This sheet explains the list'))]), contactsSheet()]),
  );

describe('reading an OpenDocument spreadsheet (.ods)', () => {
  it('reads the named sheet as it shows, with the sheet’s row numbers, repeated cells and rows expanded, and comments and empty rows left out', async () => {
    const { csv, records } = await read(await workbook(), { sheet: 'contacts' });
    expect(csv.encoding).toBe('ods');
    expect(csv.header).toEqual(['ID', 'First', 'Last', 'Born', 'Zip', 'Notes']);
    expect(records.map((record) => [record.line, ...record.values])).toEqual([
      [2, 'P1', 'Ann', 'Lee', '23/04/1945', '01234', 'first line\ntwo  spaces\ttab and more'],
      [5, 'P2', 'Bo Ek', '', '1950-01-31', '0.5', 'TRUE'],
      [6, 'P3', 'Same', 'Same', '', '', ''],
      [7, 'P3', 'Same', 'Same', '', '', ''],
    ]);
    expect(records.every((record) => record.problems.length === 0)).toBe(true);
  });

  it('reads the first sheet when the mapping names none', async () => {
    const { csv, records } = await read(await workbook());
    expect(csv.header).toEqual(['This sheet explains the list']);
    expect(records).toEqual([]);
  });

  it('names the sheets it has when the one asked for is missing', async () => {
    await expect(read(await workbook(), { sheet: 'People' })).rejects.toMatchObject({
      code: 'SHEET_NOT_FOUND',
      message: expect.stringContaining('"Read me", "Contacts"'),
    });
  });

  it('refuses an OpenDocument text document, which is no spreadsheet', async () => {
    const file = await writeOds(odsContent([]), { mimetype: 'application/vnd.oasis.opendocument.text' });
    await expect(read(file)).rejects.toMatchObject({
      code: 'WORKBOOK_UNREADABLE',
      message: expect.stringContaining('not a spreadsheet'),
    });
  });

  it('refuses a row over the line bound and a value over the value bound, naming the sheet, row and column, and reads on', async () => {
    const file = await writeOds(
      odsContent([
        odsTable('Contacts', [
          odsRow(['ID', 'First', 'Last'].map(textCell).join('')),
          odsRow(['P1', 'Ann', 'Lee'].map(textCell).join('')),
          // One cell repeated across the sheet: too long as a row, though each value is short.
          odsRow(
            `${textCell('P2')}<table:table-cell table:number-columns-repeated="400" office:value-type="string"><text:p>wide</text:p></table:table-cell>`,
          ),
          odsRow(['P3', 'x'.repeat(300), 'Ho'].map(textCell).join('')),
          odsRow(['P4', 'Dee', 'Ng'].map(textCell).join('')),
        ]),
      ]),
    );
    const { records } = await read(file, { limits: { maxLineBytes: 1000, maxFieldBytes: 200 } });
    expect(records.map((record) => [record.line, record.problems.map((problem) => problem.code)])).toEqual([
      [2, []],
      [3, ['ROW_LINE_TOO_LONG']],
      [4, ['ROW_FIELD_TOO_LONG']],
      [5, []],
    ]);
    expect(records[1]!.problems[0]!.message).toContain('row 3 of the sheet "Contacts"');
    expect(records[2]!.problems[0]).toMatchObject({
      column: 'First',
      message: expect.stringContaining('cell B4 of the sheet "Contacts"'),
    });
    expect(records[2]!.problems[0]!.value!.length).toBeLessThan(200);
    expect(records[3]!.values).toEqual(['P4', 'Dee', 'Ng']);
  });
});
