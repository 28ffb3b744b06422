/**
 * The lines the CSV reader splits without csv-parse must come out exactly as csv-parse reads
 * them, and every other line must be left to csv-parse.
 */
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeLines, readSimpleLines, splitQuotedLine } from '../../src/pipeline/parse/plain-lines.js';

const csvParseValues = (line: string, delimiter: string): string[] | undefined => {
  try {
    const records = parse(line, { delimiter, relax_column_count: true, relax_quotes: false, bom: false });
    return records.length === 1 ? records[0] : undefined;
  } catch {
    return undefined;
  }
};

const pieces = ['a', 'b c', 'ü', ',', ';', '\t', '"', '""', '"x"', '"a, b"', '"say ""hi"""', ' ', ''];
const lineOfPieces = fc.array(fc.constantFrom(...pieces), { maxLength: 12 }).map((parts) => parts.join(''));

describe('simple CSV lines', () => {
  it('splits a line with quoted values as csv-parse does, or leaves it to csv-parse', () => {
    fc.assert(
      fc.property(lineOfPieces, fc.constantFrom(',', ';', '\t'), (line, delimiter) => {
        fc.pre(line !== '');
        const values = splitQuotedLine(line, delimiter);
        if (values !== undefined) expect(values).toEqual(csvParseValues(line, delimiter));
      }),
      { numRuns: 3000 },
    );
  });

  it('reads "a, b" and doubled quotes, and refuses quotes inside a value or after a closing one', () => {
    expect(splitQuotedLine('1,"a, b","say ""hi""",', ',')).toEqual(['1', 'a, b', 'say "hi"', '']);
    expect(splitQuotedLine('""', ',')).toEqual(['']);
    expect(splitQuotedLine('a"b,c', ',')).toBeUndefined();
    expect(splitQuotedLine('"a"b,c', ',')).toBeUndefined();
    expect(splitQuotedLine('"unclosed,c', ',')).toBeUndefined();
  });

  it('decodes whole lines only, up to a lone CR, and stops before a line it cannot split', () => {
    const bytes = Buffer.from('a,b\r\n"x, y",z\n"multi\nline",w\nlast', 'utf8');
    const lines = decodeLines(bytes, 0, bytes.length);
    expect(lines?.text).toBe('a,b\r\n"x, y",z\n"multi\nline",w\n');
    const read: Array<string[] | undefined> = [];
    readSimpleLines(lines!, bytes, ',', (values) => read.push(values));
    expect(read).toEqual([
      ['a', 'b'],
      ['x, y', 'z'],
    ]);
    expect(bytes.subarray(lines!.byteAt).toString()).toMatch(/^"multi\n/);
    expect(decodeLines(Buffer.from('a\rb\nc\n'), 0, 6)).toBeUndefined();
    expect(decodeLines(Buffer.from('ok\n\xff\n', 'latin1'), 0, 5)).toBeNull();
  });
});
