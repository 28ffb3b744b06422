/**
 * The common lines of a CSV, read without csv-parse: whole lines ending with LF or CRLF, no
 * other CR, and quotes only around whole values on one line. Their values are what csv-parse
 * makes of them (with `relax_quotes: false`), at a fraction of the cost: csv-parse looks at every
 * byte through several option checks; these are a few native searches per line. Any other line
 * is left to csv-parse.
 */

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;

/**
 * A run of whole lines decoded at once, and how far they have been read: `charAt` in the text is
 * the same place as `byteAt` in the bytes (both at a line's start).
 */
export interface DecodedLines {
  text: string;
  charAt: number;
  byteAt: number;
  /** Where the decoded lines end in the bytes (just after an LF). */
  byteEnd: number;
}

/**
 * The whole lines of `bytes` from `from` that end before `before`, up to the first CR that does
 * not end its line; undefined when there is none, null when their text holds U+FFFD (invalid
 * bytes are csv-parse's and the record shaper's to report).
 */
export function decodeLines(bytes: Buffer, from: number, before: number): DecodedLines | null | undefined {
  let stop = before;
  for (let cr = bytes.indexOf(CR, from); cr !== -1 && cr < stop; cr = bytes.indexOf(CR, cr + 2)) {
    if (bytes[cr + 1] !== LF) {
      stop = cr;
      break;
    }
  }
  const end = stop === from ? from : bytes.lastIndexOf(LF, stop - 1) + 1;
  if (end <= from) return undefined;
  const text = bytes.toString('utf8', from, end);
  if (text.indexOf('\uFFFD') !== -1) return null;
  return { text, charAt: 0, byteAt: from, byteEnd: end };
}

/**
 * Moves the place read to `byteAt`, a later line's start; false when `byteAt` is not at the
 * start of one of the decoded lines (csv-parse ended a record at a lone CR).
 */
export function moveTo(lines: DecodedLines, byteAt: number, bytes: Buffer): boolean {
  if (byteAt > lines.byteEnd) return false;
  while (lines.byteAt < byteAt) {
    lines.byteAt = bytes.indexOf(LF, lines.byteAt) + 1;
    lines.charAt = lines.text.indexOf('\n', lines.charAt) + 1;
  }
  return lines.byteAt === byteAt;
}

/**
 * Reads lines from the place read, calling `onLine` with each one's values (undefined for an empty
 * line, which csv-parse skips), until a line that is not simple or the end of the decoded lines.
 */
export function readSimpleLines(
  lines: DecodedLines,
  bytes: Buffer,
  delimiter: string,
  onLine: (values: string[] | undefined) => void,
): void {
  const { text } = lines;
  while (lines.charAt < text.length) {
    const start = lines.charAt;
    const lf = text.indexOf('\n', start);
    const end = lf > start && text.charCodeAt(lf - 1) === CR ? lf - 1 : lf;
    if (end === start) {
      onLine(undefined);
    } else {
      const line = text.slice(start, end);
      const values = line.indexOf('"') === -1 ? line.split(delimiter) : splitQuotedLine(line, delimiter);
      if (values === undefined) return;
      onLine(values);
    }
    lines.charAt = lf + 1;
    lines.byteAt = bytes.indexOf(LF, lines.byteAt) + 1;
  }
}

/**
 * The values of a line whose quotes each enclose a whole value (`"a, b",c`, `"say ""hi"""`);
 * undefined when a quote is anywhere else or a quoted value does not end on this line.
 */
export function splitQuotedLine(line: string, delimiter: string): string[] | undefined {
  const values: string[] = [];
  let at = 0;
  for (;;) {
    if (line.charCodeAt(at) === QUOTE) {
      let value = '';
      let from = at + 1;
      for (;;) {
        const quote = line.indexOf('"', from);
        if (quote === -1) return undefined;
        if (line.charCodeAt(quote + 1) === QUOTE) {
          value += line.slice(from, quote + 1);
          from = quote + 2;
          continue;
        }
        value += line.slice(from, quote);
        at = quote + 1;
        break;
      }
      values.push(value);
      if (at === line.length) return values;
      if (line[at] !== delimiter) return undefined;
      at += 1;
    } else {
      const next = line.indexOf(delimiter, at);
      const end = next === -1 ? line.length : next;
      const value = line.slice(at, end);
      if (value.indexOf('"') !== -1) return undefined;
      values.push(value);
      if (next === -1) return values;
      at = next + 1;
    }
  }
}
