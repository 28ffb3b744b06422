/**
 * Reads one sheet of an Excel workbook (.xlsx) as rows of text, streaming: the sheet's XML is
 * parsed as it is unzipped, so memory stays flat whatever the number of rows. The shared strings
 * (every distinct text of the workbook) are packed as UTF-8 bytes, and past a bound moved to a
 * file in the reader's private folder (packed-strings.ts), so memory stays flat whatever their
 * number too.
 *
 * The workbook is a ZIP, so it goes through the same guarded reader as packages
 * (package-archive.ts): entry count, sizes, compression ratio and the bytes really produced are
 * checked before and while anything is unpacked.
 */
import path from 'node:path';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { DovetailError } from '../../errors/dovetail-error.js';
import type { CsvLimits } from '../../format/csv-limits.js';
import type { PackageArchive } from '../package/package-archive.js';
import { formatDate, formatNumber, isDateFormat, numberFormatCode, serialToDate } from './cell-text.js';
import { PackedStrings } from './packed-strings.js';
import { CellText, MAX_COLUMNS, RowBuilder, type SheetRow, type SheetSource } from './sheet-source.js';

const MAX_PART_BYTES = 32 * 1024 ** 2;

export interface XlsxReadOptions {
  /** The reader's private folder: the shared strings move to a file there past `memoryBytes`. */
  folder: string;
  /** The line and value bounds rows are held to. */
  limits: CsvLimits;
  /** Bytes of shared strings held in memory at most (default SHARED_STRINGS_MEMORY_BYTES). */
  sharedStringsMemoryBytes?: number | undefined;
}

/** Shared strings beyond this many bytes of text are read from disk. */
export const SHARED_STRINGS_MEMORY_BYTES = 16 * 1024 ** 2;

interface WorkbookPart {
  sheets: { name: string; target: string }[];
  date1904: boolean;
}

interface CellStyles {
  /** Per cell style index: the number format code, and whether it shows a date. */
  formats: { code: string; date: boolean }[];
}

const unreadable = (fileName: string, why: string) =>
  new DovetailError('WORKBOOK_UNREADABLE', `${fileName} cannot be read as an Excel workbook: ${why}`, {
    file: fileName,
  });

/** Parses an XML part with saxes, feeding it chunk by chunk. */
async function parseXml(
  archive: PackageArchive,
  entry: string,
  maxBytes: number,
  handlers: {
    open?: (tag: SaxesTagPlain) => void;
    text?: (text: string) => void;
    close?: (tag: SaxesTagPlain) => void;
  },
): Promise<void> {
  const parser = new SaxesParser();
  if (handlers.open) parser.on('opentag', handlers.open);
  if (handlers.text) parser.on('text', handlers.text);
  if (handlers.close) parser.on('closetag', handlers.close);
  const decoder = new TextDecoder('utf-8');
  let total = 0;
  for await (const chunk of (await archive.openEntry(entry)) as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > maxBytes) throw unreadable(archive.path, `${entry} unpacks to more than ${maxBytes} bytes`);
    parser.write(decoder.decode(chunk, { stream: true }));
  }
  parser.write(decoder.decode());
  parser.close();
}

const localName = (name: string) => name.slice(name.indexOf(':') + 1);

async function readWorkbookPart(archive: PackageArchive, fileName: string): Promise<WorkbookPart> {
  const sheets: { name: string; id: string }[] = [];
  let date1904 = false;
  await parseXml(archive, 'xl/workbook.xml', MAX_PART_BYTES, {
    open(tag) {
      const name = localName(tag.name);
      if (name === 'workbookPr')
        date1904 = tag.attributes.date1904 === '1' || tag.attributes.date1904 === 'true';
      if (name === 'sheet') {
        const id = Object.entries(tag.attributes).find(([key]) => localName(key) === 'id')?.[1];
        sheets.push({ name: tag.attributes.name ?? '', id: id ?? '' });
      }
    },
  });
  const targets = new Map<string, string>();
  if (archive.entries.has('xl/_rels/workbook.xml.rels')) {
    await parseXml(archive, 'xl/_rels/workbook.xml.rels', MAX_PART_BYTES, {
      open(tag) {
        if (localName(tag.name) === 'Relationship')
          targets.set(tag.attributes.Id ?? '', tag.attributes.Target ?? '');
      },
    });
  }
  if (sheets.length === 0) throw unreadable(fileName, 'it has no sheets');
  return {
    date1904,
    sheets: sheets.map((sheet, index) => {
      const target = targets.get(sheet.id) ?? `worksheets/sheet${index + 1}.xml`;
      return { name: sheet.name, target: target.startsWith('/') ? target.slice(1) : `xl/${target}` };
    }),
  };
}

async function readStyles(archive: PackageArchive): Promise<CellStyles> {
  const custom = new Map<number, string>();
  const formats: CellStyles['formats'] = [];
  if (!archive.entries.has('xl/styles.xml')) return { formats };
  let inCellXfs = false;
  await parseXml(archive, 'xl/styles.xml', MAX_PART_BYTES, {
    open(tag) {
      const name = localName(tag.name);
      if (name === 'numFmt')
        custom.set(Number(tag.attributes.numFmtId), tag.attributes.formatCode ?? 'General');
      else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) {
        const code = numberFormatCode(Number(tag.attributes.numFmtId ?? 0), custom);
        formats.push({ code, date: isDateFormat(code) });
      }
    },
    close(tag) {
      if (localName(tag.name) === 'cellXfs') inCellXfs = false;
    },
  });
  return { formats };
}

/**
 * Every shared string, in order. Phonetic runs (rPh) are not part of the text a cell shows. A
 * string longer than the value bound keeps only its beginning: a cell showing it is refused.
 */
async function readSharedStrings(
  archive: PackageArchive,
  fileName: string,
  options: XlsxReadOptions,
): Promise<PackedStrings> {
  const strings = new PackedStrings(
    path.join(options.folder, 'shared-strings.bin'),
    options.sharedStringsMemoryBytes ?? SHARED_STRINGS_MEMORY_BYTES,
  );
  const name = ['xl/sharedStrings.xml', 'xl/SharedStrings.xml'].find((candidate) =>
    archive.entries.has(candidate),
  );
  if (!name) return strings;
  const text = new CellText(options.limits);
  let inItem = false;
  let inText = false;
  let inPhonetic = false;
  try {
    await parseXml(archive, name, Number.POSITIVE_INFINITY, {
      open(tag) {
        const local = localName(tag.name);
        if (local === 'si') inItem = true;
        else if (local === 'rPh') inPhonetic = true;
        else if (local === 't' && !inPhonetic) inText = true;
      },
      text(chunk) {
        if (inText && inItem) text.append(chunk);
      },
      close(tag) {
        const local = localName(tag.name);
        if (local === 'si') {
          if (!strings.push(text.take()))
            throw unreadable(fileName, 'its shared strings hold more than 4 GiB of text');
          inItem = false;
        } else if (local === 'rPh') inPhonetic = false;
        else if (local === 't') inText = false;
      },
    });
    strings.finish();
    return strings;
  } catch (error) {
    strings.close();
    throw error;
  }
}

/** "BC12" → 54 (0-based column of a cell reference). */
function columnOf(reference: string | undefined): number | undefined {
  if (!reference) return undefined;
  let column = 0;
  for (const char of reference) {
    const code = char.charCodeAt(0);
    if (code >= 65 && code <= 90) column = column * 26 + (code - 64);
    else if (code >= 97 && code <= 122) column = column * 26 + (code - 96);
    else break;
  }
  return column > 0 ? column - 1 : undefined;
}

/** Opens the sheet of an unpacked-on-disk workbook: `sheetName`, or the first sheet. */
export async function openXlsxSheet(
  archive: PackageArchive,
  fileName: string,
  sheetName: string | undefined,
  options: XlsxReadOptions,
): Promise<SheetSource> {
  const workbook = await readWorkbookPart(archive, fileName);
  const sheet =
    sheetName === undefined
      ? workbook.sheets[0]!
      : workbook.sheets.find((candidate) => candidate.name.toLowerCase() === sheetName.toLowerCase());
  if (!sheet) {
    throw new DovetailError(
      'SHEET_NOT_FOUND',
      `${fileName} has no sheet named "${sheetName}" (its sheets: ${workbook.sheets.map((s) => `"${s.name}"`).join(', ')})`,
      { file: fileName },
    );
  }
  if (!archive.entries.has(sheet.target)) throw unreadable(fileName, `the sheet "${sheet.name}" is missing`);
  const styles = await readStyles(archive);
  const shared = await readSharedStrings(archive, fileName, options);
  const sheetBytes = archive.entries.get(sheet.target)?.uncompressedSize ?? 0;
  let consumed = 0;

  async function* rows(): AsyncGenerator<SheetRow> {
    const ready: SheetRow[] = [];
    const row = new RowBuilder(options.limits);
    const text = new CellText(options.limits);
    let rowNumber = 0;
    let cell: { column: number; type: string; style: number } | undefined;
    let collecting = false;
    let nextColumn = 0;

    const cellText = (raw: string): string => {
      if (!cell) return raw;
      switch (cell.type) {
        case 's':
          return shared.get(Number(raw)) ?? '';
        case 'inlineStr':
        case 'str':
        case 'e':
          return raw;
        case 'b':
          return raw === '1' ? 'TRUE' : 'FALSE';
        case 'd':
          return raw;
        default: {
          if (raw === '') return '';
          const number = Number(raw);
          if (!Number.isFinite(number)) return raw;
          const format = styles.formats[cell.style];
          if (format?.date) return formatDate(serialToDate(number, workbook.date1904), format.code);
          return formatNumber(number, format?.code ?? 'General');
        }
      }
    };

    const parser = new SaxesParser();
    parser.on('opentag', (tag) => {
      switch (localName(tag.name)) {
        case 'row':
          rowNumber = tag.attributes.r ? Number(tag.attributes.r) : rowNumber + 1;
          row.start(rowNumber);
          nextColumn = 0;
          break;
        case 'c': {
          const column = columnOf(tag.attributes.r) ?? nextColumn;
          if (column >= MAX_COLUMNS) {
            throw unreadable(fileName, `row ${rowNumber} has a cell beyond Excel's last column`);
          }
          cell = { column, type: tag.attributes.t ?? 'n', style: Number(tag.attributes.s ?? 0) };
          nextColumn = column + 1;
          text.take();
          break;
        }
        case 'v':
        case 't':
          // A value, or an inline string's text: <c t="inlineStr"><is><t>text</t></is></c>
          if (cell) collecting = true;
          break;
      }
    });
    parser.on('text', (chunk) => {
      if (collecting) text.append(chunk);
    });
    parser.on('closetag', (tag) => {
      switch (localName(tag.name)) {
        case 'v':
        case 't':
          collecting = false;
          break;
        case 'c':
          if (cell) row.set(cell.column, cellText(text.take()));
          cell = undefined;
          break;
        case 'row': {
          const done = row.end();
          if (done) ready.push(done);
          break;
        }
      }
    });

    const decoder = new TextDecoder('utf-8');
    for await (const chunk of (await archive.openEntry(sheet!.target)) as AsyncIterable<Buffer>) {
      consumed += chunk.length;
      parser.write(decoder.decode(chunk, { stream: true }));
      for (const done of ready) yield done;
      ready.length = 0;
    }
    parser.write(decoder.decode());
    parser.close();
    for (const done of ready) yield done;
    ready.length = 0;
  }

  return { sheetName: sheet.name, sheetBytes, rows, bytesRead: () => consumed, close: () => shared.close() };
}
