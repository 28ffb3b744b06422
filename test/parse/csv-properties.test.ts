/**
 * Property-based tests (fast-check) of the CSV reader and the row mapper: whatever the bytes,
 * quotes, delimiters, encodings, line endings, chunking and lengths, reading ends without a crash
 * or a hang, and every line is accounted for — landed with its values, or refused with its line.
 * The seed is printed; rerun a failure with FC_SEED=<seed>.
 */
import { Readable } from 'node:stream';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { DovetailError, rowErrorCodes } from '../../src/errors/dovetail-error.js';
import { attributeCatalog, type DataType, dataTypes } from '../../src/format/attributes.js';
import type { CsvLimits } from '../../src/format/csv-limits.js';
import { toCsvLine } from '../../src/format/csv-line.js';
import { type Delimiter, mappingSchema } from '../../src/format/package-format.schema.js';
import { buildTargetDefinition } from '../../src/format/target-definition.js';
import { createRowMapper } from '../../src/pipeline/map/row-mapper.js';
import { type CsvRecord, openCsv } from '../../src/pipeline/parse/csv-reader.js';
import { sampleOwner, sampleVocabulary } from '../../src/sample/sample-vocabulary.js';

const seed = Number(process.env.FC_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`fast-check seed ${seed} (rerun with FC_SEED=${seed})`);

const knownRowCodes = new Set<string>(rowErrorCodes);

function chunked(bytes: Buffer, chunkSize: number): Readable {
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += chunkSize) chunks.push(bytes.subarray(at, at + chunkSize));
  return Readable.from(chunks);
}

/** Reads every record, or the file-level DovetailError that refused the file. */
async function readAll(
  bytes: Buffer,
  options: {
    encoding: 'auto' | 'utf-8' | 'utf-16le' | 'windows-1252';
    delimiter: Delimiter;
    limits?: CsvLimits;
  },
  chunkSize: number,
): Promise<{ header: string[]; records: CsvRecord[] } | DovetailError> {
  try {
    const file = await openCsv(chunked(bytes, chunkSize), { fileName: 'f.csv', ...options });
    const records: CsvRecord[] = [];
    for await (const record of file.records) records.push(record);
    return { header: file.header, records };
  } catch (error) {
    if (error instanceof DovetailError) return error;
    throw error;
  }
}

/** Line breaks as the reader counts physical lines: CRLF, LF or CR. */
function lineBreaks(text: string): number {
  return text.match(/\r\n|\r|\n/g)?.length ?? 0;
}

const delimiters = [',', ';', '\t', '|'] as const;
const lineEnds = ['\n', '\r\n', '\r'] as const;
const encodings = ['utf-8', 'utf-16le', 'windows-1252'] as const;

/** Text a cell may hold in an encoding: windows-1252 holds only its own characters. */
function cellText(encoding: (typeof encodings)[number]) {
  const special = fc.constantFrom('"', ',', ';', '\t', '|', '\n', '\r', '\r\n', ' ', '=', 'é', '€');
  const plain =
    encoding === 'windows-1252'
      ? fc.string({ unit: fc.constantFrom(...'abcXYZ019 .-@éüßÆ€'.split('')), maxLength: 8 })
      : fc.string({ unit: 'grapheme', maxLength: 8 }).filter((text) => !text.includes('\uFFFD'));
  return fc.array(fc.oneof(plain, special), { maxLength: 6 }).map((parts) => parts.join(''));
}

const structuredCsv = fc
  .record({
    encoding: fc.constantFrom(...encodings),
    delimiter: fc.constantFrom(...delimiters),
    lineEnd: fc.constantFrom(...lineEnds),
    width: fc.integer({ min: 2, max: 5 }),
    chunkSize: fc.integer({ min: 1, max: 300 }),
    finalLineEnd: fc.boolean(),
  })
  .chain((shape) =>
    fc.record({
      shape: fc.constant(shape),
      rows: fc.array(fc.array(cellText(shape.encoding), { minLength: shape.width, maxLength: shape.width }), {
        maxLength: 12,
      }),
    }),
  );

function encode(text: string, encoding: (typeof encodings)[number]): Buffer {
  if (encoding === 'utf-8') return Buffer.from(text, 'utf8');
  if (encoding === 'utf-16le')
    return Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf-16le')]);
  return iconv.encode(text, 'windows-1252');
}

describe('reading CSV, for any input', () => {
  it('lands every row of a well-formed file with its values and its first line, however it is encoded and cut', async () => {
    await fc.assert(
      fc.asyncProperty(structuredCsv, async ({ shape, rows }) => {
        const header = Array.from({ length: shape.width }, (_, i) => `c${i}`);
        const lines = [header, ...rows].map((row) => toCsvLine(row, shape.delimiter));
        const text = lines.join(shape.lineEnd) + (shape.finalLineEnd ? shape.lineEnd : '');
        const read = await readAll(
          encode(text, shape.encoding),
          { encoding: shape.encoding, delimiter: shape.delimiter },
          shape.chunkSize,
        );
        if (read instanceof DovetailError) throw read;
        let line = 1;
        const expected = lines.map((csvLine, index) => {
          const start = line;
          line += lineBreaks(csvLine) + 1;
          return { line: start, values: [header, ...rows][index]! };
        });
        expect(read.records.map(({ line: at, values }) => ({ line: at, values }))).toEqual(expected.slice(1));
        for (const record of read.records) expect(record.problems).toEqual([]);
      }),
      { seed, numRuns: 1500 },
    );
  });

  it('reads any bytes to the end without a crash: the file refused with a code, or each record at a later line with known problems', async () => {
    const bytes = fc.array(
      fc.oneof(
        fc.constantFrom(0x22, 0x2c, 0x3b, 0x09, 0x0a, 0x0d, 0x20, 0x61, 0x62, 0x41),
        fc.integer({ min: 0, max: 255 }),
      ),
      { maxLength: 600 },
    );
    await fc.assert(
      fc.asyncProperty(
        bytes,
        fc.constantFrom<'auto' | 'utf-8' | 'utf-16le' | 'windows-1252'>('auto', ...encodings),
        fc.constantFrom<Delimiter>('auto', ...delimiters),
        fc.integer({ min: 1, max: 200 }),
        async (values, encoding, delimiter, chunkSize) => {
          const read = await readAll(Buffer.from(values), { encoding, delimiter }, chunkSize);
          if (read instanceof DovetailError) {
            expect(read.code).toMatch(/^CSV_/);
            return;
          }
          let previous = 1;
          for (const record of read.records) {
            expect(record.line).toBeGreaterThan(previous);
            previous = record.line;
            expect(record.values).toHaveLength(read.header.length);
            for (const problem of record.problems) expect(knownRowCodes.has(problem.code)).toBe(true);
          }
        },
      ),
      { seed, numRuns: 2000 },
    );
  });

  it('refuses each row over the line or value bound at its line, keeps it short, and reads the next rows', async () => {
    const limits: CsvLimits = { maxLineBytes: 1024, maxFieldBytes: 256 };
    const row = fc.array(
      fc.oneof(
        fc.string({ maxLength: 20 }),
        fc.integer({ min: 200, max: 3000 }).map((n) => 'x'.repeat(n)),
        fc.integer({ min: 200, max: 3000 }).map((n) => `"${'q\n'.repeat(n / 2)}"`),
      ),
      { minLength: 3, maxLength: 3 },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(row, { maxLength: 8 }),
        fc.integer({ min: 1, max: 5000 }),
        async (rows, chunk) => {
          const cells = rows.map((cells) =>
            cells.map((cell) => (cell.startsWith('"') ? cell.slice(1, -1) : cell)),
          );
          const lines = ['a,b,c', ...cells.map((values) => toCsvLine(values))];
          const read = await readAll(
            Buffer.from(`${lines.join('\n')}\n`),
            { encoding: 'utf-8', delimiter: ',', limits },
            chunk,
          );
          if (read instanceof DovetailError) throw read;
          expect(read.records).toHaveLength(cells.length);
          let line = 2;
          read.records.forEach((record, index) => {
            expect(record.line).toBe(line);
            line += lineBreaks(lines[index + 1]!) + 1;
            const values = cells[index]!;
            const lineBytes = Buffer.byteLength(lines[index + 1]!);
            const longest = Math.max(...values.map((value) => Buffer.byteLength(value)));
            if (longest <= limits.maxFieldBytes && lineBytes <= limits.maxLineBytes) {
              expect(record.values).toEqual(values);
              expect(record.problems).toEqual([]);
            } else {
              expect(record.problems.map((problem) => problem.code)).toEqual([
                expect.stringMatching(/^ROW_(LINE|FIELD)_TOO_LONG$/),
              ]);
              expect(JSON.stringify(record.rawValues).length).toBeLessThan(limits.maxLineBytes + 200);
            }
          });
        },
      ),
      { seed, numRuns: 600 },
    );
  });
});

describe('mapping rows, for any values', () => {
  const definition = buildTargetDefinition(sampleOwner, sampleVocabulary);
  const textLimit = (dataType: DataType, name: string) =>
    attributeCatalog[dataType].find((spec) => spec.name === name)?.maxLength;

  /** One mapping per data type, every attribute of it mapped (codes through a lookup, one refusing). */
  const mappings = dataTypes.map((dataType) => {
    const contact = dataType === 'person' || dataType === 'company';
    const attributes = attributeCatalog[dataType].map((spec) => spec.name);
    const fields = contact ? ['custom.Industry', 'custom.Risk Profile', 'user.Last Review'] : [];
    const columns = [...attributes, ...fields].map((attribute, index) => ({
      column: `c${index}`,
      attribute,
      ...(attribute === 'type' || attribute === 'status' ? { lookup: 'codes' } : {}),
      ...(attribute.endsWith('Date') || attribute === 'date' ? { dateFormat: 'DD/MM/YYYY' } : {}),
      ...(index % 4 === 3 ? { onInvalid: 'refuseRow' } : {}),
    }));
    const mapping = mappingSchema.parse({
      formatVersion: 1,
      file: `${dataType}.csv`,
      dataType,
      ...(contact ? { keyColumn: 'ID' } : { parentKeyColumn: 'ID' }),
      defaultCountry: 'GB',
      columns,
      lookups: { codes: { H: 'home', W: 'business', A: 'active', X: 'nonsense' } },
    });
    const header = ['ID', ...columns.map((column) => column.column)];
    return { dataType, width: header.length, mapRow: createRowMapper(mapping, definition, header) };
  });

  const value = fc.oneof(
    { arbitrary: fc.string({ unit: 'binary', maxLength: 30 }), weight: 2 },
    { arbitrary: fc.string({ unit: 'grapheme', maxLength: 400 }), weight: 1 },
    { arbitrary: fc.integer({ min: 1, max: 25_000 }).map((n) => 'x'.repeat(n)), weight: 1 },
    {
      arbitrary: fc.constantFrom(
        '',
        ' ',
        '1980-02-30',
        '31/12/1999',
        '29/02/2001',
        '=1+2',
        '\u0000',
        'a@b',
        'ann@example.com',
        'http://example.com/a b',
        '+44 20 7946 0018',
        '020 7946 0018',
        '+1',
        'H',
        'W',
        'A',
        'X',
        'home',
        'phone',
        'email',
        'yes',
        'no',
        '1',
        'Medium',
        'Client',
        'Industry',
        '9'.repeat(400),
      ),
      weight: 6,
    },
  );

  it('maps a row of any data type, or refuses it with known problems, never throwing; what it maps fits its attribute', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...mappings).chain((mapping) =>
          fc.record({
            mapping: fc.constant(mapping),
            values: fc.array(value, { minLength: mapping.width, maxLength: mapping.width }),
          }),
        ),
        ({ mapping, values }) => {
          const result = mapping.mapRow({ line: 2, values, rawValues: values, problems: [] });
          const problems = result.ok ? result.warnings : result.problems;
          if (!result.ok) expect(problems.length).toBeGreaterThan(0);
          for (const problem of problems) expect(knownRowCodes.has(problem.code)).toBe(true);
          if (!result.ok) return;
          for (const [name, mapped] of Object.entries(result.record.attributes)) {
            const limit = textLimit(mapping.dataType, name);
            if (typeof mapped === 'string' && limit !== undefined)
              expect(mapped.length).toBeLessThanOrEqual(limit);
            if (typeof mapped === 'string') expect(mapped).not.toContain('\u0000');
          }
        },
      ),
      { seed, numRuns: 1500 },
    );
  });
});
