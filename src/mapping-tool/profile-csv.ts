/**
 * Profiles a CSV for the mapping tool: the encoding and delimiter the importer detects (its own
 * reader does the reading), the header, and per column sample values, distinct values when
 * there are few, and how many values look like emails, phones, dates, numbers, postal codes,
 * countries, yes/no flags or web addresses. Only the first `sampleRows` rows are read.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Delimiter, Encoding } from '../format/package-format.schema.js';
import { openCsv } from '../pipeline/parse/csv-reader.js';
import { type DateFormatGuess, detectDateFormat } from './detect-date-format.js';
import { detectPhoneCountry } from './detect-phone-country.js';
import { looksFrench } from './header-words.js';
import { shapesOf, type ValueShape, valueShapes } from './value-shapes.js';

export interface ColumnProfile {
  column: string;
  /** Position in the header, from 0. */
  index: number;
  nonEmpty: number;
  /** Up to five different values, in the order met. */
  samples: string[];
  /** Every distinct value with its count, when the column has at most DISTINCT_LIMIT of them. */
  distinctValues?: { value: string; count: number }[];
  /** Distinct values counted (stops counting at UNIQUE_LIMIT). */
  distinctCount: number;
  /** Every non-empty value is different: a key candidate. */
  unique: boolean;
  maxLength: number;
  averageLength: number;
  /** Share (0–1) of the non-empty values that have each shape. */
  shapes: Record<ValueShape, number>;
  /** The date format that reads the values, when most of them look like dates. */
  dateFormat?: DateFormatGuess;
  /** For phone numbers written without "+": the country that reads most of them, and its share. */
  phoneCountry?: { country: string; share: number };
}

export interface CsvProfile {
  file: string;
  encoding: string;
  delimiter: string;
  header: string[];
  rowsProfiled: number;
  /** False when the file has more rows than were profiled. */
  complete: boolean;
  /** Rows of the profiled part that break the CSV quoting rules (the import rejects them). */
  malformedRows: number;
  columns: ColumnProfile[];
}

export const DISTINCT_LIMIT = 30;
const UNIQUE_LIMIT = 100_000;

export interface ProfileOptions {
  /** Name the file goes by (defaults to the path's base name). */
  name?: string;
  encoding?: Encoding;
  delimiter?: Delimiter;
  sampleRows?: number;
  /** Hint for dates like 03/04/1980: true when the file is French (day first). */
  dayFirst?: boolean;
}

/** Profiles the CSV at `file`. */
export async function profileCsv(file: string, options: ProfileOptions = {}): Promise<CsvProfile> {
  const name = options.name ?? path.basename(file);
  const csv = await openCsv(fs.createReadStream(file), {
    fileName: name,
    encoding: options.encoding ?? 'auto',
    delimiter: options.delimiter ?? 'auto',
  });
  const limit = options.sampleRows ?? 5000;
  const columns = csv.header.map((column, index) => new ColumnTally(column, index));
  let rows = 0;
  let complete = true;
  let malformedRows = 0;
  for await (const record of csv.records) {
    if (rows >= limit) {
      complete = false;
      break;
    }
    rows++;
    if (record.problems.some((problem) => problem.code === 'ROW_MALFORMED_CSV')) {
      malformedRows++;
      continue;
    }
    for (const tally of columns) tally.add((record.values[tally.index] ?? '').trim());
  }
  return {
    file: name,
    encoding: csv.encoding,
    delimiter: csv.delimiter,
    header: csv.header,
    rowsProfiled: rows,
    complete,
    malformedRows,
    columns: columns.map((tally) => tally.profile(options.dayFirst ?? looksFrench(csv.header))),
  };
}

class ColumnTally {
  private nonEmpty = 0;
  private totalLength = 0;
  private maxLength = 0;
  private readonly counts = new Map<string, number>();
  private readonly shapeCounts = new Map<ValueShape, number>();
  private readonly dateValues: string[] = [];
  private readonly localPhones: string[] = [];

  constructor(
    readonly column: string,
    readonly index: number,
  ) {}

  add(value: string): void {
    if (value === '') return;
    this.nonEmpty++;
    this.totalLength += value.length;
    this.maxLength = Math.max(this.maxLength, value.length);
    if (this.counts.size < UNIQUE_LIMIT || this.counts.has(value)) {
      this.counts.set(value, (this.counts.get(value) ?? 0) + 1);
    }
    // Shapes of the first 1000 values are enough to tell a column's kind.
    if (this.nonEmpty > 1000) return;
    const shapes = shapesOf(value);
    for (const shape of shapes) this.shapeCounts.set(shape, (this.shapeCounts.get(shape) ?? 0) + 1);
    if (shapes.includes('phone') && !/^(\+|00)/.test(value) && this.localPhones.length < 200) {
      this.localPhones.push(value);
    }
    if (this.dateValues.length < 500) this.dateValues.push(value);
  }

  profile(dayFirst: boolean | undefined): ColumnProfile {
    const seen = Math.min(this.nonEmpty, 1000) || 1;
    const shapes = Object.fromEntries(
      valueShapes.map((shape) => [shape, (this.shapeCounts.get(shape) ?? 0) / seen]),
    ) as Record<ValueShape, number>;
    const dateFormat =
      shapes.date >= 0.5
        ? detectDateFormat(this.dateValues, dayFirst === undefined ? {} : { dayFirst })
        : undefined;
    const distinct = [...this.counts.entries()];
    const phoneCountry =
      shapes.phone >= 0.5 ? detectPhoneCountry(this.localPhones, dayFirst ? ['FR'] : ['US']) : undefined;
    return {
      column: this.column,
      index: this.index,
      nonEmpty: this.nonEmpty,
      samples: distinct.slice(0, 5).map(([value]) => value),
      ...(distinct.length <= DISTINCT_LIMIT
        ? {
            distinctValues: distinct
              .map(([value, count]) => ({ value, count }))
              .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value)),
          }
        : {}),
      distinctCount: distinct.length,
      unique: this.nonEmpty > 0 && distinct.length === this.nonEmpty,
      maxLength: this.maxLength,
      averageLength: this.nonEmpty === 0 ? 0 : Math.round((this.totalLength / this.nonEmpty) * 10) / 10,
      shapes,
      ...(dateFormat ? { dateFormat } : {}),
      ...(phoneCountry ? { phoneCountry } : {}),
    };
  }
}
