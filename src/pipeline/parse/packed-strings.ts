/**
 * A list of strings in bounded memory, for a workbook's shared strings (every distinct text of an
 * .xlsx, which can be millions): their UTF-8 bytes sit end to end in one buffer, with one offset
 * per string, instead of millions of JS strings with their headers. Past `memoryBytes`, the bytes
 * move to a file (in the caller's private folder, removed with it) and are read back by offset,
 * so memory stays bounded whatever the number and length of the strings.
 *
 * Appending ends with finish(); reading starts after it.
 */
import fs from 'node:fs';

/** Offsets are kept in blocks of this many, so growing never copies them all. */
const OFFSETS_PER_BLOCK = 64 * 1024;
/** Bytes written to the spill file at once. */
const WRITE_BUFFER_BYTES = 1024 ** 2;
/** Offsets are 32-bit: 4 bytes a string rather than 8. */
export const MAX_PACKED_BYTES = 2 ** 32 - 1;

export class PackedStrings {
  private bytes: Buffer = Buffer.allocUnsafe(64 * 1024);
  /** Bytes used in `bytes` (in memory), or waiting in it to be written (spilled). */
  private used = 0;
  /** Bytes written to the spill file. */
  private spilled = 0;
  private fd: number | undefined;
  /** offset(i) is the start of string i; offset(count) is the end of the last one. */
  private readonly offsetBlocks: Uint32Array[] = [new Uint32Array(OFFSETS_PER_BLOCK)];
  private count = 0;
  private scratch: Buffer = Buffer.allocUnsafe(4096);

  /**
   * @param spillPath the file the bytes move to past `memoryBytes` (created only then).
   * @param memoryBytes how many bytes of text are held in memory at most.
   */
  constructor(
    private readonly spillPath: string,
    private readonly memoryBytes: number,
  ) {}

  get length(): number {
    return this.count;
  }

  /** Bytes of text held, in memory and on disk. */
  get totalBytes(): number {
    return this.spilled + this.used;
  }

  /** Appends `text`; false (and nothing appended) when the list would pass MAX_PACKED_BYTES. */
  push(text: string): boolean {
    const needed = Buffer.byteLength(text, 'utf8');
    if (this.totalBytes + needed > MAX_PACKED_BYTES) return false;
    if (this.fd === undefined && this.used + needed > this.memoryBytes) this.spill();
    if (this.fd !== undefined && this.used + needed > this.bytes.length) this.flush();
    if (this.used + needed > this.bytes.length) this.grow(this.used + needed);
    this.used += this.bytes.write(text, this.used, 'utf8');
    this.count++;
    this.setOffset(this.count, this.spilled + this.used);
    return true;
  }

  /** Ends appending: what waits to be written is written. */
  finish(): void {
    if (this.fd !== undefined) this.flush();
  }

  /** String `index`, or undefined past the end. */
  get(index: number): string | undefined {
    if (!(index >= 0 && index < this.count) || !Number.isInteger(index)) return undefined;
    const start = this.offset(index);
    const end = this.offset(index + 1);
    if (this.fd === undefined) return this.bytes.toString('utf8', start, end);
    const length = end - start;
    if (this.scratch.length < length)
      this.scratch = Buffer.allocUnsafe(Math.max(length, this.scratch.length * 2));
    let read = 0;
    while (read < length) {
      const got = fs.readSync(this.fd, this.scratch, read, length - read, start + read);
      if (got === 0) break;
      read += got;
    }
    return this.scratch.toString('utf8', 0, read);
  }

  /** Closes the spill file (the caller removes its folder). */
  close(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
    this.bytes = Buffer.alloc(0);
  }

  private spill(): void {
    this.fd = fs.openSync(this.spillPath, 'w+', 0o600);
    this.flush();
    // From now on the buffer only gathers writes.
    if (this.bytes.length > WRITE_BUFFER_BYTES) this.bytes = Buffer.allocUnsafe(WRITE_BUFFER_BYTES);
  }

  private flush(): void {
    let written = 0;
    while (written < this.used) {
      written += fs.writeSync(this.fd!, this.bytes, written, this.used - written, this.spilled + written);
    }
    this.spilled += this.used;
    this.used = 0;
  }

  private grow(atLeast: number): void {
    const grown = Buffer.allocUnsafe(
      Math.max(atLeast, Math.min(this.bytes.length * 2, this.bytes.length + 16 * 1024 ** 2)),
    );
    this.bytes.copy(grown, 0, 0, this.used);
    this.bytes = grown;
  }

  private offset(index: number): number {
    if (index === 0) return 0;
    return this.offsetBlocks[Math.floor(index / OFFSETS_PER_BLOCK)]![index % OFFSETS_PER_BLOCK]!;
  }

  private setOffset(index: number, value: number): void {
    const block = Math.floor(index / OFFSETS_PER_BLOCK);
    while (this.offsetBlocks.length <= block) this.offsetBlocks.push(new Uint32Array(OFFSETS_PER_BLOCK));
    this.offsetBlocks[block]![index % OFFSETS_PER_BLOCK] = value;
  }
}
