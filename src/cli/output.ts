import type { ImportJob } from '../jobs/import-job.js';
import type { ErrorLog } from '../jobs/import-service.js';

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Rows of cells as aligned columns; the first row is the header. */
export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export function formatJobList(jobs: readonly ImportJob[]): string {
  if (jobs.length === 0) return 'No import processes match.';
  return table([
    [
      'ID',
      'Description',
      'On Behalf Of',
      'Stage',
      'Status',
      'Start Date',
      'Staged',
      'Rejected',
      'Errors',
      'Warnings',
    ],
    ...jobs.map((job) => [
      String(job.id),
      job.description,
      job.onBehalfOf,
      job.stage,
      job.status,
      job.startedAt ?? job.createdAt,
      String(job.counts.rowsStaged),
      String(job.counts.rowsRejected),
      String(job.counts.errorCount),
      String(job.counts.warningCount),
    ]),
  ]);
}

export function formatJob(job: ImportJob): string {
  const lines = [
    `Import process ${job.id}`,
    `  Description:   ${job.description}`,
    `  Package:       ${job.packageName}`,
    `  On behalf of:  ${job.onBehalfOf} (submitted by ${job.submittedBy})`,
    `  Stage:         ${job.stage}`,
    `  Status:        ${job.status}${job.status === 'Running' ? ` (${job.progress.percent}%)` : ''}`,
    `  Started:       ${job.startedAt ?? '-'}   Finished: ${job.finishedAt ?? '-'}`,
    `  Rows:          ${job.counts.rowsRead} read, ${job.counts.rowsStaged} staged, ${job.counts.rowsRejected} rejected; ${job.counts.contactsStaged} contacts staged`,
    `  Errors:        ${job.counts.errorCount}`,
    `  Warnings:      ${job.counts.warningCount} (invalid optional values left out, rows imported)`,
  ];
  if (job.identifyDuplicatesBy.length > 0)
    lines.push(`  Identify by:   ${job.identifyDuplicatesBy.join(', ')} (besides the score)`);
  if (job.failure) lines.push(`  Failure:       [${job.failure.code}] ${job.failure.message}`);
  if (job.files.length > 0) {
    lines.push(
      '',
      table([
        ['File', 'Type', 'Encoding', 'Delimiter', 'Read', 'Staged', 'Rejected', 'Warnings'],
        ...job.files.map((file) => [
          file.fileName,
          file.dataType,
          file.encoding ?? '-',
          file.delimiter === '\t' ? 'tab' : (file.delimiter ?? '-'),
          String(file.rowsRead),
          String(file.rowsStaged),
          String(file.rowsRejected),
          String(file.warningCount),
        ]),
      ]).replace(/^/gm, '  '),
    );
  }
  return lines.join('\n');
}

export function formatErrorLog(log: ErrorLog): string {
  const shown = log.errors.length;
  const lines = [
    `Error log of "${log.description}": ${log.errorTotal} error${log.errorTotal === 1 ? '' : 's'}, ` +
      `${log.warningTotal} warning${log.warningTotal === 1 ? '' : 's'}` +
      (shown < log.total ? `; the first ${shown} shown (use --all or --csv for every one)` : ''),
  ];
  for (const error of log.errors) {
    const where = [
      error.file,
      error.line !== null ? `line ${error.line}` : null,
      error.column ? `column "${error.column}"` : null,
    ]
      .filter(Boolean)
      .join(', ');
    const value = error.value !== null && error.value !== '' ? ` (value "${error.value}")` : '';
    const severity = error.severity === 'warning' ? 'warning ' : '';
    lines.push(`${where || 'package'}: ${severity}[${error.code}] ${error.message}${value}`);
  }
  return lines.join('\n');
}
