/**
 * The Import Completion report as a PDF to file or print: the summary, totals by file, warnings,
 * the first errors and every staged contact with what it became. Written a page at a time into
 * the returned stream (nothing waits for the whole document), in DejaVu Sans, embedded: pdfkit's
 * built-in Helvetica prints only Latin-1, and contact names are Polish, Greek, Cyrillic, Turkish …
 */
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { type ImportReport, outcomeLabels } from './completion-report.js';
import type { ReportContact } from './report-contacts.js';

const MARGIN = 48;

const fontFile = (name: string) => createRequire(import.meta.url).resolve(`dejavu-fonts-ttf/ttf/${name}`);
const BODY = 'DejaVuSans';
const BOLD = 'DejaVuSans-Bold';

type Cell = string | number | null | undefined;

/** Writes the report into a new PDF document and ends it; the caller pipes the document out. */
export function completionReportPdf(
  report: ImportReport,
  contacts: AsyncIterable<ReportContact>,
): PDFKit.PDFDocument {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    info: { Title: `Import Completion Report: ${report.description}`, Author: 'Dovetail' },
  });
  doc.registerFont(BODY, fontFile('DejaVuSans.ttf'));
  doc.registerFont(BOLD, fontFile('DejaVuSans-Bold.ttf'));
  void write(doc, report, contacts).catch((error: unknown) => doc.emit('error', error));
  return doc;
}

async function write(doc: PDFKit.PDFDocument, report: ImportReport, contacts: AsyncIterable<ReportContact>) {
  const t = report.totals;
  doc.font(BOLD).fontSize(16).text(`Import Completion Report: ${report.description}`);
  doc.moveDown(0.5);
  doc.font(BODY).fontSize(10);
  for (const [label, value] of [
    ['Package', report.packageName],
    ['On behalf of', report.onBehalfOf],
    ['Submitted by', report.submittedBy],
    ['Created', report.createdAt],
    ['Started', report.startedAt ?? '—'],
    ['Completed', report.completedAt ?? '—'],
    ...(report.undoneAt ? [['Undone', report.undoneAt]] : []),
    [
      'Contact list',
      report.contactList ? `${report.contactList.name} (${report.contactList.size} contacts)` : '—',
    ],
  ]) {
    row(doc, [label, value], [120, 380]);
  }

  heading(doc, 'Totals');
  const widths = [150, 55, 55, 55, 60, 70, 55];
  row(doc, ['File', 'Staged', 'Created', 'Merged', 'Discarded', 'Not processed', 'Rejected'], widths, true);
  for (const file of report.byFile) {
    row(
      doc,
      [
        file.file,
        file.staged,
        file.created,
        file.merged,
        file.discarded,
        file.notProcessed + file.pending,
        file.rowsRejected,
      ],
      widths,
    );
  }
  row(
    doc,
    [
      'All files',
      t.staged,
      t.created,
      t.merged,
      t.discarded,
      t.discardedAtCompletion + t.unprocessed,
      t.rowsRejected,
    ],
    widths,
    true,
  );

  if (report.warnings.length > 0) {
    heading(doc, 'Warnings');
    for (const warning of report.warnings) doc.text(`• ${warning}`, MARGIN);
  }
  if (report.errors.total > 0) {
    heading(doc, `Errors (${report.errors.total})`);
    for (const error of report.errors.first) {
      doc.text(
        `${error.file ?? 'package'}${error.line ? ` line ${error.line}` : ''}${error.column ? `, ${error.column}` : ''}: ${error.message}`,
        MARGIN,
      );
    }
    if (report.errors.total > report.errors.first.length) {
      doc.text(`… and ${report.errors.total - report.errors.first.length} more in the Error Log.`, MARGIN);
    }
  }

  heading(doc, 'Staged contacts');
  const contactWidths = [170, 70, 120, 140];
  row(doc, ['Name', 'Legacy key', 'File, line', 'Outcome'], contactWidths, true);
  for await (const contact of contacts) {
    row(
      doc,
      [contact.name, contact.legacyKey, `${contact.file}, ${contact.line}`, outcomeLabels[contact.outcome]],
      contactWidths,
    );
  }
  doc.end();
}

function heading(doc: PDFKit.PDFDocument, text: string) {
  doc.moveDown(1);
  doc.font(BOLD).fontSize(12).text(text, MARGIN);
  doc.font(BODY).fontSize(10).moveDown(0.3);
}

/** One line of a table: cells side by side, cut to their column; a new page when the page is full. */
function row(doc: PDFKit.PDFDocument, cells: Cell[], widths: number[], bold = false) {
  const height = 14;
  if (doc.y + height > doc.page.height - MARGIN) doc.addPage();
  const y = doc.y;
  doc.font(bold ? BOLD : BODY);
  let x = MARGIN;
  cells.forEach((cell, index) => {
    const width = widths[index] ?? 80;
    doc.text(cell === null || cell === undefined ? '' : String(cell), x, y, {
      width: width - 6,
      height,
      lineBreak: false,
      ellipsis: true,
    });
    x += width;
  });
  doc.font(BODY);
  doc.x = MARGIN;
  doc.y = y + height;
}
