/**
 * Rows in PostgreSQL's COPY text format: tab between values, newline after each row, `\N` for
 * NULL, and backslash escapes for the characters that would break the format.
 *
 * @example
 * copyTextLine(['a\tb', null, 3]) // 'a\\tb\t\\N\t3\n'
 */
export function copyTextLine(values: readonly unknown[]): string {
  let line = '';
  for (let index = 0; index < values.length; index++) {
    if (index > 0) line += '\t';
    line += copyTextValue(values[index]);
  }
  return `${line}\n`;
}

const specialCharacters = /[\\\t\n\r]/;
const escapes: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function copyTextValue(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'string') {
    return specialCharacters.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => escapes[c]!) : value;
  }
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  // Booleans are stored as 0/1 integers (decision 003).
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (value instanceof Date) return value.toISOString();
  return copyTextValue(JSON.stringify(value));
}
