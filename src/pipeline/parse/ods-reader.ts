/**
 * Reads one sheet of an OpenDocument spreadsheet (.ods, as LibreOffice and Google Sheets save
 * it) as rows of text, streaming content.xml through saxes as it is unzipped: memory stays flat
 * whatever the number of rows. All sheets sit in that one part, one table:table each.
 *
 * A cell gives the text the sheet shows: its text:p paragraphs, which the writing application
 * filled with the value in its number or date format. A cell with a value but no paragraph
 * (written by a program, not an office suite) gives the value itself: the number, the ISO date.
 * Repeated cells and rows (table:number-columns-repeated, table:number-rows-repeated) are
 * expanded only when they hold text: the trailing empty rows and columns that office suites write
 * by the million cost nothing.
 */
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { DovetailError } from '../../errors/dovetail-error.js';
import type { CsvLimits } from '../../format/csv-limits.js';
import type { PackageArchive } from '../package/package-archive.js';
import { formatNumber } from './cell-text.js';
import { CellText, MAX_COLUMNS, RowBuilder, type SheetRow, type SheetSource } from './sheet-source.js';

export const ODS_CONTENT = 'content.xml';

const unreadable = (fileName: string, why: string) =>
  new DovetailError(
    'WORKBOOK_UNREADABLE',
    `${fileName} cannot be read as an OpenDocument spreadsheet: ${why}`,
    {
      file: fileName,
    },
  );

/** A row to hand out `repeat` times (identical consecutive rows are written once, repeated). */
interface ReadyRow {
  row: SheetRow;
  repeat: number;
}

interface OpenCell {
  column: number;
  repeat: number;
  /** Covered cells (hidden under a merged cell) take their columns but show nothing. */
  covered: boolean;
  value: string | undefined;
  paragraphs: number;
}

const attribute = (tag: SaxesTagPlain, name: string): string | undefined => tag.attributes[name];

const count = (tag: SaxesTagPlain, name: string): number => {
  const value = Number(attribute(tag, name) ?? 1);
  return Number.isInteger(value) && value > 0 ? value : 1;
};

/** The value a cell holds, as text, for a cell whose paragraphs are missing. */
function typedValue(tag: SaxesTagPlain): string | undefined {
  switch (attribute(tag, 'office:value-type')) {
    case 'float':
    case 'percentage':
    case 'currency': {
      const number = Number(attribute(tag, 'office:value'));
      return Number.isFinite(number) ? formatNumber(number, 'General') : attribute(tag, 'office:value');
    }
    case 'date': {
      const date = attribute(tag, 'office:date-value');
      return date?.endsWith('T00:00:00') ? date.slice(0, 10) : date;
    }
    case 'time':
      return attribute(tag, 'office:time-value');
    case 'boolean':
      return attribute(tag, 'office:boolean-value') === 'true' ? 'TRUE' : 'FALSE';
    case 'string':
      return attribute(tag, 'office:string-value');
    default:
      return undefined;
  }
}

/**
 * Opens `sheetName` (compared ignoring case), or the first sheet, of an unpacked-on-disk .ods.
 * The sheet's name is known once its table starts: a missing sheet is reported when the rows are
 * read, with the names of the sheets the file has.
 */
export function openOdsSheet(
  archive: PackageArchive,
  fileName: string,
  sheetName: string | undefined,
  limits: CsvLimits,
): SheetSource {
  if (!archive.entries.has(ODS_CONTENT)) throw unreadable(fileName, `it has no ${ODS_CONTENT}`);
  const sheetBytes = archive.entries.get(ODS_CONTENT)?.uncompressedSize ?? 0;
  const wanted = sheetName?.toLowerCase();
  let consumed = 0;
  let shownName = sheetName ?? '';

  async function* rows(): AsyncGenerator<SheetRow> {
    const ready: ReadyRow[] = [];
    const row = new RowBuilder(limits);
    const text = new CellText(limits);
    const sheetNames: string[] = [];
    /** Depth of table:table elements; rows count only in the chosen table, not in tables nested in cells. */
    let tableDepth = 0;
    let inChosen = false;
    let chosenDone = false;
    let rowNumber = 0;
    let rowRepeat = 1;
    let column = 0;
    let cell: OpenCell | undefined;
    /** Inside office:annotation (a comment), whose paragraphs are not the cell's text. */
    let annotationDepth = 0;
    let inParagraph = false;

    const parser = new SaxesParser();
    parser.on('opentag', (tag) => {
      const name = tag.name;
      if (name === 'table:table') {
        tableDepth++;
        if (tableDepth !== 1 || chosenDone) return;
        const tableName = attribute(tag, 'table:name') ?? '';
        sheetNames.push(tableName);
        if (wanted === undefined ? sheetNames.length === 1 : tableName.toLowerCase() === wanted) {
          inChosen = true;
          shownName = tableName;
        }
        return;
      }
      if (!inChosen || tableDepth !== 1) return;
      switch (name) {
        case 'table:table-row':
          rowRepeat = count(tag, 'table:number-rows-repeated');
          row.start(rowNumber + 1);
          column = 0;
          break;
        case 'table:table-cell':
        case 'table:covered-table-cell': {
          const repeat = count(tag, 'table:number-columns-repeated');
          cell = {
            column,
            repeat,
            covered: name === 'table:covered-table-cell',
            value: typedValue(tag),
            paragraphs: 0,
          };
          column += repeat;
          text.take();
          break;
        }
        case 'office:annotation':
          annotationDepth++;
          break;
        case 'text:p':
        case 'text:h':
          if (cell && annotationDepth === 0) {
            if (cell.paragraphs > 0) text.append('\n');
            cell.paragraphs++;
            inParagraph = true;
          }
          break;
        case 'text:s':
          if (inParagraph && annotationDepth === 0)
            text.append(' '.repeat(Math.min(count(tag, 'text:c'), 1024)));
          break;
        case 'text:tab':
          if (inParagraph && annotationDepth === 0) text.append('\t');
          break;
        case 'text:line-break':
          if (inParagraph && annotationDepth === 0) text.append('\n');
          break;
      }
    });
    parser.on('text', (chunk) => {
      // OpenDocument collapses white space in a paragraph's text, as HTML does: repeated spaces,
      // tabs and line breaks are written as text:s, text:tab and text:line-break.
      if (inParagraph && annotationDepth === 0) text.append(chunk.replace(/[ \t\r\n]{2,}|[\t\r\n]/g, ' '));
    });
    parser.on('closetag', (tag) => {
      const name = tag.name;
      if (name === 'table:table') {
        if (tableDepth === 1 && inChosen) {
          inChosen = false;
          chosenDone = true;
        }
        tableDepth--;
        return;
      }
      if (!inChosen || tableDepth !== 1) return;
      switch (name) {
        case 'office:annotation':
          annotationDepth--;
          break;
        case 'text:p':
        case 'text:h':
          if (annotationDepth === 0) inParagraph = false;
          break;
        case 'table:table-cell':
        case 'table:covered-table-cell':
          if (cell) closeCell(cell, text.take());
          cell = undefined;
          break;
        case 'table:table-row': {
          const done = row.end();
          if (done) ready.push({ row: done, repeat: rowRepeat });
          rowNumber += rowRepeat;
          break;
        }
      }
    });

    const closeCell = (closing: OpenCell, paragraphs: string) => {
      if (closing.covered) return;
      const shown = closing.paragraphs > 0 ? paragraphs : (closing.value ?? '');
      if (shown === '') return;
      if (closing.column + closing.repeat > MAX_COLUMNS) {
        throw unreadable(fileName, `row ${rowNumber + 1} has a cell beyond the last column (XFD)`);
      }
      for (let offset = 0; offset < closing.repeat; offset++) row.set(closing.column + offset, shown);
    };

    function* handOut(): Generator<SheetRow> {
      for (const { row: done, repeat } of ready) {
        yield done;
        for (let copy = 1; copy < repeat; copy++) yield { ...done, line: done.line + copy };
      }
      ready.length = 0;
    }

    const decoder = new TextDecoder('utf-8');
    for await (const chunk of (await archive.openEntry(ODS_CONTENT)) as AsyncIterable<Buffer>) {
      consumed += chunk.length;
      parser.write(decoder.decode(chunk, { stream: true }));
      yield* handOut();
      // The chosen sheet is read: the other sheets after it are not needed.
      if (chosenDone) break;
    }
    if (!chosenDone) {
      parser.write(decoder.decode());
      parser.close();
      yield* handOut();
    }
    if (!chosenDone && !inChosen) {
      if (sheetNames.length === 0) throw unreadable(fileName, 'it has no sheets');
      throw new DovetailError(
        'SHEET_NOT_FOUND',
        `${fileName} has no sheet named "${sheetName}" (its sheets: ${sheetNames.map((s) => `"${s}"`).join(', ')})`,
        { file: fileName },
      );
    }
  }

  return {
    get sheetName() {
      return shownName;
    },
    sheetBytes,
    rows,
    bytesRead: () => consumed,
    close: () => {},
  };
}
