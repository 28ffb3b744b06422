/**
 * Safe, streaming access to an import package ZIP. Everything that can be judged from the central
 * directory (paths, sizes, ratios, encryption, duplicates) is judged before openPackageArchive
 * returns, so a refused package never has a byte decompressed; the streams still count what they
 * produce because the sizes a ZIP declares can lie.
 */
import fs from 'node:fs';
import { basename } from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { promisify } from 'node:util';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { DovetailError } from '../../errors/dovetail-error.js';
import { ArchiveEntryChecker, formatBytes, normaliseEntryName } from './archive-entry-checker.js';
import { mapZipError } from './map-zip-error.js';

export interface ArchiveLimits {
  /** Size of the ZIP file itself. */
  maxPackageBytes: number;
  maxEntries: number;
  /** Largest uncompressed size of one entry. */
  maxEntryBytes: number;
  /** Sum of the uncompressed sizes of all entries. */
  maxTotalUncompressedBytes: number;
  /** Largest uncompressed/compressed ratio of one entry (zip bombs compress ~1000:1). */
  maxCompressionRatio: number;
}

export interface ArchiveEntry {
  /** Normalised path inside the archive, forward slashes, no leading "./". */
  name: string;
  compressedSize: number;
  uncompressedSize: number;
}

export interface PackageArchive {
  readonly path: string;
  /** File entries only (directory entries are dropped), by normalised name. */
  readonly entries: ReadonlyMap<string, ArchiveEntry>;
  /** Streams an entry's decompressed bytes; the stream errors with a DovetailError if limits are broken. */
  openEntry(name: string): Promise<Readable>;
  /** Reads a small entry (manifest, mapping) fully as UTF-8 text (a BOM is dropped). */
  readText(name: string, maxBytes?: number): Promise<string>;
  close(): void;
}

const GiB = 1024 ** 3;
const DEFAULT_TEXT_MAX_BYTES = 10 * 1024 ** 2;

export const defaultArchiveLimits: ArchiveLimits = {
  maxPackageBytes: 20 * GiB,
  maxEntries: 1000,
  maxEntryBytes: 16 * GiB,
  maxTotalUncompressedBytes: 64 * GiB,
  maxCompressionRatio: 200,
};

const YAUZL_OPTIONS: yauzl.Options = {
  lazyEntries: true,
  autoClose: false,
  decodeStrings: true,
  validateEntrySizes: true,
  strictFileNames: false,
};

const openFd = promisify(fs.open);
const fstat = promisify(fs.fstat);
const readFd = promisify(fs.read);
const closeFd = promisify(fs.close);
const zipFromFd = promisify<number, yauzl.Options, ZipFile>(yauzl.fromFd);

export async function openPackageArchive(path: string, limits: ArchiveLimits): Promise<PackageArchive> {
  // Messages carry the file name only: on the server the full path is an internal upload location.
  const packageName = basename(path);
  const fd = await openPackageFile(path, packageName, limits);
  let zipfile: ZipFile;
  try {
    zipfile = await zipFromFd(fd, YAUZL_OPTIONS);
  } catch (error) {
    const startsLikeZip = await startsWithZipSignature(fd);
    await closeFd(fd).catch(() => undefined);
    throw mapZipError(error, packageName, { stage: 'directory', startsLikeZip });
  }
  try {
    const { entries, records } = await readCentralDirectory(zipfile, packageName, limits);
    return new ZipPackageArchive(path, packageName, zipfile, entries, records, limits.maxEntryBytes);
  } catch (error) {
    zipfile.close();
    throw error;
  }
}

/** Opens before measuring, so the size checked is that of the very file that will be read. */
async function openPackageFile(path: string, packageName: string, limits: ArchiveLimits): Promise<number> {
  let fd: number;
  try {
    fd = await openFd(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' || code === 'ENOTDIR' ? 'does not exist' : `cannot be opened (${code})`;
    throw new DovetailError('PACKAGE_NOT_FOUND', `The package file "${packageName}" ${why}.`, {
      file: packageName,
    });
  }
  try {
    const stats = await fstat(fd);
    if (!stats.isFile()) {
      throw new DovetailError('PACKAGE_NOT_A_ZIP', `"${packageName}" is not a ZIP archive but a directory.`, {
        file: packageName,
      });
    }
    if (stats.size > limits.maxPackageBytes) {
      throw new DovetailError(
        'PACKAGE_TOO_LARGE',
        `The package "${packageName}" is ${formatBytes(stats.size)}, more than the limit of ${formatBytes(limits.maxPackageBytes)}.`,
        { file: packageName },
      );
    }
    return fd;
  } catch (error) {
    await closeFd(fd).catch(() => undefined);
    throw error;
  }
}

/** Tells a damaged ZIP (starts with a local file header, "PK\3\4") from a file that never was one. */
async function startsWithZipSignature(fd: number): Promise<boolean> {
  const head = Buffer.alloc(4);
  const { bytesRead } = await readFd(fd, head, 0, 4, 0).catch(() => ({ bytesRead: 0 }));
  return bytesRead === 4 && head.readUInt32LE(0) === 0x04034b50;
}

interface CentralDirectory {
  entries: ReadonlyMap<string, ArchiveEntry>;
  records: ReadonlyMap<string, Entry>;
}

function readCentralDirectory(
  zipfile: ZipFile,
  packageName: string,
  limits: ArchiveLimits,
): Promise<CentralDirectory> {
  const checker = new ArchiveEntryChecker(packageName, limits, zipfile.entryCount);
  const records = new Map<string, Entry>();
  let index = 0;
  let previous: string | undefined;
  return new Promise((resolve, reject) => {
    const finish = (error?: unknown) => {
      zipfile.removeAllListeners('entry');
      zipfile.removeAllListeners('end');
      zipfile.removeAllListeners('error');
      // yauzl reports a failure to close the file descriptor as an 'error' event on the zipfile, long
      // after the archive is in use; nothing can be done about it then, but unheard it would crash.
      zipfile.on('error', () => undefined);
      if (error === undefined) resolve({ entries: checker.entries, records });
      else reject(error);
    };
    zipfile.on('entry', (entry: Entry) => {
      index += 1;
      try {
        const kept = checker.accept(entry);
        if (kept) records.set(kept.name, entry);
      } catch (error) {
        finish(error);
        return;
      }
      previous = entry.fileName;
      zipfile.readEntry();
    });
    zipfile.on('end', () => finish());
    zipfile.on('error', (error: unknown) =>
      finish(mapZipError(error, packageName, { stage: 'entry', index: index + 1, previous })),
    );
    zipfile.readEntry();
  });
}

class ZipPackageArchive implements PackageArchive {
  private closed = false;

  constructor(
    readonly path: string,
    private readonly packageName: string,
    private readonly zipfile: ZipFile,
    readonly entries: ReadonlyMap<string, ArchiveEntry>,
    private readonly records: ReadonlyMap<string, Entry>,
    private readonly maxEntryBytes: number,
  ) {}

  async openEntry(name: string): Promise<Readable> {
    const entryName = normaliseEntryName(name);
    const record = this.records.get(entryName);
    if (record === undefined) {
      throw new DovetailError(
        'PACKAGE_FILE_MISSING',
        `The package "${this.packageName}" has no file "${name}".`,
        {
          file: name,
        },
      );
    }
    if (this.closed) throw new Error(`Cannot read "${entryName}": the package archive is already closed.`);
    const source = await new Promise<Readable>((resolve, reject) => {
      this.zipfile.openReadStream(record, (error, stream) => {
        if (error) reject(mapZipError(error, this.packageName, { stage: 'data', entryName }));
        else resolve(stream);
      });
    });
    return this.guard(source, entryName, this.maxEntryBytes);
  }

  async readText(name: string, maxBytes = DEFAULT_TEXT_MAX_BYTES): Promise<string> {
    const entry = this.entries.get(normaliseEntryName(name));
    if (entry !== undefined && entry.uncompressedSize > maxBytes) {
      throw this.textTooLarge(entry.name, maxBytes);
    }
    const stream = await this.openEntry(name);
    const chunks: Buffer[] = [];
    let total = 0;
    // Leaving the loop early destroys the stream, which releases yauzl's read of the file.
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > maxBytes) throw this.textTooLarge(normaliseEntryName(name), maxBytes);
      chunks.push(chunk);
    }
    return Buffer.concat(chunks)
      .toString('utf8')
      .replace(/^\uFEFF/, '');
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    // Streams still being read keep the file descriptor open until they end (yauzl reference-counts it).
    this.zipfile.close();
  }

  /** Counts what the entry really produces and turns yauzl's stream errors into DovetailErrors. */
  private guard(source: Readable, entryName: string, maxBytes: number): Readable {
    let produced = 0;
    const tooLarge = () => this.entryTooLarge(entryName, maxBytes);
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        produced += chunk.length;
        if (produced > maxBytes) callback(tooLarge());
        else callback(null, chunk);
      },
    });
    source.on('error', (error) => {
      counter.destroy(mapZipError(error, this.packageName, { stage: 'data', entryName }));
    });
    counter.on('close', () => {
      if (!source.readableEnded) source.destroy();
    });
    return source.pipe(counter);
  }

  private entryTooLarge(entryName: string, maxBytes: number): DovetailError {
    return new DovetailError(
      'PACKAGE_ENTRY_TOO_LARGE',
      `Entry "${entryName}" in "${this.packageName}" unpacks to more than the limit of ${formatBytes(maxBytes)} per file.`,
      { file: entryName },
    );
  }

  private textTooLarge(entryName: string, maxBytes: number): DovetailError {
    return new DovetailError(
      'PACKAGE_ENTRY_TOO_LARGE',
      `"${entryName}" in "${this.packageName}" is larger than the ${formatBytes(maxBytes)} allowed for a file read as text.`,
      { file: entryName },
    );
  }
}
