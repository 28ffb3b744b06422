/**
 * A spreadsheet (.xlsx or .ods) as the CSV reader's CsvFile: the workbook (a ZIP) is written to a
 * private temp folder, read through the guarded archive reader, and the chosen sheet's rows come
 * out as records with the same locations as CSV (line = the sheet's row number, column = header)
 * and the same line and value bounds. The folder (with the shared strings' spill file) is removed
 * when the records end, when close() is called, or when opening fails.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DovetailError, type RowProblem } from '../../errors/dovetail-error.js';
import { type CsvLimits, defaultCsvLimits } from '../../format/csv-limits.js';
import {
  type ArchiveLimits,
  defaultArchiveLimits,
  openPackageArchive,
  type PackageArchive,
} from '../package/package-archive.js';
import type { CsvFile, CsvRecord } from './csv-reader.js';
import { ODS_CONTENT, openOdsSheet } from './ods-reader.js';
import { formatBytes, previewOf } from './record-shaper.js';
import { columnLetters, type SheetRow, type SheetSource } from './sheet-source.js';
import { openXlsxSheet } from './xlsx-reader.js';

export interface SheetReadOptions {
  fileName: string;
  /** The sheet to read; the first one when absent. */
  sheet?: string | undefined;
  limits?: ArchiveLimits | undefined;
  /** The line and value bounds (DOVETAIL_MAX_LINE_BYTES, DOVETAIL_MAX_FIELD_BYTES). */
  csvLimits?: CsvLimits | undefined;
  /** Bytes of an .xlsx's shared strings held in memory before they move to a file. */
  sharedStringsMemoryBytes?: number | undefined;
}

/** What CsvFile.encoding says of a spreadsheet: it has no encoding or delimiter to set. */
export const spreadsheetEncodings = ['xlsx', 'ods'] as const;

export const isSpreadsheetEncoding = (encoding: string): boolean =>
  (spreadsheetEncodings as readonly string[]).includes(encoding);

const ODS_MIMETYPE = 'application/vnd.oasis.opendocument.spreadsheet';

/** Reads a workbook from `source` (the bytes of a .xlsx or .ods file). */
export async function openSheet(source: Readable, options: SheetReadOptions): Promise<CsvFile> {
  const { fileName } = options;
  const folder = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'dovetail-sheet-'));
  const remove = () => fs.promises.rm(folder, { recursive: true, force: true });
  const workbookPath = path.join(folder, path.basename(fileName) || 'workbook.xlsx');
  const csvLimits = options.csvLimits ?? defaultCsvLimits;
  let archive: PackageArchive | undefined;
  let sheet: SheetSource | undefined;
  const close = async () => {
    sheet?.close();
    sheet = undefined;
    archive?.close();
    archive = undefined;
    await remove();
  };
  try {
    await pipeline(source, fs.createWriteStream(workbookPath));
    const totalBytes = (await fs.promises.stat(workbookPath)).size;
    archive = await openPackageArchive(workbookPath, options.limits ?? defaultArchiveLimits).catch(
      (error: unknown) => {
        // A damaged ZIP is a damaged workbook; a broken limit keeps its code (and its limit's name).
        if (
          error instanceof DovetailError &&
          (error.code === 'PACKAGE_CORRUPT' || error.code === 'PACKAGE_NOT_A_ZIP')
        ) {
          throw new DovetailError(
            'WORKBOOK_UNREADABLE',
            `${fileName} starts like a spreadsheet (.xlsx or .ods) but cannot be read as one: ${error.message}`,
            { file: fileName },
          );
        }
        throw error;
      },
    );
    const opened = await openSource(archive, fileName, options, folder, csvLimits);
    sheet = opened;
    const rows = opened.rows();
    const first = await rows.next();
    if (first.done) {
      throw new DovetailError('CSV_EMPTY', `the sheet "${opened.sheetName}" of ${fileName} is empty`, {
        file: fileName,
      });
    }
    if (first.value.oversized !== undefined) {
      throw new DovetailError(
        'CSV_UNREADABLE',
        `the header row of the sheet "${opened.sheetName}" of ${fileName} is longer than ${formatBytes(csvLimits.maxLineBytes)} (DOVETAIL_MAX_LINE_BYTES)`,
        { file: fileName, line: first.value.line },
      );
    }
    const header = trimTrailingEmpty(first.value.cells);
    checkHeader(header, fileName, first.value.line);
    const shape = { header, sheetName: opened.sheetName, limits: csvLimits };

    async function* records(): AsyncGenerator<CsvRecord> {
      try {
        for await (const row of rows) yield toRecord(row, shape);
      } finally {
        await close();
      }
    }
    return {
      encoding: isOds(archive) ? 'ods' : 'xlsx',
      delimiter: `sheet "${shape.sheetName}"`,
      header,
      records: records(),
      // Progress in the workbook's bytes, in proportion to the sheet's XML read.
      bytesRead: () =>
        opened.sheetBytes > 0
          ? Math.min(totalBytes, Math.round((opened.bytesRead() / opened.sheetBytes) * totalBytes))
          : 0,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

function trimTrailingEmpty(cells: string[]): string[] {
  let end = cells.length;
  while (end > 0 && cells[end - 1]!.trim() === '') end--;
  return cells.slice(0, end).map((cell) => cell.trim());
}

function checkHeader(header: string[], fileName: string, line: number): void {
  const seen = new Set<string>();
  for (const name of header) {
    if (name === '') continue;
    const key = name.toLowerCase();
    if (seen.has(key)) {
      throw new DovetailError(
        'CSV_DUPLICATE_HEADER',
        `${fileName} has the column "${name}" twice in its header`,
        {
          file: fileName,
          line,
          column: name,
        },
      );
    }
    seen.add(key);
  }
}

const isOds = (archive: PackageArchive) =>
  !archive.entries.has('xl/workbook.xml') && archive.entries.has(ODS_CONTENT);

/** The sheet of an Excel workbook or of an OpenDocument spreadsheet, whatever the file's name. */
async function openSource(
  archive: PackageArchive,
  fileName: string,
  options: SheetReadOptions,
  folder: string,
  limits: CsvLimits,
): Promise<SheetSource> {
  if (archive.entries.has('xl/workbook.xml')) {
    return openXlsxSheet(archive, fileName, options.sheet, {
      folder,
      limits,
      sharedStringsMemoryBytes: options.sharedStringsMemoryBytes,
    });
  }
  if (archive.entries.has(ODS_CONTENT)) {
    const mimetype = archive.entries.has('mimetype')
      ? await readSmallEntry(archive, 'mimetype')
      : ODS_MIMETYPE;
    if (mimetype.trim() !== ODS_MIMETYPE) {
      throw new DovetailError(
        'WORKBOOK_UNREADABLE',
        `${fileName} is an OpenDocument file (${mimetype.trim().slice(0, 80)}) but not a spreadsheet: save it as .ods, .xlsx or CSV`,
        { file: fileName },
      );
    }
    return openOdsSheet(archive, fileName, options.sheet, limits);
  }
  throw new DovetailError(
    'WORKBOOK_UNREADABLE',
    `${fileName} is not a spreadsheet (.xlsx or .ods): save it as .xlsx, .ods or CSV`,
    { file: fileName },
  );
}

async function readSmallEntry(archive: PackageArchive, entry: string): Promise<string> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of (await archive.openEntry(entry)) as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    length += chunk.length;
    if (length > 4096) break;
  }
  return Buffer.concat(chunks).toString('utf8', 0, Math.min(length, 4096));
}

interface RecordShape {
  header: readonly string[];
  sheetName: string;
  limits: CsvLimits;
}

/** A sheet row as a CSV record: too many values, a row over the line bound or a value over the value bound refuse it. */
function toRecord(row: SheetRow, shape: RecordShape): CsvRecord {
  const { header, sheetName, limits } = shape;
  if (row.oversized !== undefined) {
    const preview = previewOf(row.oversized);
    return {
      line: row.line,
      values: new Array<string>(header.length).fill(''),
      rawValues: [preview],
      problems: [
        {
          code: 'ROW_LINE_TOO_LONG',
          message: `row ${row.line} of the sheet "${sheetName}" is longer than ${formatBytes(limits.maxLineBytes)} (DOVETAIL_MAX_LINE_BYTES): it is refused and only its first characters are kept here`,
          value: preview,
        },
      ],
    };
  }
  const problems: RowProblem[] = [];
  let cells = row.cells;
  const long = cells.findIndex(
    (cell) => cell.length > limits.maxFieldBytes / 3 && Buffer.byteLength(cell) > limits.maxFieldBytes,
  );
  if (long !== -1) {
    cells = cells.map((cell) => (Buffer.byteLength(cell) > limits.maxFieldBytes ? previewOf(cell) : cell));
    const column = header[long] ?? '';
    problems.push({
      code: 'ROW_FIELD_TOO_LONG',
      message: `the value of cell ${columnLetters(long)}${row.line} of the sheet "${sheetName}" is longer than ${formatBytes(limits.maxFieldBytes)} (DOVETAIL_MAX_FIELD_BYTES); only its first characters are kept here`,
      ...(column !== '' ? { column } : {}),
      value: cells[long]!,
    });
  }
  const values = cells.slice(0, header.length);
  while (values.length < header.length) values.push('');
  const extra = cells.slice(header.length).filter((cell) => cell.trim() !== '');
  if (extra.length > 0) {
    problems.push({
      code: 'ROW_TOO_MANY_VALUES',
      message: `the row has ${extra.length} value${extra.length === 1 ? '' : 's'} to the right of the last column with a header`,
      value: extra[0]!,
    });
  }
  return { line: row.line, values, rawValues: cells, problems };
}
