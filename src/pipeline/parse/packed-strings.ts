/**
 * A list of strings in bounded memory, for a workbook's shared strings (every distinct text of an
 * .xlsx, which can be millions): their UTF-8 bytes sit end to end in one buffer, with one offset
 * per string, instead of millions of JS strings with their headers. The first `memoryBytes` stay
 * in memory; the strings after them go to a file (in the caller's private folder, removed with
 * it) and are read back by offset through a read-ahead window, so memory stays bounded whatever
 * the number and length of the strings.
 *
 * Workbooks number their strings in the order they first appear: the early ones (first names,
 * cities) are the ones used again and again, and stay in memory; later ones are mostly met in
 * order, which the window serves with one read per window.
 *
 * Appending ends with finish(); reading starts after it.
 */
import fs from 'node:fs';

/** Offsets are kept in blocks of this many, so growing never copies them all. */
const OFFSETS_PER_BLOCK = 64 * 1024;
/** Bytes written to, and read from, the spill file at once. */
const IO_BYTES = 1024 ** 2;
/** Offsets are 32-bit: 4 bytes a string rather than 8. */
export const MAX_PACKED_BYTES = 2 ** 32 - 1;

export class PackedStrings {
  /** The strings held in memory, then (once spilled) the bytes waiting to be written. */
  private bytes: Buffer = Buffer.allocUnsafe(64 * 1024);
  private used = 0;
  /** The strings held in memory once the rest spilled: the first `headBytes` bytes. */
  private head: Buffer | undefined;
  private headBytes = 0;
  /** Bytes written to the spill file. */
  private spilled = 0;
  private fd: number | undefined;
  /** offset(i) is the start of string i; offset(count) is the end of the last one. */
  private readonly offsetBlocks: Uint32Array[] = [new Uint32Array(OFFSETS_PER_BLOCK)];
  private count = 0;
  /** File bytes [windowStart, windowStart + windowLength) are in `window`. */
  private window: Buffer | undefined;
  private windowStart = 0;
  private windowLength = 0;

  /**
   * @param spillPath the file the strings past `memoryBytes` go to (created only then).
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
    return this.headBytes + this.spilled + this.used;
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
    this.setOffset(this.count, this.totalBytes);
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
    // Spilling happens between two strings: a string is wholly in memory or wholly on disk.
    if (end <= this.headBytes) return this.head!.toString('utf8', start, end);
    return this.readSpilled(start - this.headBytes, end - this.headBytes);
  }

  /** Closes the spill file (the caller removes its folder). */
  close(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
    this.bytes = Buffer.alloc(0);
    this.head = undefined;
    this.window = undefined;
  }

  private readSpilled(start: number, end: number): string {
    const windowEnd = this.windowStart + this.windowLength;
    if (this.window === undefined || start < this.windowStart || end > windowEnd) {
      const size = Math.max(IO_BYTES, end - start);
      if (this.window === undefined || this.window.length < size) this.window = Buffer.allocUnsafe(size);
      this.windowStart = start;
      this.windowLength = 0;
      const wanted = Math.min(size, this.spilled - start);
      while (this.windowLength < wanted) {
        const got = fs.readSync(
          this.fd!,
          this.window,
          this.windowLength,
          wanted - this.windowLength,
          start + this.windowLength,
        );
        if (got === 0) break;
        this.windowLength += got;
      }
    }
    return this.window.toString('utf8', start - this.windowStart, end - this.windowStart);
  }

  private spill(): void {
    // The buffer never grew past memoryBytes (grow): kept as it is, not copied.
    this.head = this.bytes.subarray(0, this.used);
    this.headBytes = this.used;
    this.used = 0;
    this.bytes = Buffer.allocUnsafe(IO_BYTES);
    this.fd = fs.openSync(this.spillPath, 'w+', 0o600);
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
    let size = Math.min(this.bytes.length * 2, this.bytes.length + 16 * 1024 ** 2);
    if (this.fd === undefined) size = Math.min(size, this.memoryBytes);
    const grown = Buffer.allocUnsafe(Math.max(atLeast, size));
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
