#!/usr/bin/env node
/**
 * Measures the peak memory of `dovetail import --wait` on a package whose contact file has one
 * line of 64 MiB (issue 18, item 1) between ordinary rows: the line must be refused as one row,
 * the other rows staged, nothing large stored, and the importing process stay under 300 MB.
 *
 *   node scripts/measure-long-line.js [--line-mb 64] [--keep]
 *
 * Runs the CLI under /usr/bin/time -v (Linux) in a scratch data folder (SQLite) and prints its
 * "Maximum resident set size", the job's counts and the size of what was stored for the error.
 * Not a test: it prints figures (quote them with the load average).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import yazl from 'yazl';
import { buildTargetDefinition } from '../dist/format/target-definition.js';
import { sampleOwner, sampleVocabulary } from '../dist/sample/sample-vocabulary.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const launcher = path.join(repoRoot, 'bin/dovetail.js');
const MiB = 1024 ** 2;
const { values: args } = parseArgs({
  options: { 'line-mb': { type: 'string', default: '64' }, keep: { type: 'boolean', default: false } },
});
const lineMiB = Number(args['line-mb']);

async function writePackage(zipPath) {
  const zip = new yazl.ZipFile();
  const json = (name, value) => zip.addBuffer(Buffer.from(JSON.stringify(value)), name);
  json('manifest.json', {
    formatVersion: 1,
    name: 'Long line',
    targetDefinition: 'target-definition.json',
    files: [{ csv: 'people.csv', mapping: 'people.mapping.json' }],
  });
  json('target-definition.json', buildTargetDefinition(sampleOwner, sampleVocabulary));
  json('people.mapping.json', {
    formatVersion: 1,
    file: 'people.csv',
    dataType: 'person',
    keyColumn: 'ID',
    columns: [
      { column: 'First', attribute: 'firstName' },
      { column: 'Last', attribute: 'lastName' },
    ],
  });
  // Stored, not deflated: a 64 MiB run of one letter would trip the zip-bomb ratio check.
  const csv = new PassThrough();
  zip.addReadStream(csv, 'people.csv', { compress: false });
  zip.end();
  const written = new Promise((resolve, reject) =>
    zip.outputStream.pipe(fs.createWriteStream(zipPath)).on('close', resolve).on('error', reject),
  );
  csv.write('ID,First,Last\nP1,Ann,Lee\nP2,');
  const block = Buffer.alloc(MiB, 'x');
  for (let i = 0; i < lineMiB; i++) {
    if (!csv.write(block)) await new Promise((resolve) => csv.once('drain', resolve));
  }
  csv.end(',Ek\nP3,Cy,Ho\n');
  await written;
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dovetail-long-line-'));
const zipPath = path.join(work, 'package.zip');
await writePackage(zipPath);
const dataDir = path.join(work, 'data');
const env = { ...process.env, DOVETAIL_DATA_DIR: dataDir, DOVETAIL_ADMIN_PASSWORD: 'long-line-bench' };
delete env.DATABASE_URL;
const run = spawnSync(
  '/usr/bin/time',
  ['-v', process.execPath, launcher, 'import', zipPath, '--description', 'Long line', '--wait', '--json'],
  { env, encoding: 'utf8', maxBuffer: 64 * MiB },
);
const peakKb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(run.stderr)?.[1] ?? Number.NaN);
let job;
try {
  job = JSON.parse(run.stdout);
} catch {
  console.error(run.stdout, run.stderr);
  process.exit(1);
}
const db = new Database(path.join(dataDir, 'dovetail.sqlite'), { readonly: true });
const stored = db
  .prepare(
    `select code, line, length(coalesce(value, '')) + length(coalesce(raw_values, '')) + length(coalesce(legacy_key, '')) as chars
       from import_errors where job_id = ?`,
  )
  .all(job.id);
db.close();
console.log(
  `line of ${lineMiB} MiB; load average ${os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' ')}`,
);
console.log(`peak RSS of dovetail import --wait: ${(peakKb / 1024).toFixed(0)} MB`);
console.log(`job ${job.id}: ${job.status}; counts ${JSON.stringify(job.counts)}`);
console.log(`stored errors: ${JSON.stringify(stored)}`);
if (!args.keep) fs.rmSync(work, { recursive: true, force: true });
