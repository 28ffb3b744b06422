/**
 * Streaming CSV reading with encoding and delimiter detection. The first 64 KiB are peeked to
 * choose the encoding and the delimiter, then the whole file streams through the decoder and
 * csv-parse, with memory bounded whatever its size. Malformed records, ragged rows and broken
 * characters become problems on the record; only an unusable file throws.
 */
import { pipeline, type Readable } from 'node:stream';
import { CsvError, Parser } from 'csv-parse';
import iconv from 'iconv-lite';
import { DovetailError, type RowProblem } from '../../errors/dovetail-error.js';
import { type CsvLimits, defaultCsvLimits } from '../../format/csv-limits.js';
import type { Delimiter, Encoding } from '../../format/package-format.schema.js';
import type { ArchiveLimits } from '../package/package-archive.js';
import { detectDelimiter } from './detect-delimiter.js';
import {
  byteOrderMarkLength,
  type CsvEncoding,
  looksLikeWorkbook,
  resolveEncoding,
} from './detect-encoding.js';
import { peekSource } from './peek-source.js';
import { type DecodedLines, decodeLines, moveTo, readSimpleLines } from './plain-lines.js';
import { RecordShaper, type SkippedRecordError } from './record-shaper.js';
import { readSeparatorLine } from './separator-line.js';
import { openSheet } from './sheet-rows.js';
import { looksLikeVCard } from './vcard-sniff.js';

/** A ZIP's local file header: an .xlsx or .ods workbook (other ZIPs are refused by the workbook reader). */
const looksLikeZip = (sample: Buffer) =>
  sample.length >= 4 && sample[0] === 0x50 && sample[1] === 0x4b && sample[2] === 0x03 && sample[3] === 0x04;

export interface CsvReadOptions {
  /** Name of the file inside the package, used in error messages. */
  fileName: string;
  encoding: Encoding;
  delimiter: Delimiter;
  /** The longest line and value accepted; longer rows are refused (default: defaultCsvLimits). */
  limits?: CsvLimits;
  /** For a spreadsheet (.xlsx, .ods): the sheet to read (the first when absent). */
  sheet?: string | undefined;
  /** For a spreadsheet: the limits its ZIP is read with (the package's by default). */
  archiveLimits?: ArchiveLimits | undefined;
}

export interface CsvRecord {
  /** 1-based physical line on which the record starts (the header is line 1). */
  line: number;
  /** One value per header column: short rows are padded with "", extra empty values dropped. */
  values: string[];
  /** The values exactly as they were in the file (for the error file), including extras. */
  rawValues: string[];
  /**
   * Problems found while reading (ROW_MALFORMED_CSV, ROW_LINE_TOO_LONG, ROW_FIELD_TOO_LONG,
   * ROW_TOO_MANY_VALUES, ROW_BAD_ENCODING).
   */
  problems: RowProblem[];
}

export interface CsvFile {
  /** The encoding actually used ("utf-8", "utf-16le", "windows-1252", ...). */
  encoding: string;
  /** The delimiter actually used. */
  delimiter: string;
  header: string[];
  records: AsyncIterable<CsvRecord>;
  /**
   * The same records, in the arrays they were parsed in (one per slice of the file): for readers
   * of millions of rows, one await per slice instead of one per record. A file is read through
   * either this or `records`, not both. Absent for spreadsheets.
   */
  recordChunks?: AsyncIterable<CsvRecord[]>;
  /** Raw (undecoded) bytes consumed from the source so far, for progress. */
  bytesRead(): number;
  /** Releases what the reader holds when its records are not read to the end (a workbook's temp copy). */
  close?(): Promise<void>;
}

/** How much of the file is looked at to detect its encoding and delimiter. */
export const SAMPLE_BYTES = 64 * 1024;

/** csv-parse's internal state, used to recover from errors and bound memory (csv-parse is pinned in package.json). */
interface ParserState {
  record: string[];
  field: { length: number; reset(): void; toString(encoding?: string): string };
  quoting: boolean;
  recordHasError: boolean;
  enabled: boolean;
  wasQuoting: boolean;
  escaping: boolean;
  commenting: boolean;
  wasRowDelimiter: boolean;
  stop: boolean;
  /** Bytes csv-parse holds back until it sees what follows them. */
  previousBuf: Buffer | undefined;
  bufBytesStart: number;
  expectedRecordLength: number | undefined;
}

/** csv-parse's counters, kept as csv-parse keeps them when lines are read without it. */
interface ParserInfo {
  lines: number;
  empty_lines: number;
  records: number;
  invalid_field_length: number;
}

interface ParserApi {
  state: ParserState;
  __resetRecord(): void;
}

/**
 * At most this many bytes go to csv-parse at once, so that the record in progress is measured
 * often enough: memory stays within a line's bound plus one slice whatever the file holds.
 */
const SLICE_BYTES = 64 * 1024;

/**
 * csv-parse emitting arrays of CsvRecords, one per slice it parsed. Each record is shaped as
 * csv-parse pushes it, when its `info` (line count) is exact — cheaper than the `info: true`
 * option, which copies the info into a new object for every record — and skipped records are
 * put in their place in the file, when they end, with the text csv-parse read for them.
 */
class CsvRecordParser extends Parser {
  private readonly parserApi: ParserApi;
  /** Records shaped from the slice being parsed: the stream carries them as one array. */
  private shaped: CsvRecord[] = [];
  /**
   * Bytes after the last line break read without csv-parse (plain-lines.ts), not yet given to it:
   * the start of the next line. At most the line bound, so memory stays bounded as before.
   */
  private carry: Buffer | undefined;

  constructor(
    private readonly shaper: RecordShaper,
    private readonly delimiterText: string,
    private readonly limits: CsvLimits,
    fromLine: number,
  ) {
    super({
      delimiter: delimiterText,
      from_line: fromLine,
      // CRLF, LF and CR all end a record, even when a file mixes them.
      record_delimiter: ['\r\n', '\n', '\r'],
      relax_column_count: true,
      relax_quotes: false,
      bom: false,
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_skip: (error) => {
        if (error !== undefined) this.skipRecord(error);
        return undefined;
      },
    });
    this.parserApi = (this as unknown as { api: ParserApi }).api;
    // A record with an error is dropped by csv-parse when it ends: take its text first.
    const api = this.parserApi;
    const resetRecord = api.__resetRecord;
    api.__resetRecord = () => {
      if (api.state.recordHasError) this.pushSkipped();
      resetRecord.call(api);
    };
  }

  override _transform(
    chunk: Buffer,
    _encoding: BufferEncoding,
    callback: (error?: Error | null) => void,
  ): void {
    let failure: Error | null | undefined;
    for (let start = 0; start < chunk.length && !failure; start += SLICE_BYTES) {
      failure = this.parseSlice(chunk.subarray(start, start + SLICE_BYTES));
      this.boundRecordInProgress();
      this.pushShaped();
    }
    callback(failure);
  }

  /**
   * Simple lines (plain-lines.ts) are read here while csv-parse stands between two records; each
   * other line goes to csv-parse, given up to just past its line break so that it soon stands
   * between records again. Records, line counts and the checks at each slice's end come out as if
   * csv-parse had read every byte: only what it holds at a slice's end (a line's first bytes, here
   * in `carry`, never longer than the line bound) differs.
   */
  private parseSlice(slice: Buffer): Error | null | undefined {
    let bytes = this.carry ? Buffer.concat([this.carry, slice]) : slice;
    this.carry = undefined;
    const state = this.parserApi.state;
    if (this.betweenRecords() && state.previousBuf !== undefined) {
      // Its position (bufBytesStart) is where these bytes start: it stays right.
      bytes = Buffer.concat([state.previousBuf, bytes]);
      state.previousBuf = undefined;
    }
    /** Bytes before it were read here or given to csv-parse. */
    let at = 0;
    let lines: DecodedLines | null | undefined;
    for (;;) {
      if (this.betweenRecords()) {
        if (lines === undefined || lines === null || !moveTo(lines, at, bytes)) {
          // The lines csv-parse would have ended by the slice's end: it holds its last two bytes.
          lines = decodeLines(bytes, at, bytes.length - 2);
          if (lines === null) return this.parseWithCsvParse(bytes.subarray(at));
        }
        if (lines !== undefined) {
          this.shapeSimpleLines(lines, bytes);
          state.bufBytesStart += lines.byteAt - at;
          at = lines.byteAt;
        }
      }
      const lineBreak = bytes.indexOf(0x0a, at);
      if (lineBreak === -1) {
        const rest = bytes.subarray(at);
        // Lines that end with a lone CR (old Mac files) are csv-parse's, however long the run.
        const lineStart = this.betweenRecords() && rest.indexOf(0x0d) === -1;
        return lineStart ? this.keepLineStart(rest) : this.csvParse(rest);
      }
      // csv-parse holds back the bytes after a line break (it looks ahead for CRLF): give it two more.
      const cut = lineBreak + 3;
      if (cut >= bytes.length) return this.csvParse(bytes.subarray(at));
      const failure = this.csvParse(bytes.subarray(at, cut));
      if (failure) return failure;
      at = cut;
      if (this.betweenRecords()) {
        // Take back what it holds (the tail of what it was given), without copying the slice.
        at -= state.previousBuf?.length ?? 0;
        state.previousBuf = undefined;
      }
    }
  }

  private parseWithCsvParse(bytes: Buffer): Error | null | undefined {
    const lastLineBreak = bytes.lastIndexOf(0x0a);
    const cut = lastLineBreak + 3;
    if (lastLineBreak === -1 || cut >= bytes.length) return this.csvParse(bytes);
    const failure = this.csvParse(bytes.subarray(0, cut));
    if (failure) return failure;
    const rest = bytes.subarray(cut);
    return this.betweenRecords() ? this.keepLineStart(rest) : this.csvParse(rest);
  }

  /**
   * Keeps the start of the next line for the next slice, unless it is already longer than the
   * line bound: then csv-parse reads it now and the check at the slice's end refuses it, as
   * before. (A shorter start cannot be refused there: csv-parse counts a line's length in at most
   * as many units as its bytes.)
   */
  private keepLineStart(rest: Buffer): Error | null | undefined {
    if (rest.length === 0) return undefined;
    if (rest.length > this.limits.maxLineBytes) return this.csvParse(rest);
    this.carry = rest;
    return undefined;
  }

  private csvParse(bytes: Buffer): Error | null | undefined {
    let failure: Error | null | undefined;
    // csv-parse reads bytes whatever the encoding argument says (Node names it 'buffer' for bytes).
    super._transform(bytes, 'buffer' as BufferEncoding, (error?: Error | null) => {
      failure = error;
    });
    return failure;
  }

  /** csv-parse has read no byte of the next record and keeps no error of the last one. */
  private betweenRecords(): boolean {
    const state = this.parserApi.state;
    return (
      state.enabled &&
      !state.stop &&
      !state.quoting &&
      !state.wasQuoting &&
      !state.escaping &&
      !state.commenting &&
      !state.recordHasError &&
      !state.wasRowDelimiter &&
      state.record.length === 0 &&
      state.field.length === 0
    );
  }

  /** Shapes simple lines' records with csv-parse's counters moved on as csv-parse moves them. */
  private shapeSimpleLines(lines: DecodedLines, bytes: Buffer): void {
    const info = this.info as unknown as ParserInfo;
    const state = this.parserApi.state;
    readSimpleLines(lines, bytes, this.delimiterText, (values) => {
      if (values === undefined) {
        info.empty_lines++;
      } else {
        if (info.records === 0) state.expectedRecordLength = values.length;
        else if (values.length !== state.expectedRecordLength) info.invalid_field_length++;
        info.records++;
        this.shaped.push(this.shaper.fromValues(values, info.lines, info.empty_lines));
      }
      info.lines++;
    });
  }

  override push(chunk: unknown, encoding?: BufferEncoding): boolean {
    if (chunk === null) {
      // The file ended inside a skipped record (an unclosed quote): it ends here, with the value in progress.
      this.pushSkipped(true);
      this.pushShaped();
      return super.push(null, encoding);
    }
    this.shaped.push(this.shaper.fromValues(chunk as string[], this.info.lines, this.info.empty_lines));
    return true;
  }

  /** Hands the records shaped so far to the reader (the last ones of a file, from _flush, too). */
  override _flush(callback: (error?: Error | null) => void): void {
    const carry = this.carry;
    this.carry = undefined;
    const failure = carry ? this.csvParse(carry) : undefined;
    if (failure) {
      callback(failure);
      return;
    }
    super._flush((error?: Error | null) => {
      this.pushShaped();
      callback(error);
    });
  }

  private pushShaped(): void {
    if (this.shaped.length === 0) return;
    const records = this.shaped;
    this.shaped = [];
    super.push(records);
  }

  private skipRecord(error: CsvError): void {
    const state = this.parserApi.state;
    this.shaper.skip(error as SkippedRecordError);
    // After `"value"junk`, csv-parse would stay inside the quotes and swallow the following lines;
    // leave them so that the rest of the line ends this record and the next lines parse normally.
    if (error.code === 'CSV_INVALID_CLOSING_QUOTE' && state.quoting === true) state.quoting = false;
  }

  private pushSkipped(atEnd = false): void {
    const { record: values, field } = this.parserApi.state;
    const read = atEnd && field.length > 0 ? [...values, field.toString('utf8')] : values;
    const record = this.shaper.endSkipped(read, this.info.lines, this.info.empty_lines);
    if (record !== undefined) this.shaped.push(record);
  }

  /**
   * A record longer than the line bound is refused now, with its first characters, and what
   * csv-parse has read of it is dropped; csv-parse keeps reading it (so quotes and line counts stay
   * right) but drops it again at every slice and discards it when it ends.
   */
  private boundRecordInProgress(): void {
    const state = this.parserApi.state;
    let length = state.field.length;
    for (const value of state.record) length += value.length;
    if (length <= this.limits.maxLineBytes) return;
    const text = [...state.record, state.field.toString('utf8')].join(this.delimiterText);
    this.shaper.skipOversized(text, this.info.empty_lines);
    state.recordHasError = true;
    state.field.reset();
    state.record = [];
  }
}

export async function openCsv(source: Readable, options: CsvReadOptions): Promise<CsvFile> {
  const { fileName } = options;
  const peeked = await peekSource(source, SAMPLE_BYTES);
  if (looksLikeZip(peeked.sample)) {
    return openSheet(peeked.toStream(), {
      fileName: options.fileName,
      sheet: options.sheet,
      limits: options.archiveLimits,
      csvLimits: options.limits,
    });
  }
  if (looksLikeWorkbook(peeked.sample)) {
    source.destroy();
    throw new DovetailError(
      'CSV_UNREADABLE',
      `${fileName} is an old-style Excel workbook (.xls): save it as .xlsx or as CSV`,
      { file: fileName },
    );
  }
  const encoding = resolveEncoding(options.encoding, peeked.sample, peeked.complete);
  const sampleText = decodeSample(peeked.sample, encoding);
  if (looksLikeVCard(sampleText)) {
    // Loaded only for a vCard: ical.js is no cost to the CSV path or the CLI's start.
    const { openVCard } = await import('./vcard-reader.js');
    return openVCard(peeked.toStream(), { fileName, encoding, limits: options.limits });
  }
  // Excel's `sep=;` first line names the delimiter; the header is on the line after it.
  const separator = readSeparatorLine(sampleText);
  const delimiter =
    options.delimiter !== 'auto'
      ? options.delimiter
      : (separator ?? detectDelimiter(sampleText, peeked.complete));

  const limits = options.limits ?? defaultCsvLimits;
  const shaper = new RecordShaper(encoding === 'utf-8', limits);
  const parser = new CsvRecordParser(shaper, delimiter, limits, separator ? 2 : 1);
  const ignore = () => {}; // failures reach the reader through the parser
  if (encoding === 'utf-8') {
    // csv-parse reads UTF-8 bytes itself (invalid bytes become U+FFFD): no need to decode twice.
    pipeline(peeked.toStream(byteOrderMarkLength(peeked.sample, 'utf-8')), parser, ignore);
  } else {
    pipeline(peeked.toStream(), iconv.decodeStream(encoding, { stripBOM: true }), parser, ignore);
  }

  const iterator: AsyncIterator<CsvRecord[]> = parser[Symbol.asyncIterator]();
  try {
    const chunks = readChunks(iterator, fileName);
    const { first, rest } = await splitFirst(chunks);
    const header = checkHeader(first, fileName);
    return {
      encoding,
      delimiter,
      header,
      records: flatten(rest),
      recordChunks: rest,
      bytesRead: peeked.bytesRead,
    };
  } catch (error) {
    await iterator.return?.();
    throw error;
  }
}

function decodeSample(sample: Buffer, encoding: CsvEncoding): string {
  if (encoding === 'utf-8') return sample.toString('utf8', byteOrderMarkLength(sample, 'utf-8'));
  return iconv.decode(sample, encoding, { stripBOM: true });
}

async function nextChunk(
  iterator: AsyncIterator<CsvRecord[]>,
  fileName: string,
): Promise<CsvRecord[] | undefined> {
  try {
    const next = await iterator.next();
    return next.done ? undefined : next.value;
  } catch (error) {
    throw readError(error, fileName);
  }
}

async function* readChunks(
  iterator: AsyncIterator<CsvRecord[]>,
  fileName: string,
): AsyncGenerator<CsvRecord[]> {
  let done = false;
  try {
    for (;;) {
      const chunk = await nextChunk(iterator, fileName);
      if (chunk === undefined) break;
      yield chunk;
    }
    done = true;
  } finally {
    // The reader stopped early: stop reading the file.
    if (!done) await iterator.return?.();
  }
}

/** The first record (the header), and the chunks of records after it. */
async function splitFirst(
  chunks: AsyncGenerator<CsvRecord[]>,
): Promise<{ first: CsvRecord | undefined; rest: AsyncGenerator<CsvRecord[]> }> {
  try {
    const next = await chunks.next();
    if (next.done) return { first: undefined, rest: chunks };
    const [first, ...after] = next.value;
    return { first, rest: prepend(after, chunks) };
  } catch (error) {
    await chunks.return(undefined);
    throw error;
  }
}

async function* prepend(head: CsvRecord[], chunks: AsyncGenerator<CsvRecord[]>): AsyncGenerator<CsvRecord[]> {
  try {
    if (head.length > 0) yield head;
    yield* chunks;
  } finally {
    await chunks.return(undefined);
  }
}

async function* flatten(chunks: AsyncIterable<CsvRecord[]>): AsyncGenerator<CsvRecord> {
  for await (const chunk of chunks) yield* chunk;
}

/** Errors of the source (e.g. the ZIP reader) go through unchanged; csv-parse's become CSV_UNREADABLE. */
function readError(error: unknown, fileName: string): unknown {
  if (!(error instanceof CsvError)) return error;
  const line = typeof error.lines === 'number' ? error.lines : undefined;
  return new DovetailError('CSV_UNREADABLE', `${fileName} cannot be read as CSV: ${error.message}`, {
    file: fileName,
    ...(line !== undefined ? { line } : {}),
  });
}

function checkHeader(first: CsvRecord | undefined, fileName: string): string[] {
  const malformed = first?.problems[0];
  if (first !== undefined && malformed !== undefined) {
    throw new DovetailError(
      'CSV_UNREADABLE',
      `the header line of ${fileName} is malformed: ${malformed.message}`,
      {
        file: fileName,
        line: first.line,
      },
    );
  }
  if (first === undefined || first.values.every((name) => name === '')) {
    throw new DovetailError('CSV_EMPTY', `${fileName} is empty: it has no header line with column names`, {
      file: fileName,
    });
  }
  const seen = new Set<string>();
  for (const name of first.values) {
    // Unnamed columns (often trailing delimiters) cannot be mapped, so they may repeat.
    if (name === '') continue;
    const key = name.toLowerCase();
    if (seen.has(key)) {
      throw new DovetailError(
        'CSV_DUPLICATE_HEADER',
        `${fileName} has the column "${name}" twice in its header`,
        {
          file: fileName,
          line: first.line,
          column: name,
        },
      );
    }
    seen.add(key);
  }
  return first.values;
}
