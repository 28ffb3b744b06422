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
import type { CsvRecord } from './csv-reader.js';

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

  /** @param flagReplacementCharacters true when the file is read as UTF-8, whose decoder turns invalid bytes into U+FFFD. */
  constructor(private readonly flagReplacementCharacters: boolean) {}

  /** A record csv-parse parsed; the first one is the header (returned with its trimmed names as values). */
  fromValues(rawValues: string[], lines: number, emptyLines: number): CsvRecord {
    const line = this.startLine(rawValues, lines, emptyLines);
    const header = this.header;
    if (header === undefined) {
      const names = rawValues.map((name) => name.trim());
      this.header = names;
      return { line, values: names, rawValues, problems: [] };
    }
    const width = header.length;
    const count = rawValues.length;
    const problems: RowProblem[] = [];
    let values: string[];
    if (count === width) {
      values = rawValues.slice();
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
   * A record csv-parse skipped because of `error`. `recordInProgress` identifies the record being
   * parsed (csv-parse can report several errors for one record): undefined when a later error of
   * the same record is reported again.
   */
  fromError(error: SkippedRecordError, recordInProgress: unknown): CsvRecord | undefined {
    if (recordInProgress !== undefined && recordInProgress === this.lastSkippedRecord) return undefined;
    this.lastSkippedRecord = recordInProgress;
    const lines = typeof error.lines === 'number' ? error.lines : this.previousLines + 1;
    const emptyLines = typeof error.empty_lines === 'number' ? error.empty_lines : this.previousEmptyLines;
    const start = this.previousLines + 1 + (emptyLines - this.previousEmptyLines);
    // The record may go on after the line of the error: the next record then counts its own breaks.
    this.previousLines = Math.max(lines, start);
    this.previousEmptyLines = emptyLines;
    const width = this.header?.length ?? 0;
    const values = new Array<string>(width).fill('');
    return {
      line: start - this.lineCorrection,
      values,
      rawValues: values.slice(),
      problems: [{ code: 'ROW_MALFORMED_CSV', message: describeCsvError(error) }],
    };
  }

  private lastSkippedRecord: unknown;

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
