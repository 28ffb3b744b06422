/**
 * Reads one sheet of an Excel workbook (.xlsx) as rows of text, streaming: the sheet's XML is
 * parsed as it is unzipped, so memory stays flat whatever the number of rows. Only the shared
 * strings table (every distinct text of the workbook) is held in memory, bounded by its size.
 *
 * The workbook is a ZIP, so it goes through the same guarded reader as packages
 * (package-archive.ts): entry count, sizes, compression ratio and the bytes really produced are
 * checked before and while anything is unpacked.
 */
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { DovetailError } from '../../errors/dovetail-error.js';
import type { PackageArchive } from '../package/package-archive.js';
import { formatDate, formatNumber, isDateFormat, numberFormatCode, serialToDate } from './cell-text.js';
import type { SheetRow } from './sheet-rows.js';

/** Excel's own limits: a sheet has at most 16,384 columns and a cell at most 32,767 characters. */
const MAX_COLUMNS = 16_384;
const MAX_CELL_CHARACTERS = 32_767;
/** The shared strings are held in memory: their XML may unpack to at most this. */
export const MAX_SHARED_STRINGS_BYTES = 512 * 1024 ** 2;
const MAX_PART_BYTES = 32 * 1024 ** 2;

interface WorkbookPart {
  sheets: { name: string; target: string }[];
  date1904: boolean;
}

interface CellStyles {
  /** Per cell style index: the number format code, and whether it shows a date. */
  formats: { code: string; date: boolean }[];
}

export interface XlsxSheet {
  sheetName: string;
  /** Uncompressed size of the sheet's XML, for progress. */
  sheetBytes: number;
  rows(): AsyncGenerator<SheetRow>;
  /** Bytes of the sheet's XML read so far. */
  bytesRead(): number;
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

/** Every shared string, in order. Phonetic runs (rPh) are not part of the text a cell shows. */
async function readSharedStrings(archive: PackageArchive): Promise<string[]> {
  const strings: string[] = [];
  const name = ['xl/sharedStrings.xml', 'xl/SharedStrings.xml'].find((candidate) =>
    archive.entries.has(candidate),
  );
  if (!name) return strings;
  let current: string[] | undefined;
  let inText = false;
  let inPhonetic = false;
  await parseXml(archive, name, MAX_SHARED_STRINGS_BYTES, {
    open(tag) {
      const local = localName(tag.name);
      if (local === 'si') current = [];
      else if (local === 'rPh') inPhonetic = true;
      else if (local === 't' && !inPhonetic) inText = true;
    },
    text(text) {
      if (inText && current) current.push(text);
    },
    close(tag) {
      const local = localName(tag.name);
      if (local === 'si') {
        strings.push((current ?? []).join(''));
        current = undefined;
      } else if (local === 'rPh') inPhonetic = false;
      else if (local === 't') inText = false;
    },
  });
  return strings;
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
): Promise<XlsxSheet> {
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
  const shared = await readSharedStrings(archive);
  const sheetBytes = archive.entries.get(sheet.target)?.uncompressedSize ?? 0;
  let consumed = 0;

  async function* rows(): AsyncGenerator<SheetRow> {
    const ready: SheetRow[] = [];
    let values: string[] = [];
    let rowNumber = 0;
    let cell: { column: number; type: string; style: number } | undefined;
    let text: string[] = [];
    let collecting = false;
    let inlineText = false;
    let nextColumn = 0;

    const cellText = (raw: string): string => {
      if (!cell) return raw;
      switch (cell.type) {
        case 's':
          return shared[Number(raw)] ?? '';
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
          values = [];
          nextColumn = 0;
          break;
        case 'c': {
          const column = columnOf(tag.attributes.r) ?? nextColumn;
          if (column >= MAX_COLUMNS) {
            throw unreadable(fileName, `row ${rowNumber} has a cell beyond Excel's last column`);
          }
          cell = { column, type: tag.attributes.t ?? 'n', style: Number(tag.attributes.s ?? 0) };
          nextColumn = column + 1;
          text = [];
          break;
        }
        case 'v':
          collecting = true;
          break;
        case 't':
          // Inline strings: <c t="inlineStr"><is><t>text</t></is></c>
          if (cell) inlineText = true;
          break;
      }
    });
    parser.on('text', (chunk) => {
      if (!(collecting || inlineText)) return;
      text.push(chunk);
      if (text.length > 64 && text.join('').length > MAX_CELL_CHARACTERS * 4) {
        throw unreadable(fileName, `row ${rowNumber} has a cell longer than Excel allows`);
      }
    });
    parser.on('closetag', (tag) => {
      switch (localName(tag.name)) {
        case 'v':
          collecting = false;
          break;
        case 't':
          inlineText = false;
          break;
        case 'c':
          if (cell) {
            const value = cellText(text.join(''));
            if (value !== '') values[cell.column] = value;
          }
          cell = undefined;
          break;
        case 'row':
          // Empty rows (formatting only) are skipped, as in CSV.
          if (values.some((value) => value !== undefined && value.trim() !== '')) {
            ready.push({ line: rowNumber, cells: Array.from(values, (value) => value ?? '') });
          }
          break;
      }
    });

    const decoder = new TextDecoder('utf-8');
    for await (const chunk of (await archive.openEntry(sheet!.target)) as AsyncIterable<Buffer>) {
      consumed += chunk.length;
      parser.write(decoder.decode(chunk, { stream: true }));
      while (ready.length > 0) yield ready.shift()!;
    }
    parser.write(decoder.decode());
    parser.close();
    while (ready.length > 0) yield ready.shift()!;
  }

  return { sheetName: sheet.name, sheetBytes, rows, bytesRead: () => consumed };
}
