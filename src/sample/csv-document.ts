/**
 * A small CSV file built in memory, for the shipped examples. It remembers the physical line on
 * which every row starts (the header is line 1, a quoted line break moves the following rows
 * down), which is what the importer reports and what the expected-errors list must match.
 */
import iconv from 'iconv-lite';
import { toCsvLine } from '../format/csv-line.js';

export type FileEncoding = 'utf-8' | 'utf-8-bom' | 'windows-1252';

export interface CsvDocumentOptions {
  delimiter?: string;
  newline?: '\n' | '\r\n';
  encoding?: FileEncoding;
}

export class CsvDocument {
  readonly delimiter: string;
  readonly newline: '\n' | '\r\n';
  readonly encoding: FileEncoding;
  private readonly lines: string[] = [];
  private nextLine = 1;
  private rowCount = 0;

  constructor(
    readonly name: string,
    readonly header: readonly string[],
    options: CsvDocumentOptions = {},
  ) {
    this.delimiter = options.delimiter ?? ',';
    this.newline = options.newline ?? '\n';
    this.encoding = options.encoding ?? 'utf-8';
    this.addRawLine(toCsvLine(header, this.delimiter));
    this.rowCount = 0;
  }

  /** Data rows so far, header excluded. */
  get rows(): number {
    return this.rowCount;
  }

  /** Appends a well-formed row; returns the line it starts on. */
  addRow(values: readonly (string | undefined)[]): number {
    return this.addRawLine(toCsvLine(values, this.delimiter));
  }

  /** Appends text as is, for deliberately malformed rows; returns the line it starts on. */
  addRawLine(text: string): number {
    const line = this.nextLine;
    this.lines.push(text);
    this.nextLine += 1 + (text.match(/\n/g)?.length ?? 0);
    this.rowCount++;
    return line;
  }

  toText(): string {
    return this.lines.map((line) => line + this.newline).join('');
  }

  /** The file's bytes in its encoding; throws if a character cannot be written in it. */
  toBuffer(): Buffer {
    const text = this.toText();
    if (this.encoding === 'utf-8') return Buffer.from(text, 'utf8');
    if (this.encoding === 'utf-8-bom')
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    const bytes = iconv.encode(text, 'windows-1252');
    if (iconv.decode(bytes, 'windows-1252') !== text) {
      throw new Error(`${this.name} has characters that Windows-1252 cannot encode`);
    }
    return bytes;
  }
}

/** True when the text survives a round trip through Windows-1252. */
export function fitsWindows1252(text: string): boolean {
  return iconv.decode(iconv.encode(text, 'windows-1252'), 'windows-1252') === text;
}
