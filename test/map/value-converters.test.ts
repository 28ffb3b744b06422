import { describe, expect, it } from 'vitest';
import { dateFormatSchema } from '../../src/format/package-format.schema.js';
import { createDateReader } from '../../src/pipeline/map/parse-date.js';
import { convertNumber } from '../../src/pipeline/map/value-converters.js';

describe('reading numbers from legacy exports', () => {
  it.each([
    ['1234.5', '1234.5'],
    ['1,234.5', '1234.5'],
    ['1.234,5', '1234.5'],
    ['1234,5', '1234.5'],
    ['1,234,567', '1234567'],
    ['-12', '-12'],
    ["1'000", '1000'],
  ])('reads %s as %s', (text, expected) => {
    expect(convertNumber(text)).toEqual({ ok: true, value: expected });
  });

  it('refuses text that is not a number', () => {
    expect(convertNumber('12 apples')).toMatchObject({ ok: false, code: 'ROW_INVALID_NUMBER' });
  });
});

describe('date formats', () => {
  it('accepts formats with one year, month and day token', () => {
    for (const format of ['YYYY-MM-DD', 'DD/MM/YYYY', 'M/D/YY', 'YYYYMMDD', 'DD.MM.YYYY']) {
      expect(dateFormatSchema.safeParse(format).success, format).toBe(true);
    }
  });

  it('refuses formats that cannot be read one way only', () => {
    for (const format of ['YYY-MM-DD', 'MMM D YYYY', 'DD/MM', 'YYYY-MM-DD-DD', 'dd/mm/yyyy']) {
      expect(dateFormatSchema.safeParse(format).success, format).toBe(false);
    }
  });

  it('reads two-digit years into the past century when they are later than this year', () => {
    const read = createDateReader('DD/MM/YY', new Date('2026-06-01'));
    expect(read('01/02/26')).toBe('2026-02-01');
    expect(read('01/02/27')).toBe('1927-02-01');
  });

  it('reads compact dates and refuses days that do not exist', () => {
    const read = createDateReader('YYYYMMDD');
    expect(read('19800309')).toBe('1980-03-09');
    expect(read('19800230')).toBeUndefined();
  });
});
