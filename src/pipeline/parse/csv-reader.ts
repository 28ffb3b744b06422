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
import { RecordShaper, type SkippedRecordError } from './record-shaper.js';
import { readSeparatorLine } from './separator-line.js';
import { openSheet } from './sheet-rows.js';

/** A ZIP's local file header: an .xlsx workbook (other ZIPs are refused by the workbook reader). */
const looksLikeZip = (sample: Buffer) =>
  sample.length >= 4 && sample[0] === 0x50 && sample[1] === 0x4b && sample[2] === 0x03 && sample[3] === 0x04;

export interface CsvReadOptions {
  /** Name of the file inside the package, used in error messages. */
  fileName: string;
  encoding: Encoding;
  delimiter: Delimiter;
  /** For a spreadsheet (.xlsx): the sheet to read (the first when absent). */
  sheet?: string | undefined;
  /** For a spreadsheet: the limits its ZIP is read with (the package's by default). */
  limits?: ArchiveLimits | undefined;
}

export interface CsvRecord {
  /** 1-based physical line on which the record starts (the header is line 1). */
  line: number;
  /** One value per header column: short rows are padded with "", extra empty values dropped. */
  values: string[];
  /** The values exactly as they were in the file (for the error file), including extras. */
  rawValues: string[];
  /** Problems found while reading (ROW_MALFORMED_CSV, ROW_TOO_MANY_VALUES, ROW_BAD_ENCODING). */
  problems: RowProblem[];
}

export interface CsvFile {
  /** The encoding actually used ("utf-8", "utf-16le", "windows-1252", ...). */
  encoding: string;
  /** The delimiter actually used. */
  delimiter: string;
  header: string[];
  records: AsyncIterable<CsvRecord>;
  /** Raw (undecoded) bytes consumed from the source so far, for progress. */
  bytesRead(): number;
  /** Releases what the reader holds when its records are not read to the end (a workbook's temp copy). */
  close?(): Promise<void>;
}

/** How much of the file is looked at to detect its encoding and delimiter. */
export const SAMPLE_BYTES = 64 * 1024;

/** csv-parse's internal state, used to recover from errors (csv-parse is pinned in package.json). */
interface ParserState {
  record?: unknown;
  quoting?: boolean;
}

/**
 * csv-parse emitting CsvRecords. Each record is shaped as csv-parse pushes it, when its `info`
 * (line count) is exact — cheaper than the `info: true` option, which copies the info into a new
 * object for every record — and skipped records are pushed in their place in the file.
 */
class CsvRecordParser extends Parser {
  constructor(
    private readonly shaper: RecordShaper,
    delimiter: string,
    fromLine: number,
  ) {
    super({
      delimiter,
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
  }

  override push(chunk: unknown, encoding?: BufferEncoding): boolean {
    if (chunk === null) return super.push(null);
    return super.push(
      this.shaper.fromValues(chunk as string[], this.info.lines, this.info.empty_lines),
      encoding,
    );
  }

  private skipRecord(error: CsvError): void {
    const state = (this as unknown as { state?: ParserState }).state;
    const record = this.shaper.fromError(error as SkippedRecordError, state?.record);
    if (record !== undefined) super.push(record);
    // After `"value"junk`, csv-parse would stay inside the quotes and swallow the following lines;
    // leave them so that the rest of the line ends this record and the next lines parse normally.
    if (error.code === 'CSV_INVALID_CLOSING_QUOTE' && state?.quoting === true) state.quoting = false;
  }
}

export async function openCsv(source: Readable, options: CsvReadOptions): Promise<CsvFile> {
  const { fileName } = options;
  const peeked = await peekSource(source, SAMPLE_BYTES);
  if (looksLikeZip(peeked.sample)) return openSheet(peeked.toStream(), options);
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
  // Excel's `sep=;` first line names the delimiter; the header is on the line after it.
  const separator = readSeparatorLine(sampleText);
  const delimiter =
    options.delimiter !== 'auto'
      ? options.delimiter
      : (separator ?? detectDelimiter(sampleText, peeked.complete));

  const shaper = new RecordShaper(encoding === 'utf-8');
  const parser = new CsvRecordParser(shaper, delimiter, separator ? 2 : 1);
  const ignore = () => {}; // failures reach the reader through the parser
  if (encoding === 'utf-8') {
    // csv-parse reads UTF-8 bytes itself (invalid bytes become U+FFFD): no need to decode twice.
    pipeline(peeked.toStream(byteOrderMarkLength(peeked.sample, 'utf-8')), parser, ignore);
  } else {
    pipeline(peeked.toStream(), iconv.decodeStream(encoding, { stripBOM: true }), parser, ignore);
  }

  const iterator: AsyncIterator<CsvRecord> = parser[Symbol.asyncIterator]();
  try {
    const first = await nextRecord(iterator, fileName);
    const header = checkHeader(first, fileName);
    return {
      encoding,
      delimiter,
      header,
      records: readRecords(iterator, fileName),
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

async function nextRecord(
  iterator: AsyncIterator<CsvRecord>,
  fileName: string,
): Promise<CsvRecord | undefined> {
  try {
    const next = await iterator.next();
    return next.done ? undefined : next.value;
  } catch (error) {
    throw readError(error, fileName);
  }
}

async function* readRecords(iterator: AsyncIterator<CsvRecord>, fileName: string): AsyncGenerator<CsvRecord> {
  let done = false;
  try {
    for (;;) {
      const record = await nextRecord(iterator, fileName);
      if (record === undefined) break;
      yield record;
    }
    done = true;
  } finally {
    // The reader stopped early: stop reading the file.
    if (!done) await iterator.return?.();
  }
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
