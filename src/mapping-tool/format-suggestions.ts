/** The readable summary of `dovetail mapping suggest`: one table per file. */
import { isContactDataType } from '../format/attributes.js';
import { GENERATED_KEY_COLUMN } from './composed-columns.js';
import type { FileSuggestion } from './suggest-file-mapping.js';

export function formatSuggestions(files: readonly FileSuggestion[]): string {
  return files.map(formatFile).join('\n\n');
}

function formatFile(file: FileSuggestion): string {
  const { profile, dataType, plan } = file;
  const delimiter = profile.delimiter === '\t' ? 'tab' : profile.delimiter;
  const lines = [
    `${profile.file}: ${dataType.dataType} (confidence ${dataType.confidence}: ${dataType.reason})`,
    `  ${profile.encoding}, delimiter "${delimiter}", ${profile.rowsProfiled}${profile.complete ? '' : '+'} rows read; ` +
      `date format ${plan.dateFormat}; phone numbers without "+" read as ${plan.defaultCountry}` +
      (file.fromTemplate ? `; from the template's "${file.fromTemplate}"` : ''),
  ];
  if (profile.malformedRows > 0) {
    lines.push(
      `  ${profile.malformedRows} of the rows read break the CSV quoting rules: the import will reject them`,
    );
  }
  if (isContactDataType(plan.dataType) && !plan.keyColumn) {
    lines.push(
      `  No column holds a key filled and different on every row: the package gets a column "${GENERATED_KEY_COLUMN}" ` +
        'holding a hash of each row (the same row gets the same key on every build; the n-th copy of an identical row gets "-n")',
    );
  }
  lines.push('');
  const rows = [
    ['Column', 'Sample', 'Target', 'Conf.', 'Why'],
    ...file.columns.map((column) => [
      column.column,
      truncate(column.samples[0] ?? '', 24),
      column.target ?? '(not imported)',
      column.target === null ? '' : column.confidence.toFixed(2),
      [
        column.reason,
        column.lookup
          ? `lookup ${Object.entries(column.lookup)
              .map(([from, to]) => `${from}→${to}`)
              .join(', ')}`
          : '',
        column.unknownCodes
          ? `no translation for ${column.unknownCodes.map((code) => `"${code}"`).join(', ')}`
          : '',
        column.dateFormat ? `dates ${column.dateFormat}` : '',
      ]
        .filter(Boolean)
        .join('; '),
    ]),
  ];
  lines.push(...table(rows).map((line) => `  ${line}`));
  return lines.join('\n');
}

function truncate(text: string, width: number): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat;
}

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return rows.map((row) =>
    row
      .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!)))
      .join('  ')
      .trimEnd(),
  );
}
