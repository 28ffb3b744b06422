#!/usr/bin/env node
/**
 * Fingerprints what Load wrote for one job of a SQLite database: every staging table, the
 * error log and the per-file counts, each as a SHA-256 of its rows in id order. Two builds that
 * load the same package into fresh databases must print the same lines; a change to the Load
 * stage that is meant to be faster only is proved identical this way.
 *
 *   node scripts/hash-staged.js data/dovetail.sqlite [jobId]     # jobId: 1 by default
 *
 * The row ids are left out (they count rows of every job), so are times (created_at).
 */
import crypto from 'node:crypto';
import Database from 'better-sqlite3';

const [file, jobArgument = '1'] = process.argv.slice(2);
if (!file) {
  console.error('usage: node scripts/hash-staged.js <dovetail.sqlite> [jobId]');
  process.exit(2);
}
const jobId = Number(jobArgument);
const db = new Database(file, { readonly: true });

const tables = [
  ['staged_contacts', 'job_id'],
  ['staged_field_values', 'job_id'],
  ['staged_addresses', 'job_id'],
  ['staged_communications', 'job_id'],
  ['staged_notes', 'job_id'],
  ['staged_categories', 'job_id'],
  ['import_errors', 'job_id'],
  ['import_job_files', 'job_id'],
];
const leftOut = new Set(['id', 'created_at', 'updated_at', 'lease_owner', 'lease_expires_at']);

for (const [table, jobColumn] of tables) {
  const allColumns = db.prepare(`select name from pragma_table_info('${table}')`).pluck().all();
  const columns = allColumns.filter((name) => !leftOut.has(name));
  const order = allColumns.includes('id') ? 'id' : 'rowid';
  const hash = crypto.createHash('sha256');
  let count = 0;
  const statement = db
    .prepare(
      `select ${columns.map((c) => `"${c}"`).join(', ')} from "${table}" where "${jobColumn}" = ? order by ${order}`,
    )
    .raw();
  for (const row of statement.iterate(jobId)) {
    hash.update(JSON.stringify(row));
    hash.update('\n');
    count++;
  }
  console.log(`${table.padEnd(24)} ${String(count).padStart(8)} ${hash.digest('hex')}`);
}
const job = db
  .prepare(
    'select rows_read, rows_staged, rows_rejected, contacts_staged, error_count, warning_count, status, stage from import_jobs where id = ?',
  )
  .get(jobId);
console.log(`import_jobs              ${JSON.stringify(job)}`);
