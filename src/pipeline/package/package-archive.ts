/**
 * Safe, streaming access to an import package ZIP. THIS FILE IS A CONTRACT STUB: the
 * implementation is being written (see the task given to the package helper).
 */
import type { Readable } from 'node:stream';

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

export declare function openPackageArchive(path: string, limits: ArchiveLimits): Promise<PackageArchive>;
