import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import yazl from 'yazl';
import { type CsvRecord, openCsv } from '../../src/pipeline/parse/csv-reader.js';
import { tempDir } from '../support/package-builder.js';

/** A workbook as people keep contact lists: a notes sheet first, the contacts on the second. */
async function writeWorkbook(): Promise<string> {
  const file = path.join(tempDir(), 'contacts.xlsx');
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: file,
    useSharedStrings: true,
    useStyles: true,
  });
  const notes = workbook.addWorksheet('Read me');
  notes.addRow(['This sheet explains the list']).commit();
  notes.commit();
  const sheet = workbook.addWorksheet('Contacts');
  sheet.getColumn(4).numFmt = 'dd/mm/yyyy';
  sheet.addRow(['ID', 'First', 'Last', 'Born', 'Score', 'Zip']).commit();
  const born = sheet.addRow([
    'P1',
    'Ann',
    'Lee',
    new Date(Date.UTC(1945, 3, 23)),
    { formula: '40+2', result: 42 },
    1234,
  ]);
  born.getCell(6).numFmt = '00000';
  born.commit();
  // Row 3 is left empty on purpose; row 4 holds only an empty string.
  sheet.getRow(4).getCell(1).value = '';
  sheet.getRow(4).commit();
  sheet.getRow(5).values = ['P2', 'Bo', 'Ek', null, { formula: 'E2*2', result: 84 }, 0.5];
  sheet.getRow(5).getCell(6).numFmt = '0.00%';
  sheet.getRow(5).commit();
  sheet.commit();
  await workbook.commit();
  return file;
}

async function read(file: string, sheet?: string) {
  const csv = await openCsv(fs.createReadStream(file), {
    fileName: 'contacts.xlsx',
    encoding: 'auto',
    delimiter: 'auto',
    sheet,
  });
  const records: CsvRecord[] = [];
  for await (const record of csv.records) records.push(record);
  return { csv, records };
}

describe('reading an Excel workbook', () => {
  it('reads the named sheet with dates and numbers as the sheet shows them, formulas as their values, and skips empty rows', async () => {
    const { csv, records } = await read(await writeWorkbook(), 'contacts');
    expect(csv.header).toEqual(['ID', 'First', 'Last', 'Born', 'Score', 'Zip']);
    expect(records.map((record) => [record.line, ...record.values])).toEqual([
      [2, 'P1', 'Ann', 'Lee', '23/04/1945', '42', '01234'],
      [5, 'P2', 'Bo', 'Ek', '', '84', '50.00%'],
    ]);
  });

  it('reads the first sheet when the mapping names none', async () => {
    const { csv, records } = await read(await writeWorkbook());
    expect(csv.header).toEqual(['This sheet explains the list']);
    expect(records).toEqual([]);
  });

  it('names the sheets it has when the one asked for is missing', async () => {
    await expect(read(await writeWorkbook(), 'People')).rejects.toMatchObject({
      code: 'SHEET_NOT_FOUND',
      message: expect.stringContaining('"Read me", "Contacts"'),
    });
  });

  it('refuses a zip bomb of a sheet before unpacking it, as it refuses one in a package', async () => {
    const file = path.join(tempDir(), 'bomb.xlsx');
    const zip = new yazl.ZipFile();
    zip.addBuffer(
      Buffer.from('<workbook><sheets><sheet name="S" r:id="rId1" xmlns:r="r"/></sheets></workbook>'),
      'xl/workbook.xml',
    );
    zip.addBuffer(Buffer.alloc(64 * 1024 ** 2, 0x20), 'xl/worksheets/sheet1.xml');
    zip.end();
    await new Promise<void>((resolve) =>
      zip.outputStream.pipe(fs.createWriteStream(file)).on('close', () => resolve()),
    );
    await expect(read(file)).rejects.toMatchObject({ code: 'PACKAGE_COMPRESSION_RATIO' });
  });
});
