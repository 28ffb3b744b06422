/**
 * The common case of a CSV, read without csv-parse: whole lines with no quote and no line break
 * but their own (LF or CRLF). Such a line's values are its text split at the delimiter, exactly
 * what csv-parse makes of it, at a fraction of the cost (csv-parse looks at every byte through
 * several option checks; this is a few native searches per run of lines).
 */

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;

/**
 * The plain lines at the start of `bytes`: where they end (just after the LF of the last one
 * before the first quote or lone CR) and their text; undefined when there is none. Null when
 * their text holds U+FFFD: invalid bytes are left to csv-parse and the record shaper.
 */
export function plainLinesAtStart(bytes: Buffer): { end: number; text: string } | null | undefined {
  const quote = bytes.indexOf(QUOTE);
  let firstNotPlain = quote === -1 ? bytes.length : quote;
  for (let cr = bytes.indexOf(CR); cr !== -1 && cr < firstNotPlain; cr = bytes.indexOf(CR, cr + 2)) {
    if (bytes[cr + 1] !== LF) {
      firstNotPlain = cr;
      break;
    }
  }
  const end = firstNotPlain === 0 ? 0 : bytes.lastIndexOf(LF, firstNotPlain - 1) + 1;
  if (end === 0) return undefined;
  const text = bytes.toString('utf8', 0, end);
  if (text.indexOf('\uFFFD') !== -1) return null;
  return { end, text };
}

/**
 * Calls `onLine` with the values of each line of `text` (plain lines, each ending with LF), or
 * with undefined for an empty line (csv-parse skips those, counting them).
 */
export function forEachPlainLine(
  text: string,
  delimiter: string,
  onLine: (values: string[] | undefined) => void,
): void {
  let start = 0;
  for (let lf = text.indexOf('\n'); lf !== -1; lf = text.indexOf('\n', start)) {
    const end = lf > start && text.charCodeAt(lf - 1) === CR ? lf - 1 : lf;
    onLine(end === start ? undefined : text.slice(start, end).split(delimiter));
    start = lf + 1;
  }
}
