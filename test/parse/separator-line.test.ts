import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { type CsvRecord, openCsv } from '../../src/pipeline/parse/csv-reader.js';

async function read(text: string, delimiter: ',' | ';' | 'auto' = 'auto') {
  const file = await openCsv(Readable.from([Buffer.from(text, 'utf8')]), {
    fileName: 'excel.csv',
    encoding: 'auto',
    delimiter,
  });
  const records: CsvRecord[] = [];
  for await (const record of file.records) records.push(record);
  return { file, records };
}

describe("Excel's sep= first line", () => {
  it('uses the delimiter it names and reads the header from the next line, keeping physical line numbers', async () => {
    const { file, records } = await read('\ufeffsep=;\r\nID;First;Last\r\nP1;Ann;Lee\r\n\r\nP2;Bo,Jo;Ek\r\n');
    expect(file.delimiter).toBe(';');
    expect(file.header).toEqual(['ID', 'First', 'Last']);
    expect(records.map((record) => [record.line, ...record.values])).toEqual([
      [3, 'P1', 'Ann', 'Lee'],
      [5, 'P2', 'Bo,Jo', 'Ek'],
    ]);
  });

  it('wins over what the lines alone would suggest', async () => {
    // Without the sep line the commas would split these lines more evenly than the semicolons.
    const { file } = await read('sep=;\nName;Notes\na,b,c;x,y,z\nd,e,f;u,v,w\n');
    expect(file.delimiter).toBe(';');
    expect(file.header).toEqual(['Name', 'Notes']);
  });

  it('is skipped as well when the mapping names the delimiter', async () => {
    const { file, records } = await read('SEP=,\nID,First\nP1,Ann\n', ',');
    expect(file.header).toEqual(['ID', 'First']);
    expect(records[0]).toMatchObject({ line: 3, values: ['P1', 'Ann'] });
  });

  it('leaves a first column that is merely named "sep" alone', async () => {
    const { file } = await read('sep,name\n1,Ann\n');
    expect(file.header).toEqual(['sep', 'name']);
  });
});
