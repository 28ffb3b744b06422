/**
 * Finds the date format that reads a column's values, with the importer's own date reader, so a
 * format suggested here is one the import accepts. "03/04/1980" fits both DD/MM/YYYY and
 * MM/DD/YYYY: then the values that only one of them reads (13/04/1980) decide, and failing that
 * the file's language (French files write the day first).
 */
import { createDateReader } from '../pipeline/map/parse-date.js';

export const candidateDateFormats = [
  'YYYY-MM-DD',
  'DD/MM/YYYY',
  'MM/DD/YYYY',
  'D/M/YYYY',
  'M/D/YYYY',
  'DD.MM.YYYY',
  'D.M.YYYY',
  'DD-MM-YYYY',
  'MM-DD-YYYY',
  'YYYY/MM/DD',
  'YYYYMMDD',
  'DD/MM/YY',
  'MM/DD/YY',
  'D/M/YY',
  'M/D/YY',
  'DD.MM.YY',
  'DD-MM-YY',
  'D-M-YYYY',
  'M-D-YYYY',
  'DD MM YYYY',
  'YYYY.MM.DD',
] as const;

export interface DateFormatGuess {
  format: string;
  /** Share of the non-empty values it reads. */
  share: number;
  /** Another format reads them as well, with days and months swapped. */
  ambiguousWith?: string;
}

const dayFirst = (format: string) => format.indexOf('D') < format.indexOf('M');

/** The format that reads the most values (at least 90% of them), or undefined. */
export function detectDateFormat(
  values: readonly string[],
  options: { dayFirst?: boolean } = {},
): DateFormatGuess | undefined {
  if (values.length === 0) return undefined;
  const scored = candidateDateFormats
    .map((format) => {
      const read = createDateReader(format);
      return { format, share: values.filter((value) => read(value) !== undefined).length / values.length };
    })
    .filter((candidate) => candidate.share >= 0.9);
  if (scored.length === 0) return undefined;
  const best = Math.max(...scored.map((candidate) => candidate.share));
  // Candidates are listed padded first: "DD/MM/YYYY" wins over "D/M/YYYY" when both read all.
  const top = scored.filter((candidate) => candidate.share === best);
  const preferred =
    top.find(
      (candidate) => options.dayFirst === undefined || dayFirst(candidate.format) === options.dayFirst,
    ) ?? top[0]!;
  const swapped = top.find(
    (candidate) =>
      candidate.format !== preferred.format &&
      dayFirst(candidate.format) !== dayFirst(preferred.format) &&
      candidate.format.replace(/[DM]/g, '') === preferred.format.replace(/[DM]/g, ''),
  );
  return {
    format: preferred.format,
    share: preferred.share,
    ...(swapped ? { ambiguousWith: swapped.format } : {}),
  };
}
