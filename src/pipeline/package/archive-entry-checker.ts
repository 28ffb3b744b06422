/**
 * The rules every central-directory entry of an import package must pass before a single byte of
 * it is decompressed: sizes are taken from the directory, so a hostile package is refused cheaply.
 */
import type { Entry } from 'yauzl';
import { DovetailError, type PackageErrorCode } from '../../errors/dovetail-error.js';
import type { ArchiveEntry, ArchiveLimits } from './package-archive.js';

/** Below this size any ratio is harmless (a megabyte of blank CSV cells compresses ~1000:1). */
const RATIO_CHECK_MIN_BYTES = 1024 * 1024;
const NESTED_ARCHIVE = /\.(zip|jar|gz|tgz|tar|7z|rar|bz2|xz)$/i;
const STORED = 0;
const DEFLATED = 8;

/** Backslashes come from Windows zippers, "./" from `zip -r . ...`; neither changes the file meant. */
export function normaliseEntryName(name: string): string {
  let normalised = name.replace(/\\/g, '/');
  while (normalised.startsWith('./')) normalised = normalised.slice(2);
  return normalised;
}

export function isAbsoluteEntryName(name: string): boolean {
  return name.startsWith('/') || /^[a-zA-Z]:/.test(name);
}

export function climbsOutOfPackage(name: string): boolean {
  return name.split('/').includes('..');
}

/**
 * Finder adds `__MACOSX/` resource forks and `.DS_Store` folder settings to every ZIP it makes; they
 * are never data, so they are dropped silently rather than reported as files missing from the manifest.
 */
function isMacJunk(name: string): boolean {
  return name.split('/')[0] === '__MACOSX' || name.split('/').pop() === '.DS_Store';
}

export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} bytes` : `${Number(value.toFixed(1))} ${units[unit]}`;
}

export class ArchiveEntryChecker {
  readonly entries = new Map<string, ArchiveEntry>();
  private recordsSeen = 0;
  private totalBytes = 0;

  constructor(
    private readonly packageName: string,
    private readonly limits: ArchiveLimits,
    private readonly declaredEntryCount: number,
  ) {}

  /** Returns the entry to keep, undefined for one to skip, or throws why the package is refused. */
  accept(entry: Entry): ArchiveEntry | undefined {
    const { limits } = this;
    const raw = entry.fileName;
    const name = normaliseEntryName(raw);
    // Every record counts, skipped ones too: the limit bounds the work of reading the directory.
    this.recordsSeen += 1;
    if (this.recordsSeen > limits.maxEntries) {
      throw this.refuse(
        'PACKAGE_TOO_MANY_ENTRIES',
        name,
        `"${this.packageName}" has ${this.declaredEntryCount} entries, more than the limit of ${limits.maxEntries}, and "${name}" is the first one over it.`,
      );
    }
    // Path rules run before anything is skipped, so a junk or directory name cannot smuggle "..".
    if (isAbsoluteEntryName(name)) throw absolutePathError(this.packageName, raw);
    if (climbsOutOfPackage(name)) throw zipSlipError(this.packageName, raw);
    if (name === '' || name.endsWith('/') || isMacJunk(name)) return undefined;

    if (entry.isEncrypted()) {
      throw this.refuse(
        'PACKAGE_ENCRYPTED',
        name,
        `Entry "${name}" in "${this.packageName}" is password-protected, which Dovetail cannot read.`,
      );
    }
    if (NESTED_ARCHIVE.test(name)) {
      throw this.refuse(
        'PACKAGE_NESTED_ARCHIVE',
        name,
        `Entry "${name}" in "${this.packageName}" is an archive inside the package; unpack it and put its files in the package directly.`,
      );
    }
    if (entry.compressionMethod !== STORED && entry.compressionMethod !== DEFLATED) {
      throw this.refuse(
        'PACKAGE_CORRUPT',
        name,
        `Entry "${name}" in "${this.packageName}" uses ZIP compression method ${entry.compressionMethod}, which Dovetail cannot read; re-create the package with standard (deflate) compression.`,
      );
    }
    this.checkSizes(entry, name);

    if (this.entries.has(name)) {
      throw this.refuse(
        'PACKAGE_DUPLICATE_ENTRY',
        name,
        `"${this.packageName}" contains the file "${name}" more than once${raw === name ? '' : ` (again as "${raw}")`}, so it is unclear which one to import.`,
      );
    }
    const kept = { name, compressedSize: entry.compressedSize, uncompressedSize: entry.uncompressedSize };
    this.entries.set(name, kept);
    return kept;
  }

  private checkSizes(entry: Entry, name: string): void {
    const { limits, packageName } = this;
    const size = entry.uncompressedSize;
    if (size > limits.maxEntryBytes) {
      throw this.refuse(
        'PACKAGE_ENTRY_TOO_LARGE',
        name,
        `Entry "${name}" in "${packageName}" unpacks to ${formatBytes(size)}, more than the limit of ${formatBytes(limits.maxEntryBytes)} per file.`,
      );
    }
    // A zero compressed size with a large content gives Infinity, which is exactly what a bomb looks like.
    const ratio = size / entry.compressedSize;
    if (size > RATIO_CHECK_MIN_BYTES && ratio > limits.maxCompressionRatio) {
      throw this.refuse(
        'PACKAGE_COMPRESSION_RATIO',
        name,
        `Entry "${name}" in "${packageName}" is compressed ${Number.isFinite(ratio) ? Math.round(ratio) : 'infinitely'}:1, beyond the limit of ${limits.maxCompressionRatio}:1, so it is refused as a possible zip bomb.`,
      );
    }
    this.totalBytes += size;
    if (this.totalBytes > limits.maxTotalUncompressedBytes) {
      throw this.refuse(
        'PACKAGE_UNCOMPRESSED_TOO_LARGE',
        name,
        `"${packageName}" unpacks to more than the limit of ${formatBytes(limits.maxTotalUncompressedBytes)} in total, which entry "${name}" pushes it over.`,
      );
    }
  }

  private refuse(code: PackageErrorCode, entryName: string, message: string): DovetailError {
    return new DovetailError(code, message, { file: entryName });
  }
}

export function absolutePathError(packageName: string, entryName: string): DovetailError {
  return new DovetailError(
    'PACKAGE_ABSOLUTE_PATH',
    `Entry "${entryName}" in "${packageName}" has an absolute path; files in a package must use paths relative to its root.`,
    { file: entryName },
  );
}

export function zipSlipError(packageName: string, entryName: string): DovetailError {
  return new DovetailError(
    'PACKAGE_ZIP_SLIP',
    `Entry "${entryName}" in "${packageName}" uses ".." to point outside the package, which is not allowed.`,
    { file: entryName },
  );
}
