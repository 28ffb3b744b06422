/**
 * Writes a CSV file row by row with bounded memory: rows are collected into a small text chunk
 * and the chunk is handed to the file stream once it is large enough, waiting for 'drain'
 * whenever the stream's buffer is full. A million-contact package therefore never holds more
 * than a few chunks per file in memory.
 */
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { toCsvLine } from './csv-line.js';

const CHUNK_CHARS = 64 * 1024;

export class CsvFileWriter {
  private readonly stream: WriteStream;
  private chunk = '';
  private rowCount = 0;
  private byteCount = 0;

  constructor(
    readonly path: string,
    header: readonly string[],
    private readonly delimiter = ',',
    private readonly newline = '\n',
  ) {
    this.stream = createWriteStream(path);
    this.chunk = toCsvLine(header, delimiter) + newline;
  }

  /** Data rows written so far (the header is not counted). */
  get rows(): number {
    return this.rowCount;
  }

  /** Bytes of the file once closed. */
  get bytes(): number {
    return this.byteCount;
  }

  /** Queues one row; call `flushIfFull` regularly so the queue stays small. */
  writeRow(values: readonly (string | number | null | undefined)[]): void {
    this.chunk += toCsvLine(values, this.delimiter) + this.newline;
    this.rowCount++;
  }

  async flushIfFull(): Promise<void> {
    if (this.chunk.length >= CHUNK_CHARS) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.chunk.length === 0) return;
    const data = Buffer.from(this.chunk, 'utf8');
    this.chunk = '';
    this.byteCount += data.length;
    if (!this.stream.write(data)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await finished(this.stream);
  }

  /** Closes the stream without caring about errors, for clean-up after a failure. */
  destroy(): void {
    this.stream.destroy();
  }
}
