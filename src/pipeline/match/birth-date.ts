/**
 * Birth dates compared the way data entry gets them wrong: day and month swapped (a US export
 * read as European), one digit or the year off by one, one part mistyped, or plainly different.
 */
export interface BirthDate {
  year: number;
  month: number;
  day: number;
}

/**
 * exact; transposed: day and month swapped; near: one part one slip off (a digit, or the year by
 * one); sameYearAndMonth / sameYearAndDay: the year and one other part agree, the third is
 * plainly different (a mistyped day, the 6th for the 18th); different: anything else, including
 * the same day in another decade (a father and his son).
 */
export type BirthDateAgreement =
  | 'exact'
  | 'transposed'
  | 'near'
  | 'sameYearAndMonth'
  | 'sameYearAndDay'
  | 'different';

/** Reads "YYYY-MM-DD" (what the loader stores); anything else is no birth date. */
export function parseBirthDate(text: string | null | undefined): BirthDate | undefined {
  const found = text ? /^(\d{4})-(\d{2})-(\d{2})/.exec(text.trim()) : null;
  if (!found) return undefined;
  const [year, month, day] = [Number(found[1]), Number(found[2]), Number(found[3])];
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  return { year, month, day };
}

/** Two numbers that differ in one decimal digit (12 ↔ 13, 12 ↔ 22), or by one. */
function oneSlip(first: number, second: number): boolean {
  if (Math.abs(first - second) === 1) return true;
  const a = String(first).padStart(4, '0');
  const b = String(second).padStart(4, '0');
  let differences = 0;
  for (let index = 0; index < a.length; index++) if (a[index] !== b[index]) differences++;
  return differences === 1;
}

/**
 * @example compareBirthDates(parseBirthDate('1980-03-04')!, parseBirthDate('1980-04-03')!) // "transposed"
 * @example compareBirthDates(parseBirthDate('1980-03-04')!, parseBirthDate('1981-03-04')!) // "near"
 */
export function compareBirthDates(first: BirthDate, second: BirthDate): BirthDateAgreement {
  const sameYear = first.year === second.year;
  const sameMonth = first.month === second.month;
  const sameDay = first.day === second.day;
  if (sameYear && sameMonth && sameDay) return 'exact';
  if (sameYear && first.month === second.day && first.day === second.month) return 'transposed';
  const same = Number(sameYear) + Number(sameMonth) + Number(sameDay);
  if (same === 2) {
    // A year off by one, or mistyped in its last digit; 1946 and 1976 are a father and a son.
    if (!sameYear) {
      const close =
        Math.abs(first.year - second.year) === 1 ||
        Math.floor(first.year / 10) === Math.floor(second.year / 10);
      return close ? 'near' : 'different';
    }
    if (!sameMonth) return oneSlip(first.month, second.month) ? 'near' : 'sameYearAndDay';
    return oneSlip(first.day, second.day) ? 'near' : 'sameYearAndMonth';
  }
  return 'different';
}

export function formatBirthDate({ year, month, day }: BirthDate): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
