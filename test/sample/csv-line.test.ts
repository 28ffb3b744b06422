import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { toCsvLine, toCsvValue } from '../../src/format/csv-line.js';

describe('toCsvLine', () => {
  it('leaves plain values unquoted', () => {
    expect(toCsvLine(['P0001', 'Hélène', 'Müller', '1980-02-29'])).toBe('P0001,Hélène,Müller,1980-02-29');
  });

  it('quotes values containing the delimiter, quotes or line breaks, doubling embedded quotes', () => {
    expect(toCsvValue('Smith, Jones & Co', ',')).toBe('"Smith, Jones & Co"');
    expect(toCsvValue('The "Blue Door" Agency', ',')).toBe('"The ""Blue Door"" Agency"');
    expect(toCsvValue('line one\nline two', ',')).toBe('"line one\nline two"');
    expect(toCsvValue('carriage\rreturn', ',')).toBe('"carriage\rreturn"');
    expect(toCsvValue('"', ',')).toBe('""""');
  });

  it('quotes for the delimiter in use only', () => {
    expect(toCsvLine(['a,b', 'c;d'], ';')).toBe('a,b;"c;d"');
    expect(toCsvLine(['a\tb', 'c|d'], '\t')).toBe('"a\tb"\tc|d');
  });

  it('writes null and undefined as empty fields and numbers as text', () => {
    expect(toCsvLine(['a', null, undefined, 0, 12.5, ''])).toBe('a,,,0,12.5,');
    expect(toCsvLine([])).toBe('');
  });

  it('round-trips awkward values through a CSV parser', () => {
    const values = [
      '',
      ' padded ',
      'a,b',
      '"quoted"',
      'multi\nline',
      'crlf\r\nline',
      'ä€😀',
      ',',
      '""',
      'end"',
    ];
    for (const delimiter of [',', ';', '\t', '|']) {
      const text = `${toCsvLine(values, delimiter)}\n${toCsvLine(values.toReversed(), delimiter)}\n`;
      const records = parse(text, { delimiter, relax_column_count: false }) as string[][];
      expect(records).toEqual([values, values.toReversed()]);
    }
  });
});
