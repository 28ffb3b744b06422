/**
 * The Import Completion report as CSV for people: spreadsheet applications open it, so a cell
 * that starts like a formula is escaped (src/format/people-csv.ts).
 */
import { toPeopleCsvLine } from '../../format/people-csv.js';
import { type ImportReport, outcomeLabels } from './completion-report.js';
import type { ReportContact } from './report-contacts.js';

const line = (cells: ReadonlyArray<string | number | null | undefined>) => `${toPeopleCsvLine(cells)}\r\n`;

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
