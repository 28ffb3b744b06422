/**
 * Zips package files with yazl. Entries get a fixed modification time so that the same content
 * always gives the same archive bytes, on any machine (the examples are committed and diffed).
 */
import { createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { ZipFile } from 'yazl';

/**
 * Fixed modification time of every ZIP entry, for byte-identical archives. ZIP (DOS) times are
 * local times, so this is built in local time: every machine then writes 2025-01-15 09:00.
 */
export const PACKAGE_ZIP_MTIME = new Date(2025, 0, 15, 9, 0, 0);

export type ZipSource =
  /** A file on disk, streamed into the archive (large CSVs). */
  | { name: string; path: string }
  /** Content in memory (manifest, mappings, small example files). */
  | { name: string; data: Buffer };

/** Writes the archive to `out` and returns its size in bytes. */
export async function zipPackage(out: string, sources: readonly ZipSource[]): Promise<number> {
  const zip = new ZipFile();
  // Only the DOS timestamp: yazl's extra UTC timestamp field would differ between time zones.
  const options = { compress: true, mtime: PACKAGE_ZIP_MTIME, mode: 0o100644, forceDosTimestamp: true };
  for (const source of sources) {
    if ('path' in source) zip.addFile(source.path, source.name, options);
    else zip.addBuffer(source.data, source.name, options);
  }
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(out));
  return (await stat(out)).size;
}
