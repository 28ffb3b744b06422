import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import yazl from 'yazl';
import { type CsvRecord, openCsv } from '../../src/pipeline/parse/csv-reader.js';
import { openSheet } from '../../src/pipeline/parse/sheet-rows.js';
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

/** A workbook of `count` contacts, each with texts of its own: as many shared strings as cells. */
async function writeLongList(count: number, extra: (sheet: ExcelJS.Worksheet) => void = () => {}) {
  const file = path.join(tempDir(), 'long.xlsx');
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
  const sheet = workbook.addWorksheet('Contacts');
  sheet.addRow(['ID', 'First', 'Last']).commit();
  for (let index = 1; index <= count; index++) {
    sheet.addRow([`P${index}`, `Ann ${index} ✓`, `Lee-${'é'.repeat(index % 7)}${index}`]).commit();
  }
  extra(sheet);
  sheet.commit();
  await workbook.commit();
  return file;
}

/** Runs `body` with the temp folder set to a fresh one, to see what the reader leaves there. */
async function inPrivateTemp<T>(body: (folder: string) => Promise<T>): Promise<T> {
  const folder = tempDir();
  const before = process.env.TMPDIR;
  process.env.TMPDIR = folder;
  try {
    return await body(folder);
  } finally {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
  }
}

describe('an Excel workbook with many shared strings', () => {
  it('reads the same rows when its shared strings are moved to disk, and leaves no file behind', async () => {
    const file = await writeLongList(3000);
    const { records: inMemory } = await read(file);
    await inPrivateTemp(async (folder) => {
      const csv = await openSheet(fs.createReadStream(file), {
        fileName: 'long.xlsx',
        sharedStringsMemoryBytes: 1024,
      });
      const spilled: CsvRecord[] = [];
      for await (const record of csv.records) spilled.push(record);
      expect(spilled.map((record) => record.values)).toEqual(inMemory.map((record) => record.values));
      expect(spilled).toHaveLength(3000);
      expect(spilled[2999]!.values).toEqual(['P3000', 'Ann 3000 ✓', `Lee-${'é'.repeat(3000 % 7)}3000`]);
      expect(fs.readdirSync(folder)).toEqual([]);
    });
  });

  it('removes its spilled strings when reading stops early or fails', async () => {
    const file = await writeLongList(3000);
    await inPrivateTemp(async (folder) => {
      const csv = await openSheet(fs.createReadStream(file), {
        fileName: 'long.xlsx',
        sharedStringsMemoryBytes: 1024,
      });
      for await (const record of csv.records) {
        expect(record.line).toBe(2);
        break;
      }
      await csv.close?.();
      await expect(
        openSheet(fs.createReadStream(file), {
          fileName: 'long.xlsx',
          sheet: 'People',
          sharedStringsMemoryBytes: 1024,
        }),
      ).rejects.toMatchObject({ code: 'SHEET_NOT_FOUND' });
      expect(fs.readdirSync(folder)).toEqual([]);
    });
  });

  it('refuses a row over the line bound and a value over the value bound, shared or inline, naming the sheet, row and column', async () => {
    const file = await writeLongList(3, (sheet) => {
      sheet.addRow(['P4', 'y'.repeat(300), 'Ho']).commit();
      const wide = sheet.addRow(['P5', ...Array.from({ length: 300 }, (_, i) => `w${i}`)]);
      wide.commit();
      sheet.addRow(['P6', 'Dee', 'Ng']).commit();
    });
    const csv = await openCsv(fs.createReadStream(file), {
      fileName: 'long.xlsx',
      encoding: 'auto',
      delimiter: 'auto',
      limits: { maxLineBytes: 1000, maxFieldBytes: 200 },
    });
    const records: CsvRecord[] = [];
    for await (const record of csv.records) records.push(record);
    expect(records.map((record) => [record.line, record.problems.map((problem) => problem.code)])).toEqual([
      [2, []],
      [3, []],
      [4, []],
      [5, ['ROW_FIELD_TOO_LONG']],
      [6, ['ROW_LINE_TOO_LONG']],
      [7, []],
    ]);
    expect(records[3]!.problems[0]).toMatchObject({
      column: 'First',
      message: expect.stringContaining('cell B5 of the sheet "Contacts"'),
    });
    expect(records[4]!.problems[0]!.message).toContain('row 6 of the sheet "Contacts"');
    expect(records[4]!.rawValues.join('').length).toBeLessThan(200);
    expect(records[5]!.values).toEqual(['P6', 'Dee', 'Ng']);
  });

  it('refuses an over-long inline string as it refuses a shared one', async () => {
    const file = path.join(tempDir(), 'inline.xlsx');
    const zip = new yazl.ZipFile();
    zip.addBuffer(
      Buffer.from('<workbook xmlns:r="r"><sheets><sheet name="Contacts" r:id="rId1"/></sheets></workbook>'),
      'xl/workbook.xml',
    );
    const cell = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
    zip.addBuffer(
      Buffer.from(
        `<worksheet><sheetData><row r="1">${cell('A1', 'ID')}${cell('B1', 'Notes')}</row>` +
          `<row r="2">${cell('A2', 'P1')}${cell('B2', 'z'.repeat(5000))}</row>` +
          `<row r="3">${cell('A3', 'P2')}${cell('B3', 'short')}</row></sheetData></worksheet>`,
      ),
      'xl/worksheets/sheet1.xml',
    );
    zip.end();
    await new Promise<void>((resolve) =>
      zip.outputStream.pipe(fs.createWriteStream(file)).on('close', () => resolve()),
    );
    const csv = await openCsv(fs.createReadStream(file), {
      fileName: 'inline.xlsx',
      encoding: 'auto',
      delimiter: 'auto',
      limits: { maxLineBytes: 100_000, maxFieldBytes: 1000 },
    });
    const records: CsvRecord[] = [];
    for await (const record of csv.records) records.push(record);
    expect(
      records.map((record) => [record.line, record.problems[0]?.code, record.problems[0]?.column]),
    ).toEqual([
      [2, 'ROW_FIELD_TOO_LONG', 'Notes'],
      [3, undefined, undefined],
    ]);
  });
});
