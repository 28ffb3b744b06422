/**
 * The Import Completion report as CSV for people: spreadsheet applications open it, so a cell
 * that starts like a formula is escaped. (A shared escaping CSV writer is being written in
 * src/format; this small function is the report's until the two are unified.)
 */
import { toCsvLine } from '../../format/csv-line.js';
import { type ImportReport, outcomeLabels } from './completion-report.js';
import type { ReportContact } from './report-contacts.js';

/** Characters that make a spreadsheet read a cell as a formula (OWASP's list for CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A cell a spreadsheet shows as text: one starting with = + - @ tab or carriage return gets a
 * leading apostrophe, which spreadsheets hide and which stops the formula.
 *
 * @example spreadsheetCell('=HYPERLINK("x")') // "'=HYPERLINK(\"x\")"
 */
export function spreadsheetCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  // Numbers the report writes itself (-1 never happens, but a negative figure is not a formula).
  if (typeof value === 'number') return text;
  return FORMULA_START.test(text) ? `'${text}` : text;
}

const line = (cells: ReadonlyArray<string | number | null | undefined>) =>
  `${toCsvLine(cells.map(spreadsheetCell))}\r\n`;

/** The report's lines: summary, totals by file, warnings, errors, then every staged contact. */
export async function* completionReportCsv(
  report: ImportReport,
  contacts: AsyncIterable<ReportContact>,
): AsyncGenerator<string> {
  const t = report.totals;
  yield line(['Import Completion Report', report.description]);
  for (const [label, value] of [
    ['Package', report.packageName],
    ['On Behalf Of', report.onBehalfOf],
    ['Submitted By', report.submittedBy],
    ['Created', report.createdAt],
    ['Started', report.startedAt],
    ['Completed', report.completedAt],
    ['Undone', report.undoneAt],
    ['Contacts Staged', t.staged],
    ['Created Contacts', t.created],
    ['Merged Contacts', t.merged],
    ['Discarded', t.discarded],
    ['Not Processed (Discarded At Completion)', t.discardedAtCompletion],
    ['Rows Rejected At Load', t.rowsRejected],
    [
      'Contact List',
      report.contactList ? `${report.contactList.name} (${report.contactList.size} contacts)` : '',
    ],
  ] as const) {
    yield line([label, value]);
  }
  yield '\r\n';
  yield line(['File', 'Staged', 'Created', 'Merged', 'Discarded', 'Not Processed', 'Rows Rejected']);
  for (const file of report.byFile) {
    yield line([
      file.file,
      file.staged,
      file.created,
      file.merged,
      file.discarded,
      file.notProcessed + file.pending,
      file.rowsRejected,
    ]);
  }
  if (report.warnings.length > 0) {
    yield '\r\n';
    yield line(['Warning']);
    for (const warning of report.warnings) yield line([warning]);
  }
  if (report.errors.total > 0) {
    yield '\r\n';
    yield line(['Error File', 'Line', 'Column', 'Value', 'Code', 'Message']);
    for (const error of report.errors.first) {
      yield line([error.file, error.line, error.column, error.value, error.code, error.message]);
    }
    if (report.errors.total > report.errors.first.length) {
      yield line([`… and ${report.errors.total - report.errors.first.length} more in the Error Log`]);
    }
  }
  yield '\r\n';
  yield line(['Name', 'Legacy Key', 'File', 'Line', 'Outcome', 'Contact Id']);
  for await (const contact of contacts) {
    yield line([
      contact.name,
      contact.legacyKey,
      contact.file,
      contact.line,
      outcomeLabels[contact.outcome],
      contact.contactId,
    ]);
  }
}
