/**
 * What the .xlsx and .ods readers share: the sheet they open, the rows they produce, and the
 * bounds that keep a row's memory flat (the CSV line and value bounds, DOVETAIL_MAX_LINE_BYTES and
 * DOVETAIL_MAX_FIELD_BYTES). A row over them comes out marked, with its first characters, and is
 * refused as CSV refuses one (sheet-rows.ts).
 */
import type { CsvLimits } from '../../format/csv-limits.js';
import { PREVIEW_CHARACTERS } from './record-shaper.js';

export interface SheetRow {
  /** The sheet's row number (1-based), what the spreadsheet shows at the left. */
  line: number;
  /** Cell texts from column A on, as the sheet shows them; missing cells are "". */
  cells: string[];
  /**
   * Set when the row's text passed the line bound: its first characters. Its cells are then
   * dropped (empty), as what came after was never kept.
   */
  oversized?: string;
}

export interface SheetSource {
  sheetName: string;
  /** Uncompressed size of the XML the rows come from, for progress. */
  sheetBytes: number;
  rows(): AsyncGenerator<SheetRow>;
  /** Bytes of that XML read so far. */
  bytesRead(): number;
  /** Releases what the reader holds (the shared strings' spill file). */
  close(): void;
}

/** A spreadsheet has at most 16,384 columns (XFD) in Excel and LibreOffice alike. */
export const MAX_COLUMNS = 16_384;

/**
 * The text of one cell, gathered from the XML's text chunks. More than `maxFieldBytes` + 1
 * characters is more than the value bound however it is encoded: only that much is kept, which is
 * enough for the row to be refused with the value's beginning.
 */
export class CellText {
  private parts: string[] = [];
  private length = 0;

  constructor(private readonly limits: CsvLimits) {}

  append(chunk: string): void {
    const room = this.limits.maxFieldBytes + 1 - this.length;
    if (room <= 0) return;
    const kept = chunk.length > room ? chunk.slice(0, room) : chunk;
    this.parts.push(kept);
    this.length += kept.length;
  }

  /** The text gathered, and a fresh start for the next cell. */
  take(): string {
    const text = this.parts.length === 1 ? this.parts[0]! : this.parts.join('');
    this.parts = [];
    this.length = 0;
    return text;
  }
}

/** Builds one row from its cells, keeping no more than the line bound of it. */
export class RowBuilder {
  private cells: string[] = [];
  private bytes = 0;
  private oversized: string | undefined;
  private filled = false;
  private line = 0;

  constructor(private readonly limits: CsvLimits) {}

  start(line: number): void {
    this.cells = [];
    this.bytes = 0;
    this.oversized = undefined;
    this.filled = false;
    this.line = line;
  }

  /** Sets the cell at `column` (0-based); empty texts are left out. */
  set(column: number, text: string): void {
    if (text === '' || this.oversized !== undefined) return;
    if (!this.filled && text.trim() !== '') this.filled = true;
    // A separator between cells, as the row would have in CSV.
    this.bytes += Buffer.byteLength(text, 'utf8') + 1;
    this.cells[column] = text;
    if (this.bytes - 1 > this.limits.maxLineBytes) {
      const joined = Array.from(this.cells.slice(0, column + 1), (cell) => cell ?? '').join(',');
      this.oversized = joined.slice(0, PREVIEW_CHARACTERS + 1);
      this.cells = [];
    }
  }

  /** The row, or undefined when it has no text (rows with only formatting are skipped). */
  end(): SheetRow | undefined {
    if (!this.filled) return undefined;
    const row: SheetRow = { line: this.line, cells: Array.from(this.cells, (cell) => cell ?? '') };
    if (this.oversized !== undefined) row.oversized = this.oversized;
    return row;
  }
}

/** 0 → "A", 27 → "AB": the column's letters, to name a cell as the spreadsheet does. */
export function columnLetters(column: number): string {
  let letters = '';
  for (let rest = column + 1; rest > 0; rest = Math.floor((rest - 1) / 26)) {
    letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  }
  return letters;
}
