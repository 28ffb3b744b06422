/**
 * Turns what csv-parse produces — arrays of values, or errors for records it skipped — into
 * CsvRecords: the header's width, the problems found while reading, and the physical line on
 * which each record starts.
 *
 * Line numbers: csv-parse counts a line for every record delimiter and for every CR or LF inside
 * a quoted value (so a quoted CRLF counts twice), and reports the count at the END of a record.
 * A record whose count moved by exactly one since the previous record (empty lines aside) sat on
 * a single line; otherwise the line breaks inside its values give its first line, and the quoted
 * CRLFs among them are remembered to correct the count from then on.
 */
import type { RowProblem } from '../../errors/dovetail-error.js';
import type { CsvLimits } from '../../format/csv-limits.js';
import type { CsvRecord } from './csv-reader.js';

/** How many characters of an over-long line or value are kept, for the error file. */
export const PREVIEW_CHARACTERS = 100;

/** What the shaper needs to know about an error csv-parse skipped a record for. */
export interface SkippedRecordError {
  code?: unknown;
  message: string;
  /** csv-parse's line count when the error was found. */
  lines?: unknown;
  /** csv-parse's count of empty lines skipped so far. */
  empty_lines?: unknown;
}

export class RecordShaper {
  /** Trimmed column names, set by the first record. */
  header: string[] | undefined;
  /** csv-parse's line count at the end of the previous record. */
  private previousLines = 0;
  private previousEmptyLines = 0;
  /** How far csv-parse's line count is ahead of the physical lines (quoted CRLFs seen). */
  private lineCorrection = 0;

  /** A record being skipped (malformed or too long), pushed when it ends. */
  private skipped: { line: number; problems: RowProblem[]; preview?: string } | undefined;

  /**
   * @param flagReplacementCharacters true when the file is read as UTF-8, whose decoder turns invalid bytes into U+FFFD.
   * @param limits the longest line and value accepted.
   */
  constructor(
    private readonly flagReplacementCharacters: boolean,
    private readonly limits: CsvLimits,
  ) {}

  /** A record csv-parse parsed; the first one is the header (returned with its trimmed names as values). */
  fromValues(rawValues: string[], lines: number, emptyLines: number): CsvRecord {
    const line = this.startLine(rawValues, lines, emptyLines);
    const header = this.header;
    if (header === undefined) {
      const names = rawValues.map((name) => name.trim());
      this.header = names;
      return { line, values: names, rawValues, problems: [] };
    }
    const oversized = this.refuseOversized(rawValues, line, header.length);
    if (oversized !== undefined) return oversized;
    const width = header.length;
    const count = rawValues.length;
    const problems: RowProblem[] = [];
    let values: string[];
    if (count === width) {
      // Shared, not copied: neither array is changed after this.
      values = rawValues;
    } else if (count < width) {
      values = rawValues.slice();
      for (let i = count; i < width; i++) values.push('');
    } else {
      values = rawValues.slice(0, width);
      const extra = firstNonBlank(rawValues, width);
      if (extra !== undefined) {
        problems.push({
          code: 'ROW_TOO_MANY_VALUES',
          message: `the row has ${count} values but the header has ${width} columns`,
          value: extra,
        });
      }
    }
    if (this.flagReplacementCharacters) {
      for (let i = 0; i < width; i++) {
        const value = values[i]!;
        if (value.includes('\uFFFD')) {
          problems.push({
            code: 'ROW_BAD_ENCODING',
            message:
              'the value contains bytes that are not valid UTF-8 (shown as "\uFFFD"): the file is not UTF-8 encoded; ' +
              'declare its encoding in the mapping file, e.g. "encoding": "windows-1252"',
            column: header[i]!,
            value,
          });
        }
      }
    }
    return { line, values, rawValues, problems };
  }

  /**
   * csv-parse found an error in the record it is reading: the record is refused when it ends
   * (endSkipped), with its text. A record can have several errors: the first one is reported.
   */
  skip(error: SkippedRecordError): void {
    if (this.skipped !== undefined) return;
    const emptyLines = typeof error.empty_lines === 'number' ? error.empty_lines : this.previousEmptyLines;
    this.skipped = {
      line: this.previousLines + 1 + (emptyLines - this.previousEmptyLines) - this.lineCorrection,
      problems: [{ code: 'ROW_MALFORMED_CSV', message: describeCsvError(error) }],
    };
  }

  /**
   * The record being read is longer than the line bound: it is refused with its first characters
   * (`text`, what was read of it so far), and what comes after is never kept.
   */
  skipOversized(text: string, emptyLines: number): void {
    if (this.skipped === undefined) {
      this.skipped = {
        line: this.previousLines + 1 + (emptyLines - this.previousEmptyLines) - this.lineCorrection,
        problems: [],
      };
    }
    if (this.skipped.preview !== undefined) return;
    const preview = previewOf(text);
    this.skipped.preview = preview;
    this.skipped.problems.push(lineTooLong(this.limits.maxLineBytes, preview));
  }

  /**
   * The skipped record ended (or the file did) after csv-parse read `values` of it: the refused
   * record, with those values as its original text unless it was too long.
   */
  endSkipped(values: string[], lines: number, emptyLines: number): CsvRecord | undefined {
    const skipped = this.skipped;
    if (skipped === undefined) return undefined;
    this.skipped = undefined;
    this.previousLines = Math.max(lines, this.previousLines);
    this.previousEmptyLines = emptyLines;
    if (skipped.preview === undefined) this.lineCorrection += countQuotedCrlfs(values);
    const width = this.header?.length ?? 0;
    return {
      line: skipped.line,
      values: new Array<string>(width).fill(''),
      rawValues: skipped.preview === undefined ? values.slice() : [skipped.preview],
      problems: skipped.problems,
    };
  }

  /** A whole record over the line bound, or with a value over the field bound: refused, kept short. */
  private refuseOversized(rawValues: string[], line: number, width: number): CsvRecord | undefined {
    const { maxLineBytes, maxFieldBytes } = this.limits;
    let characters = rawValues.length - 1;
    let longValue: number | undefined;
    for (let i = 0; i < rawValues.length; i++) {
      const value = rawValues[i]!;
      characters += value.length;
      if (longValue === undefined && utf8Bytes(value, maxFieldBytes) > maxFieldBytes) longValue = i;
    }
    if (characters * 3 > maxLineBytes) {
      const text = rawValues.join(',');
      if (utf8Bytes(text, maxLineBytes) > maxLineBytes) {
        const preview = previewOf(text);
        return {
          line,
          values: new Array<string>(width).fill(''),
          rawValues: [preview],
          problems: [lineTooLong(maxLineBytes, preview)],
        };
      }
    }
    if (longValue === undefined) return undefined;
    const kept = rawValues.map((value) =>
      utf8Bytes(value, maxFieldBytes) > maxFieldBytes ? previewOf(value) : value,
    );
    const column = this.header?.[longValue] ?? '';
    const problems: RowProblem[] = [
      {
        code: 'ROW_FIELD_TOO_LONG',
        message: `the value is longer than ${formatBytes(maxFieldBytes)} (DOVETAIL_MAX_FIELD_BYTES); only its first characters are kept here`,
        ...(column !== '' ? { column } : {}),
        value: kept[longValue]!,
      },
    ];
    const values = kept.slice(0, width);
    while (values.length < width) values.push('');
    return { line, values, rawValues: kept, problems };
  }

  private startLine(rawValues: string[], lines: number, emptyLines: number): number {
    const span = lines - this.previousLines - (emptyLines - this.previousEmptyLines);
    let start = lines;
    let quotedCrlfs = 0;
    if (span !== 1) {
      // Several lines (or after a skipped record): count the line breaks inside the values.
      for (const value of rawValues) {
        if (value.indexOf('\n') === -1 && value.indexOf('\r') === -1) continue;
        for (let i = 0; i < value.length; i++) {
          const code = value.charCodeAt(i);
          if (code === 0x0a) {
            start--;
          } else if (code === 0x0d) {
            start--;
            if (value.charCodeAt(i + 1) === 0x0a) quotedCrlfs++;
          }
        }
      }
    }
    const line = start - this.lineCorrection;
    this.lineCorrection += quotedCrlfs;
    this.previousLines = lines;
    this.previousEmptyLines = emptyLines;
    return line;
  }
}

/** The UTF-8 length of `value`, exact when it may exceed `bound` (cheap for short values). */
function utf8Bytes(value: string, bound: number): number {
  if (value.length * 3 <= bound) return value.length;
  return Buffer.byteLength(value, 'utf8');
}

export function previewOf(text: string): string {
  return text.length > PREVIEW_CHARACTERS ? `${text.slice(0, PREVIEW_CHARACTERS)}…` : text;
}

function lineTooLong(maxLineBytes: number, preview: string): RowProblem {
  return {
    code: 'ROW_LINE_TOO_LONG',
    message: `the line is longer than ${formatBytes(maxLineBytes)} (DOVETAIL_MAX_LINE_BYTES): it is refused and only its first characters are kept here`,
    value: preview,
  };
}

export function formatBytes(bytes: number): string {
  if (bytes % 1024 ** 2 === 0) return `${bytes / 1024 ** 2} MiB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

function countQuotedCrlfs(values: string[]): number {
  let count = 0;
  for (const value of values) {
    let at = value.indexOf('\r\n');
    while (at !== -1) {
      count++;
      at = value.indexOf('\r\n', at + 2);
    }
  }
  return count;
}

function firstNonBlank(values: string[], from: number): string | undefined {
  for (let i = from; i < values.length; i++) {
    const value = values[i]!;
    if (value.trim() !== '') return value;
  }
  return undefined;
}

/** What is wrong with a record csv-parse skipped, in words for the person who fixes the file. */
export function describeCsvError(error: SkippedRecordError): string {
  switch (error.code) {
    case 'INVALID_OPENING_QUOTE':
      return 'a quote (") in the middle of a value that does not start with one: put the whole value in quotes and double the quotes inside it ("")';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'a quoted value goes on after its closing quote ("): put the whole value in quotes and double the quotes inside it ("")';
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'unclosed quote: a value starts with a quote (") that is never closed, so everything up to the end of the file was read as part of it';
    default:
      return `malformed CSV: ${error.message}`;
  }
}
