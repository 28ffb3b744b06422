/**
 * Streaming CSV reading with encoding and delimiter detection. THIS FILE IS A CONTRACT STUB:
 * the implementation is being written (see the task given to the parse helper).
 */
import type { Readable } from 'node:stream';
import type { RowProblem } from '../../errors/dovetail-error.js';
import type { Delimiter, Encoding } from '../../format/package-format.schema.js';

export interface CsvReadOptions {
  /** Name of the file inside the package, used in error messages. */
  fileName: string;
  encoding: Encoding;
  delimiter: Delimiter;
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
}

export declare function openCsv(source: Readable, options: CsvReadOptions): Promise<CsvFile>;
