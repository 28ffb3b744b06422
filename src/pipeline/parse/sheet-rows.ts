/**
 * A spreadsheet as the CSV reader's CsvFile: the workbook (a ZIP) is written to a private temp
 * folder, read through the guarded archive reader, and the chosen sheet's rows come out as
 * records with the same locations as CSV (line = the sheet's row number, column = header).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DovetailError, type RowProblem } from '../../errors/dovetail-error.js';
import { type ArchiveLimits, defaultArchiveLimits, openPackageArchive } from '../package/package-archive.js';
import type { CsvFile, CsvRecord } from './csv-reader.js';
import { openXlsxSheet } from './xlsx-reader.js';

export interface SheetRow {
  /** The sheet's row number (1-based), what Excel shows at the left. */
  line: number;
  /** Cell texts from column A on, as the sheet shows them; missing cells are "". */
  cells: string[];
}

export interface SheetReadOptions {
  fileName: string;
  /** The sheet to read; the first one when absent. */
  sheet?: string | undefined;
  limits?: ArchiveLimits | undefined;
}

/** Reads a workbook from `source` (the bytes of a .xlsx file). */
export async function openSheet(source: Readable, options: SheetReadOptions): Promise<CsvFile> {
  const { fileName } = options;
  const folder = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'dovetail-sheet-'));
  const remove = () => fs.promises.rm(folder, { recursive: true, force: true });
  const workbookPath = path.join(folder, path.basename(fileName) || 'workbook.xlsx');
  let archive: Awaited<ReturnType<typeof openPackageArchive>> | undefined;
  const close = async () => {
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
            `${fileName} starts like an Excel workbook (.xlsx) but cannot be read as one: ${error.message}`,
            { file: fileName },
          );
        }
        throw error;
      },
    );
    if (!archive.entries.has('xl/workbook.xml')) {
      throw new DovetailError(
        'WORKBOOK_UNREADABLE',
        `${fileName} is not an Excel workbook (.xlsx): save it as .xlsx or as CSV`,
        { file: fileName },
      );
    }
    const sheet = await openXlsxSheet(archive, fileName, options.sheet);
    const rows = sheet.rows();
    const first = await rows.next();
    if (first.done) {
      throw new DovetailError('CSV_EMPTY', `the sheet "${sheet.sheetName}" of ${fileName} is empty`, {
        file: fileName,
      });
    }
    const header = trimTrailingEmpty(first.value.cells);
    checkHeader(header, fileName, first.value.line);

    async function* records(): AsyncGenerator<CsvRecord> {
      try {
        for await (const row of rows) yield toRecord(row, header);
      } finally {
        await close();
      }
    }
    return {
      encoding: 'xlsx',
      delimiter: `sheet "${sheet.sheetName}"`,
      header,
      records: records(),
      // Progress in the workbook's bytes, in proportion to the sheet's XML read.
      bytesRead: () =>
        sheet.sheetBytes > 0
          ? Math.min(totalBytes, Math.round((sheet.bytesRead() / sheet.sheetBytes) * totalBytes))
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

function toRecord(row: SheetRow, header: readonly string[]): CsvRecord {
  const problems: RowProblem[] = [];
  const values = row.cells.slice(0, header.length);
  while (values.length < header.length) values.push('');
  const extra = row.cells.slice(header.length).filter((cell) => cell.trim() !== '');
  if (extra.length > 0) {
    problems.push({
      code: 'ROW_TOO_MANY_VALUES',
      message: `the row has ${extra.length} value${extra.length === 1 ? '' : 's'} to the right of the last column with a header`,
      value: extra[0]!,
    });
  }
  return { line: row.line, values, rawValues: row.cells, problems };
}
