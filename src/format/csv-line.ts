/**
 * Renders one CSV record the way spreadsheet exports do (RFC 4180 quoting): a value is quoted
 * only when it has to be, so the generated files look like real exports and stay small.
 */

/** Characters that force quoting besides the delimiter itself. */
const NEEDS_QUOTES = /["\r\n]/;

export function toCsvValue(value: string, delimiter: string): string {
  if (!NEEDS_QUOTES.test(value) && !value.includes(delimiter)) return value;
  return `"${value.replaceAll('"', '""')}"`;
}

/**
 * One record without its line terminator. `null` and `undefined` become empty fields, so
 * optional values can be passed straight through.
 */
export function toCsvLine(values: readonly (string | number | null | undefined)[], delimiter = ','): string {
  let line = '';
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    if (index > 0) line += delimiter;
    if (value === null || value === undefined) continue;
    line += toCsvValue(String(value), delimiter);
  }
  return line;
}
