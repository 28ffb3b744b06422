/**
 * Columns the package builder adds to a contact file because no single source column holds the
 * value: the generated key of a file without a usable key column, and a birth date split over
 * year, month and day columns (Thunderbird's "Birth Year", "Birth Month", "Birth Day").
 *
 * The generated key is a hash of the row's content, so the same row of the same export gets the
 * same key on every build (re-importing the file is recognised as the same contacts), whatever
 * line it is on. Rule for exact duplicate rows: the n-th copy of a row (n ≥ 2, counted from the
 * top of the file) gets "-n" after the hash, so every row lands and a re-import of the same file
 * gives every copy its key again.
 */
import { createHash } from 'node:crypto';
import type { FilePlan } from './mapping-plan.js';

export const GENERATED_KEY_COLUMN = 'Dovetail Key';
export const COMPOSED_BIRTH_DATE_COLUMN = 'Dovetail Birth Date';

/** A plan target that is one part of a value put together from several columns. */
const composedPart = /^(birthDate)#(year|month|day)$/;

export function isComposedTarget(target: string): boolean {
  return composedPart.test(target);
}

/** Gives each row its content key; keeps the count of rows seen per content. */
export class RowKeys {
  private readonly seen = new Map<string, number>();

  constructor(private readonly stem: string) {}

  next(values: readonly string[]): string {
    const content = values.map((value) => value.trim()).join('\u001f');
    const hash = createHash('sha256').update(content).digest('hex').slice(0, 16);
    const count = (this.seen.get(hash) ?? 0) + 1;
    this.seen.set(hash, count);
    return count === 1 ? `${this.stem}-${hash}` : `${this.stem}-${hash}-${count}`;
  }
}

export function keyStem(file: string): string {
  return file.replace(/\.[^./]+$/, '').replace(/^.*\//, '');
}

export interface ComposedColumn {
  name: string;
  attribute: string;
  dateFormat?: string;
  valueOf(values: readonly string[]): string;
}

/**
 * The composed columns of a file plan. A birth date needs its year, month and day: a row
 * without a year (Thunderbird allows birthdays without one) gets no birth date, since Dovetail
 * keeps whole dates only. Parts that are not numbers are passed as written, so the import
 * reports them at the composed column.
 */
export function composedColumnsOf(plan: FilePlan, header: readonly string[]): ComposedColumn[] {
  const parts = new Map<string, number>();
  for (const column of plan.columns) {
    const match = composedPart.exec(column.target);
    const index = header.indexOf(column.column);
    if (match && index !== -1) parts.set(match[2]!, index);
  }
  const year = parts.get('year');
  const month = parts.get('month');
  const day = parts.get('day');
  if (year === undefined || month === undefined || day === undefined) return [];
  const pad = (text: string) => (/^\d$/.test(text) ? `0${text}` : text);
  return [
    {
      name: COMPOSED_BIRTH_DATE_COLUMN,
      attribute: 'birthDate',
      dateFormat: 'YYYY-MM-DD',
      valueOf: (values) => {
        const y = (values[year] ?? '').trim();
        const m = (values[month] ?? '').trim();
        const d = (values[day] ?? '').trim();
        return y === '' || m === '' || d === '' ? '' : `${y}-${pad(m)}-${pad(d)}`;
      },
    },
  ];
}
