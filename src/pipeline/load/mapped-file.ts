/**
 * Reads one CSV of a package and maps its rows, in batches: the half of loading that needs no
 * database (unzip, decode, parse, map and validate). Its request is plain data on purpose, so
 * it can move to another thread or process. (A worker-thread version was measured: handing
 * batches across threads cost as much as it saved on two cores; see docs/decisions/002.)
 */
import type { CsvLimits } from '../../format/csv-limits.js';
import type { MappedBatch, MappedRow } from '../../format/mapped-record.js';
import type { FileMapping, TargetDefinition } from '../../format/package-format.schema.js';
import { createRowMapper } from '../map/row-mapper.js';
import { type ArchiveLimits, openPackageArchive, type PackageArchive } from '../package/package-archive.js';
import { openCsv } from '../parse/csv-reader.js';

export interface MappedFile {
  encoding: string;
  delimiter: string;
  header: string[];
  batches: AsyncIterable<MappedBatch>;
}

/** Plain data, so it can cross into a worker thread. */
export interface MappedFileRequest {
  packagePath: string;
  limits: ArchiveLimits;
  csv: string;
  mapping: FileMapping;
  definition: TargetDefinition;
  /** Rows starting on or before this line were committed by an earlier run. */
  skipThroughLine: number;
  batchRows: number;
  /** The longest line and value accepted (DOVETAIL_MAX_LINE_BYTES, DOVETAIL_MAX_FIELD_BYTES). */
  csvLimits?: CsvLimits;
}

export async function readMappedFile(
  request: MappedFileRequest,
  archive?: PackageArchive,
): Promise<MappedFile> {
  const ownArchive = archive ? undefined : await openPackageArchive(request.packagePath, request.limits);
  const source = archive ?? ownArchive!;
  try {
    const stream = await source.openEntry(request.csv);
    const csv = await openCsv(stream, {
      fileName: request.csv,
      encoding: request.mapping.encoding,
      delimiter: request.mapping.delimiter,
      ...(request.csvLimits ? { limits: request.csvLimits } : {}),
      sheet: request.mapping.sheet,
      archiveLimits: request.limits,
    });
    const mapRow = createRowMapper(request.mapping, request.definition, csv.header);
    async function* batches(): AsyncGenerator<MappedBatch> {
      try {
        let rows: MappedRow[] = [];
        for await (const chunk of csv.recordChunks ?? inChunksOfOne(csv.records)) {
          for (const record of chunk) {
            if (record.line <= request.skipThroughLine) continue;
            rows.push({ line: record.line, rawValues: record.rawValues, result: mapRow(record) });
            if (rows.length >= request.batchRows) {
              yield { rows, bytesRead: csv.bytesRead() };
              rows = [];
            }
          }
        }
        yield { rows, bytesRead: csv.bytesRead() };
      } finally {
        ownArchive?.close();
      }
    }
    return { encoding: csv.encoding, delimiter: csv.delimiter, header: csv.header, batches: batches() };
  } catch (error) {
    ownArchive?.close();
    throw error;
  }
}

async function* inChunksOfOne<T>(records: AsyncIterable<T>): AsyncGenerator<T[]> {
  for await (const record of records) yield [record];
}
