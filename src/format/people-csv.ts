/**
 * CSV written for people to open in a spreadsheet (error files, completion reports, match
 * exports): a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return would be run as
 * a formula by Excel, LibreOffice or Google Sheets (CSV injection), so it gets a leading single
 * quote, as OWASP recommends. Package CSVs are data, not for people: they use csv-line.ts as is.
 */
import { toCsvLine } from './csv-line.js';

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * The cell as a spreadsheet shows it without running it.
 *
 * @example escapeSpreadsheetCell('=1+2') // "'=1+2"
 */
export function escapeSpreadsheetCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/**
 * One record of a CSV for people, without its line terminator: every cell escaped, then quoted
 * as RFC 4180 needs. `null` and `undefined` become empty cells.
 *
 * @example toPeopleCsvLine(['Ann', '=HYPERLINK("x")', 3]) // `Ann,"'=HYPERLINK(""x"")",3`
 */
export function toPeopleCsvLine(
  values: readonly (string | number | null | undefined)[],
  delimiter = ',',
): string {
  return toCsvLine(
    values.map((value) => (typeof value === 'string' ? escapeSpreadsheetCell(value) : value)),
    delimiter,
  );
}
