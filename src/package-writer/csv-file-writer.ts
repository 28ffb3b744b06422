/**
 * Writes a CSV file row by row with bounded memory. Rows are encoded straight into a 64 KiB
 * buffer that goes to the file stream when full; the caller waits for 'drain' whenever the
 * stream reports its queue is full, so a million-contact package never holds more than a couple
 * of buffers per file. Encoding each row at once (rather than concatenating a big string) keeps
 * the row strings short-lived, which keeps the garbage collector's heap small.
 */
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { toCsvLine } from '../format/csv-line.js';

const BUFFER_BYTES = 64 * 1024;

export class CsvFileWriter {
  private readonly stream: WriteStream;
  private buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  private used = 0;
  private rowCount = 0;
  private byteCount = 0;

  constructor(
    readonly path: string,
    header: readonly string[],
    private readonly delimiter = ',',
    private readonly newline = '\n',
  ) {
    this.stream = createWriteStream(path);
    this.append(toCsvLine(header, delimiter) + newline);
  }

  /** Data rows written so far (the header is not counted). */
  get rows(): number {
    return this.rowCount;
  }

  /** Bytes written so far, header included; the file's size once closed. */
  get bytes(): number {
    return this.byteCount;
  }

  /** True when the stream's queue is full: call `drain()` before writing much more. */
  get needsDrain(): boolean {
    return this.stream.writableNeedDrain;
  }

  writeRow(values: readonly (string | number | null | undefined)[]): void {
    this.append(toCsvLine(values, this.delimiter) + this.newline);
    this.rowCount++;
  }

  /**
   * Waits until the stream's queue has room. Asks the stream, not a flag set when a write said it
   * was full: a caller draining several writers one after the other awaits the others' 'drain'
   * late, after it may have been emitted, and waiting for it then would wait forever (the process
   * ended with exit code 0 and no package, the event loop having nothing left to do).
   */
  async drain(): Promise<void> {
    if (this.stream.writableNeedDrain) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    this.emit();
    this.stream.end();
    await finished(this.stream);
  }

  /** Stops writing after a failure; the partial file is removed by the caller. */
  destroy(): void {
    this.stream.destroy();
  }

  private append(text: string): void {
    const length = Buffer.byteLength(text);
    this.byteCount += length;
    if (this.used + length > this.buffer.length) this.emit();
    if (length > this.buffer.length) {
      this.send(Buffer.from(text, 'utf8'));
      return;
    }
    this.used += this.buffer.write(text, this.used, 'utf8');
  }

  /** Hands the filled part of the buffer to the stream and starts a fresh buffer. */
  private emit(): void {
    if (this.used === 0) return;
    this.send(this.buffer.subarray(0, this.used));
    this.buffer = Buffer.allocUnsafe(BUFFER_BYTES);
    this.used = 0;
  }

  private send(data: Buffer): void {
    this.stream.write(data);
  }
}
