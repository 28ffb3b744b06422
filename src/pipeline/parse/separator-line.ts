/**
 * Excel's "sep=" line: Excel writes `sep=;` (or another delimiter) as the first line of a CSV
 * when asked to, and reads it as "this file's delimiter", not as data. Such a file's header is
 * on its second line.
 */
import type { CsvDelimiter } from './detect-delimiter.js';

const separatorLine = /^sep=(.)[ \t]*(?:\r\n|\n|\r|$)/i;

/** The delimiter a `sep=` first line names, when the decoded text starts with one we can use. */
export function readSeparatorLine(text: string): CsvDelimiter | undefined {
  const match = separatorLine.exec(text);
  const named = match?.[1];
  return named === ',' || named === ';' || named === '\t' || named === '|' ? named : undefined;
}
