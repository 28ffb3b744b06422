/**
 * Works out the field delimiter of a CSV from its first lines: the candidate that appears in the
 * header line and splits the most following lines into as many fields as the header.
 */

export type CsvDelimiter = ',' | ';' | '\t' | '|';

/** In order of preference when two candidates split the lines equally well. */
const candidates: readonly CsvDelimiter[] = [',', ';', '\t', '|'];
const candidateCodes = candidates.map((candidate) => candidate.charCodeAt(0));

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/**
 * How many times each candidate occurs, outside double quotes, on each of the first `maxLines`
 * non-empty lines of `text` (a line ends at a line break outside quotes). When `complete` is
 * false the text was cut off, so its last unfinished line is left out.
 */
export function countDelimitersPerLine(text: string, complete: boolean, maxLines = 20): number[][] {
  const lines: number[][] = [];
  let counts = [0, 0, 0, 0];
  let lineLength = 0;
  let quoted = false;
  for (let i = 0; i < text.length && lines.length < maxLines; i++) {
    const code = text.charCodeAt(i);
    if (code === QUOTE) {
      quoted = !quoted; // an escaped quote ("") toggles twice
    } else if (!quoted && (code === LF || code === CR)) {
      if (lineLength > 0) lines.push(counts);
      counts = [0, 0, 0, 0];
      lineLength = 0;
      continue;
    } else if (!quoted) {
      const index = candidateCodes.indexOf(code);
      if (index !== -1) counts[index]! += 1;
    }
    lineLength++;
  }
  if (lineLength > 0 && lines.length < maxLines && (complete || lines.length === 0)) lines.push(counts);
  return lines;
}

/** Picks the delimiter of a CSV from the start of its decoded text. Defaults to a comma. */
export function detectDelimiter(text: string, complete: boolean): CsvDelimiter {
  const [header, ...rows] = countDelimitersPerLine(text, complete);
  if (header === undefined) return ',';
  let best: CsvDelimiter = ',';
  let bestConsistent = -1;
  let bestColumns = 0;
  candidates.forEach((candidate, index) => {
    const columns = header[index]!;
    if (columns === 0) return;
    const consistent = rows.filter((row) => row[index] === columns).length;
    // Most rows split like the header; then the most columns; then the order of preference.
    if (consistent > bestConsistent || (consistent === bestConsistent && columns > bestColumns)) {
      best = candidate;
      bestConsistent = consistent;
      bestColumns = columns;
    }
  });
  return best;
}
