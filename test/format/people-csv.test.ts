import { describe, expect, it } from 'vitest';
import { escapeSpreadsheetCell, toPeopleCsvLine } from '../../src/format/people-csv.js';

describe('CSV for people', () => {
  it('prefixes a quote to cells a spreadsheet would run: =, +, -, @, tab, carriage return', () => {
    for (const cell of ['=1+2', '+44 20 7946 0018', '-3', '@SUM(A1)', '\tx', '\rx']) {
      expect(escapeSpreadsheetCell(cell)).toBe(`'${cell}`);
    }
  });

  it('leaves other cells as they are, formulas inside a value included', () => {
    for (const cell of ['Ann', '', ' =1+2', "'=1", 'a=b', '12'])
      expect(escapeSpreadsheetCell(cell)).toBe(cell);
  });

  it('escapes before quoting, and leaves numbers and empty cells alone', () => {
    expect(toPeopleCsvLine(['=HYPERLINK("http://x")', -1, null, 'Lee'])).toBe(
      `"'=HYPERLINK(""http://x"")",-1,,Lee`,
    );
    expect(toPeopleCsvLine(['\r\n=1'])).toBe(`"'\r\n=1"`);
  });
});
