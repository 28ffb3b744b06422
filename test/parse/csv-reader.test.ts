import { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { describe, expect, it, vi } from 'vitest';
import { DovetailError } from '../../src/errors/dovetail-error.js';
import {
  type CsvFile,
  type CsvReadOptions,
  type CsvRecord,
  openCsv,
} from '../../src/pipeline/parse/csv-reader.js';

/** A stream of `bytes` cut into chunks of `chunkSize` bytes (the whole buffer at once by default). */
function streamOf(bytes: Buffer | string, chunkSize?: number): Readable {
  const buffer = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  if (chunkSize === undefined) return Readable.from([buffer]);
  const chunks: Buffer[] = [];
  for (let at = 0; at < buffer.length; at += chunkSize) chunks.push(buffer.subarray(at, at + chunkSize));
  return Readable.from(chunks);
}

async function open(
  bytes: Buffer | string,
  options: Partial<CsvReadOptions> = {},
  chunkSize?: number,
): Promise<CsvFile> {
  return openCsv(streamOf(bytes, chunkSize), {
    fileName: 'contacts.csv',
    encoding: 'auto',
    delimiter: 'auto',
    ...options,
  });
}

async function collect(file: CsvFile): Promise<CsvRecord[]> {
  const records: CsvRecord[] = [];
  for await (const record of file.records) records.push(record);
  return records;
}

async function read(bytes: Buffer | string, options: Partial<CsvReadOptions> = {}, chunkSize?: number) {
  const file = await open(bytes, options, chunkSize);
  return { file, records: await collect(file) };
}

async function failureOf(promise: Promise<unknown>): Promise<DovetailError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(DovetailError);
  return error as DovetailError;
}

const names = 'Name;City\nFrançois;Zoë\nAnna;Łódź\n';

describe('choosing the encoding', () => {
  it('reads UTF-8 with a byte order mark and drops the mark', async () => {
    const { file, records } = await read(
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(names)]),
    );
    expect(file.encoding).toBe('utf-8');
    expect(file.header).toEqual(['Name', 'City']);
    expect(records.map((record) => record.values)).toEqual([
      ['François', 'Zoë'],
      ['Anna', 'Łódź'],
    ]);
  });

  it('reads UTF-8 without a byte order mark, even when characters are split across chunks', async () => {
    const { file, records } = await read(names, {}, 1);
    expect(file.encoding).toBe('utf-8');
    expect(records.map((record) => record.values)).toEqual([
      ['François', 'Zoë'],
      ['Anna', 'Łódź'],
    ]);
    expect(records.every((record) => record.problems.length === 0)).toBe(true);
  });

  it('still recognises UTF-8 when the sample it looks at ends in the middle of a character', async () => {
    const header = 'Name,City\n';
    // Pad so that the first byte of "ç" (two bytes in UTF-8) is the last byte of the 64 KiB sample.
    const filler = `x,${'y'.repeat(64 * 1024 - header.length - 'x,\nFran'.length - 1)}\n`;
    const text = `${header}${filler}François,Paris\n`;
    expect(Buffer.byteLength(`${header}${filler}Fran`)).toBe(64 * 1024 - 1);
    const { file, records } = await read(text, {}, 4096);
    expect(file.encoding).toBe('utf-8');
    expect(records[1]?.values).toEqual(['François', 'Paris']);
  });

  it('reads a Windows-1252 file as Windows-1252, so "François" does not come out as "FranÃ§ois"', async () => {
    const { file, records } = await read(iconv.encode('Name;Note\nFrançois;5 €\n', 'windows-1252'));
    expect(file.encoding).toBe('windows-1252');
    expect(records[0]?.values).toEqual(['François', '5 €']);
    expect(records[0]?.problems).toEqual([]);
  });

  it('reads UTF-16LE with a byte order mark, whatever the chunk boundaries', async () => {
    const bytes = iconv.encode(names, 'utf-16le', { addBOM: true });
    const { file, records } = await read(bytes, {}, 3);
    expect(file.encoding).toBe('utf-16le');
    expect(file.header).toEqual(['Name', 'City']);
    expect(records.map((record) => record.values)).toEqual([
      ['François', 'Zoë'],
      ['Anna', 'Łódź'],
    ]);
  });

  it('reads UTF-16BE with a byte order mark', async () => {
    const { file, records } = await read(iconv.encode(names, 'utf-16be', { addBOM: true }));
    expect(file.encoding).toBe('utf-16be');
    expect(records[1]?.values).toEqual(['Anna', 'Łódź']);
  });

  it('recognises UTF-16LE without a byte order mark by its zero bytes', async () => {
    const { file, records } = await read(iconv.encode(names, 'utf-16le'));
    expect(file.encoding).toBe('utf-16le');
    expect(file.header).toEqual(['Name', 'City']);
    expect(records[0]?.values).toEqual(['François', 'Zoë']);
  });

  it('uses the encoding declared in the mapping instead of detecting one', async () => {
    const { file, records } = await read(names, { encoding: 'windows-1252' });
    expect(file.encoding).toBe('windows-1252');
    expect(records[0]?.values).toEqual(['FranÃ§ois', 'ZoÃ«']);
  });

  it('reads a file declared ISO-8859-1 as Windows-1252, which only differs by having letters where ISO-8859-1 has control characters', async () => {
    const { file, records } = await read(iconv.encode('Name;Price\nŒuvre;10 €\n', 'windows-1252'), {
      encoding: 'iso-8859-1',
    });
    expect(file.encoding).toBe('windows-1252');
    expect(records[0]?.values).toEqual(['Œuvre', '10 €']);
  });

  it('flags values with broken characters when a Windows-1252 file is read as UTF-8', async () => {
    const bytes = iconv.encode('Name;City\nAnna;Paris\nFrançois;Zoë\n', 'windows-1252');
    const { file, records } = await read(bytes, { encoding: 'utf-8' });
    expect(file.encoding).toBe('utf-8');
    expect(records[0]?.problems).toEqual([]);
    const problems = records[1]?.problems ?? [];
    expect(problems.map((problem) => [problem.code, problem.column, problem.value])).toEqual([
      ['ROW_BAD_ENCODING', 'Name', 'Fran\uFFFDois'],
      ['ROW_BAD_ENCODING', 'City', 'Zo\uFFFD'],
    ]);
    expect(problems[0]?.message).toContain('not UTF-8');
    expect(problems[0]?.message).toContain('windows-1252');
  });
});

describe('choosing the delimiter', () => {
  it('recognises commas', async () => {
    const { file, records } = await read('id,name,city\n1,Anna,Paris\n2,Ben,Rome\n');
    expect(file.delimiter).toBe(',');
    expect(records[1]?.values).toEqual(['2', 'Ben', 'Rome']);
  });

  it('recognises semicolons, ignoring a comma inside a quoted value', async () => {
    const { file, records } = await read('id;company;city\n1;"ACME, Inc.";Paris\n2;"Foo, Bar, Baz";Rome\n');
    expect(file.delimiter).toBe(';');
    expect(records.map((record) => record.values)).toEqual([
      ['1', 'ACME, Inc.', 'Paris'],
      ['2', 'Foo, Bar, Baz', 'Rome'],
    ]);
  });

  it('recognises tabs', async () => {
    const { file, records } = await read('id\tname\tnote\n1\tAnna\tlikes a, b; c\n');
    expect(file.delimiter).toBe('\t');
    expect(records[0]?.values).toEqual(['1', 'Anna', 'likes a, b; c']);
  });

  it('recognises pipes', async () => {
    const { file, records } = await read('id|name|city\n1|Anna|Paris\n');
    expect(file.delimiter).toBe('|');
    expect(records[0]?.values).toEqual(['1', 'Anna', 'Paris']);
  });

  it('prefers the delimiter that splits the rows like the header', async () => {
    const { file } = await read('name;street, number;city\nAnna;Main St, 5;Paris\nBen;Elm St, 7;Rome\n');
    expect(file.delimiter).toBe(';');
  });

  it('falls back to a comma for a single column', async () => {
    const { file, records } = await read('email\nanna@example.com\n');
    expect(file.delimiter).toBe(',');
    expect(records[0]?.values).toEqual(['anna@example.com']);
  });

  it('uses the delimiter declared in the mapping instead of detecting one', async () => {
    const { file, records } = await read('a;b,c\n1;2,3\n', { delimiter: ';' });
    expect(file.delimiter).toBe(';');
    expect(file.header).toEqual(['a', 'b,c']);
    expect(records[0]?.values).toEqual(['1', '2,3']);
  });
});

describe('reading records', () => {
  it('numbers records by the line they start on, counting the lines of quoted newlines', async () => {
    const { records } = await read('id,note\n1,"first\nsecond\nthird"\n2,plain\n3,"a\r\nb"\n4,after\n');
    expect(records.map((record) => [record.line, record.values[1]])).toEqual([
      [2, 'first\nsecond\nthird'],
      [5, 'plain'],
      [6, 'a\r\nb'],
      [8, 'after'],
    ]);
  });

  it('numbers records correctly in a CRLF file with quoted CRLF newlines and empty lines', async () => {
    const { records } = await read('id,note\r\n1,"a\r\nb\r\nc"\r\n\r\n2,x\r\n3,"y\r\nz"\r\n4,w\r\n');
    expect(records.map((record) => [record.line, record.values[0]])).toEqual([
      [2, '1'],
      [6, '2'],
      [7, '3'],
      [9, '4'],
    ]);
  });

  it('skips empty lines but still counts them', async () => {
    const { records } = await read('id,name\n\n1,Anna\n\n\n2,Ben\n\n');
    expect(records.map((record) => [record.line, record.values[0]])).toEqual([
      [3, '1'],
      [6, '2'],
    ]);
  });

  it('accepts a file that mixes CRLF and LF line endings', async () => {
    const { records } = await read('id,name\r\n1,Anna\n2,Ben\r\n3,Cleo\n');
    expect(records.map((record) => [record.line, ...record.values])).toEqual([
      [2, '1', 'Anna'],
      [3, '2', 'Ben'],
      [4, '3', 'Cleo'],
    ]);
  });

  it('pads short rows with empty values', async () => {
    const { records } = await read('a,b,c,d\n1,2\n1\n');
    expect(records.map((record) => record.values)).toEqual([
      ['1', '2', '', ''],
      ['1', '', '', ''],
    ]);
    expect(records[0]?.rawValues).toEqual(['1', '2']);
    expect(records.every((record) => record.problems.length === 0)).toBe(true);
  });

  it('flags rows with more non-empty values than the header has columns', async () => {
    const { records } = await read('a,b,c,d,e\n1,2,3,4,5,,extra\n');
    expect(records[0]?.values).toEqual(['1', '2', '3', '4', '5']);
    expect(records[0]?.rawValues).toEqual(['1', '2', '3', '4', '5', '', 'extra']);
    expect(records[0]?.problems).toEqual([
      {
        code: 'ROW_TOO_MANY_VALUES',
        message: 'the row has 7 values but the header has 5 columns',
        value: 'extra',
      },
    ]);
  });

  it('silently drops extra values that are empty', async () => {
    const { records } = await read('a,b\n1,2,, \n');
    expect(records[0]?.values).toEqual(['1', '2']);
    expect(records[0]?.rawValues).toEqual(['1', '2', '', ' ']);
    expect(records[0]?.problems).toEqual([]);
  });

  it('leaves values untrimmed', async () => {
    const { records } = await read('a,b\n  1 ," 2 "\n');
    expect(records[0]?.values).toEqual(['  1 ', ' 2 ']);
  });

  it('reports a row with a stray quote as malformed and goes on with the next rows', async () => {
    const { records } = await read('id,name\n1,Anna\n2,Ben "Benny" Smith\n3,Cleo\n4,"Dan"\n');
    expect(records.map((record) => [record.line, record.values, record.problems.map((p) => p.code)])).toEqual(
      [
        [2, ['1', 'Anna'], []],
        [3, ['', ''], ['ROW_MALFORMED_CSV']],
        [4, ['3', 'Cleo'], []],
        [5, ['4', 'Dan'], []],
      ],
    );
    expect(records[1]?.problems[0]?.message).toContain('quote');
  });

  it('reports a quoted value followed by other characters as malformed without swallowing the next rows', async () => {
    const { records } = await read('id,name\n1,"Anna" Jr,"x"\n2,"multi\nline"\n3,"Cleo"x"y"\n4,Dan\n');
    expect(
      records.map((record) => [record.line, record.values[0], record.problems.map((p) => p.code)]),
    ).toEqual([
      [2, '', ['ROW_MALFORMED_CSV']],
      [3, '2', []],
      [5, '', ['ROW_MALFORMED_CSV']],
      [6, '4', []],
    ]);
    expect(records[0]?.problems[0]?.message).toContain('after its closing quote');
  });

  it('reports each of several malformed rows, one after the other, on its own line', async () => {
    const { records } = await read('id,name\n1,"multi\nline"x\n2,a"b\n3,c"d"e"\n4,ok\n');
    expect(records.map((record) => [record.line, record.values[0], record.problems.length])).toEqual([
      [2, '', 1],
      [4, '', 1],
      [5, '', 1],
      [6, '4', 0],
    ]);
  });

  it('reports a quote that is never closed on the line where the record starts', async () => {
    const { records } = await read('id,name\n1,Anna\n2,"Ben\n3,Cleo\n');
    expect(records.map((record) => [record.line, record.problems.map((p) => p.code)])).toEqual([
      [2, []],
      [3, ['ROW_MALFORMED_CSV']],
    ]);
    expect(records[1]?.problems[0]?.message).toContain('unclosed quote');
  });
});

describe('reading the header', () => {
  it('trims the column names', async () => {
    const { file } = await read(' id , name\n1,Anna\n');
    expect(file.header).toEqual(['id', 'name']);
  });

  it('refuses a header that names a column twice, ignoring case and spaces', async () => {
    const error = await failureOf(open('id,Email,name, email \n1,a@example.com,Anna,b@example.com\n'));
    expect(error.code).toBe('CSV_DUPLICATE_HEADER');
    expect(error.location).toMatchObject({ file: 'contacts.csv', column: 'email' });
    expect(error.message).toContain('contacts.csv');
    expect(error.message).toContain('"email"');
  });

  it('allows several unnamed columns', async () => {
    const { file } = await read('id,name,,\n1,Anna,,\n');
    expect(file.header).toEqual(['id', 'name', '', '']);
  });

  it('refuses an empty file', async () => {
    const error = await failureOf(open(''));
    expect(error.code).toBe('CSV_EMPTY');
    expect(error.location.file).toBe('contacts.csv');
    expect(error.message).toContain('contacts.csv');
  });

  it('refuses a file with only a byte order mark and empty lines', async () => {
    const error = await failureOf(open(Buffer.from([0xef, 0xbb, 0xbf, 0x0a, 0x0d, 0x0a])));
    expect(error.code).toBe('CSV_EMPTY');
  });

  it('refuses a file whose header line is malformed', async () => {
    const error = await failureOf(open('id,"name\n1,Anna\n'));
    expect(error.code).toBe('CSV_UNREADABLE');
    expect(error.location).toMatchObject({ file: 'contacts.csv', line: 1 });
  });

  it('reads a ZIP under a .csv name as an Excel workbook, and says when it is not one', async () => {
    const xlsx = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]), Buffer.alloc(100, 0x41)]);
    const error = await failureOf(open(xlsx));
    expect(error.code).toBe('WORKBOOK_UNREADABLE');
    expect(error.message).toContain('cannot be read as one');
  });

  it('accepts a file with only a header and gives no records', async () => {
    const { file, records } = await read('id,name\n');
    expect(file.header).toEqual(['id', 'name']);
    expect(records).toEqual([]);
  });
});

describe('streaming', () => {
  const bigFile = () => {
    const lines = ['id,name,email'];
    for (let i = 1; i <= 40_000; i++) lines.push(`${i},Person ${i},person${i}@example.com`);
    return Buffer.from(`${lines.join('\n')}\n`);
  };

  it('counts the raw bytes read, reaching the size of the file at the end', async () => {
    const bytes = bigFile();
    const file = await open(bytes, {}, 16 * 1024);
    let first: number | undefined;
    let count = 0;
    for await (const _record of file.records) {
      first ??= file.bytesRead();
      count++;
    }
    expect(count).toBe(40_000);
    expect(first).toBeLessThan(bytes.length / 2); // reads as it goes, not the whole file up front
    expect(file.bytesRead()).toBe(bytes.length);
  });

  it('counts the byte order mark and the undecoded bytes of a UTF-16 file', async () => {
    const bytes = iconv.encode(names, 'utf-16le', { addBOM: true });
    const { file } = await read(bytes, {}, 5);
    expect(file.bytesRead()).toBe(bytes.length);
  });

  /** A source that gives the first `size` bytes of `bytes` and then fails with `failure`. */
  function failingSource(bytes: Buffer, size: number, failure: Error): Readable {
    async function* chunks() {
      for (let at = 0; at < size; at += 50_000) yield bytes.subarray(at, Math.min(at + 50_000, size));
      throw failure;
    }
    return Readable.from(chunks());
  }

  it.each(['utf-8', 'windows-1252'] as const)(
    'passes on an error of the source stream unchanged (%s)',
    async (encoding) => {
      const failure = new DovetailError('PACKAGE_CORRUPT', 'the archive is damaged', {
        file: 'contacts.csv',
      });
      const file = await openCsv(failingSource(bigFile(), 200_000, failure), {
        fileName: 'contacts.csv',
        encoding,
        delimiter: 'auto',
      });
      await expect(collect(file)).rejects.toBe(failure);
    },
  );

  it('passes on an error of the source stream that happens while the start of the file is read', async () => {
    const failure = new DovetailError('PACKAGE_CORRUPT', 'the archive is damaged', { file: 'contacts.csv' });
    const opening = openCsv(failingSource(bigFile(), 1000, failure), {
      fileName: 'contacts.csv',
      encoding: 'auto',
      delimiter: 'auto',
    });
    await expect(opening).rejects.toBe(failure);
  });

  it('lets the caller destroy the source after reading only the header', async () => {
    const source = streamOf(bigFile(), 16 * 1024);
    const file = await openCsv(source, { fileName: 'contacts.csv', encoding: 'auto', delimiter: 'auto' });
    expect(file.header).toEqual(['id', 'name', 'email']);
    source.destroy();
    await new Promise((resolve) => setTimeout(resolve, 20)); // an unhandled error would fail the run
    expect(source.destroyed).toBe(true);
  });

  it('releases the source when the reader stops early', async () => {
    const source = streamOf(bigFile(), 16 * 1024);
    const file = await openCsv(source, { fileName: 'contacts.csv', encoding: 'auto', delimiter: 'auto' });
    for await (const record of file.records) {
      if (record.line === 3) break;
    }
    await vi.waitFor(() => expect(source.destroyed).toBe(true));
  });
});
