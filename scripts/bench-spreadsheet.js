#!/usr/bin/env node
/**
 * Spreadsheet benchmark: imports the same contacts as an Excel workbook (.xlsx, written here
 * with exceljs' streaming writer and shared strings, as Excel writes them), as an OpenDocument
 * spreadsheet (.ods, its content.xml written here as LibreOffice writes it) and as CSV, and
 * reports rows/s, CPU seconds and the peak RSS of `dovetail import --wait` for each (SQLite).
 *
 *   node scripts/bench-spreadsheet.js              # a workbook of about 100 MB
 *   node scripts/bench-spreadsheet.js --mb 20      # quicker
 *   node scripts/bench-spreadsheet.js --formats xlsx,csv
 *
 * Files live in .bench/ (gitignored) and are reused by later runs of the same size.
 * A measurement, not a test: the figures depend on the machine's load, printed beside them.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import ExcelJS from 'exceljs';
import yazl from 'yazl';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const launcher = path.join(repoRoot, 'bin', 'dovetail.js');
const workDir = path.join(repoRoot, '.bench');
/** Rows per MB of workbook, measured once on these rows (about 57 bytes per row). */
const ROWS_PER_MB = 18_500;

const { values } = parseArgs({
  options: { mb: { type: 'string', default: '100' }, formats: { type: 'string', default: 'xlsx,ods,csv' } },
});
const formats = values.formats.split(',');
const megabytes = Number(values.mb);
const rows = Math.round(megabytes * ROWS_PER_MB);
const header = ['Contact ID', 'First Name', 'Last Name', 'E-mail Address', 'Birthday', 'Score'];
const firstNames = ['Ann', 'Bo', 'Cy', 'Dana', 'Emil', 'Fatou', 'Gert', 'Hana', 'Ivo', 'Jun'];
const lastNames = ['Lee', 'Ek', 'Ng', 'Okafor', 'Müller', 'Dupré', 'Rossi', 'Silva', 'Tanaka', 'Novak'];

function row(index) {
  const first = firstNames[index % 10];
  const last = `${lastNames[(index * 7) % 10]}${index % 997}`;
  const born = new Date(Date.UTC(1940 + (index % 60), index % 12, 1 + (index % 28)));
  return [`C${index}`, first, last, `${first}.${last}.${index}@example.com`.toLowerCase(), born, index % 100];
}

async function writeWorkbook(file) {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: file,
    useSharedStrings: true,
    useStyles: true,
  });
  const sheet = workbook.addWorksheet('Contacts');
  sheet.getColumn(5).numFmt = 'yyyy-mm-dd';
  sheet.addRow(header).commit();
  for (let index = 1; index <= rows; index++) sheet.addRow(row(index)).commit();
  sheet.commit();
  await workbook.commit();
}

const xml = (text) => String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** content.xml as LibreOffice Calc writes it: typed cells with their shown text, empty cells to the last column. */
function* odsContent() {
  const ns =
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" ' +
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"';
  const text = (value) =>
    `<table:table-cell office:value-type="string" calcext:value-type="string"><text:p>${xml(value)}</text:p></table:table-cell>`;
  const tail = '<table:table-cell table:number-columns-repeated="16378"/></table:table-row>';
  let chunk = `<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content ${ns} office:version="1.3"><office:body><office:spreadsheet><table:table table:name="Contacts"><table:table-column table:number-columns-repeated="6"/>`;
  chunk += `<table:table-row>${header.map(text).join('')}${tail}`;
  for (let index = 1; index <= rows; index++) {
    const [id, first, last, email, born, score] = row(index);
    const iso = born.toISOString().slice(0, 10);
    chunk +=
      `<table:table-row>${text(id)}${text(first)}${text(last)}${text(email)}` +
      `<table:table-cell office:value-type="date" office:date-value="${iso}" calcext:value-type="date"><text:p>${iso}</text:p></table:table-cell>` +
      `<table:table-cell office:value-type="float" office:value="${score}" calcext:value-type="float"><text:p>${score}</text:p></table:table-cell>${tail}`;
    if (chunk.length > 1 << 20) {
      yield chunk;
      chunk = '';
    }
  }
  yield `${chunk}<table:table-row table:number-rows-repeated="${Math.max(1, 1_048_575 - rows)}"><table:table-cell table:number-columns-repeated="16384"/></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>`;
}

async function writeOds(file) {
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from('application/vnd.oasis.opendocument.spreadsheet'), 'mimetype', {
    compress: false,
  });
  zip.addReadStream(Readable.from(odsContent()), 'content.xml');
  zip.end();
  await new Promise((resolve, reject) =>
    zip.outputStream.pipe(fs.createWriteStream(file)).on('close', resolve).on('error', reject),
  );
}

async function writeCsv(file) {
  const out = fs.createWriteStream(file);
  const write = (line) =>
    out.write(`${line}\n`) ? undefined : new Promise((resolve) => out.once('drain', resolve));
  await write(header.join(','));
  for (let index = 1; index <= rows; index++) {
    const values = row(index);
    values[4] = values[4].toISOString().slice(0, 10);
    await write(values.join(','));
  }
  out.end();
  await new Promise((resolve) => out.on('close', resolve));
}

async function writePackage(zipPath, dataFile, definition) {
  const name = path.basename(dataFile);
  const mapping = {
    formatVersion: 1,
    file: name,
    dataType: 'person',
    keyColumn: 'Contact ID',
    columns: [
      { column: 'First Name', attribute: 'firstName' },
      { column: 'Last Name', attribute: 'lastName' },
      { column: 'Birthday', attribute: 'birthDate' },
    ],
  };
  const zip = new yazl.ZipFile();
  zip.addBuffer(
    Buffer.from(
      JSON.stringify({
        formatVersion: 1,
        name: `bench ${name}`,
        targetDefinition: 'definition.json',
        files: [{ csv: name, mapping: 'people.mapping.json' }],
      }),
    ),
    'manifest.json',
  );
  zip.addFile(definition, 'definition.json');
  zip.addBuffer(Buffer.from(JSON.stringify(mapping)), 'people.mapping.json');
  // A workbook is a ZIP already: stored as it is, as zipping tools do.
  zip.addFile(dataFile, name, { compress: name.endsWith('.csv') });
  zip.end();
  await new Promise((resolve, reject) =>
    zip.outputStream.pipe(fs.createWriteStream(zipPath)).on('close', resolve).on('error', reject),
  );
}

const loadAverage = () =>
  os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');

function run(args, env) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [launcher, ...args], { env: { ...process.env, ...env } });
    let peakKb = 0;
    let cpuTicks = 0;
    const poll = setInterval(() => {
      try {
        const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (match) peakKb = Math.max(peakKb, Number(match[1]));
        // utime and stime (fields 14 and 15), after the command name, which may hold spaces.
        const stat = fs.readFileSync(`/proc/${child.pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        cpuTicks = Number(fields[11]) + Number(fields[12]);
      } catch {
        // exited
      }
    }, 100);
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.resume();
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(poll);
      // Clock ticks are 1/100 s on Linux; the last 100 ms before the exit are not counted.
      resolve({
        code,
        stdout,
        seconds: Number(process.hrtime.bigint() - started) / 1e9,
        peakKb,
        cpuSeconds: cpuTicks / 100,
      });
    });
  });
}

async function main() {
  fs.mkdirSync(workDir, { recursive: true });
  const writers = { xlsx: writeWorkbook, ods: writeOds, csv: writeCsv };
  const files = [];
  for (const kind of formats) {
    if (!writers[kind]) throw new Error(`--formats: ${kind} is none of ${Object.keys(writers).join(', ')}`);
    const file = path.join(workDir, `sheet-${megabytes}mb.${kind}`);
    if (!fs.existsSync(file)) {
      process.stderr.write(`Writing ${rows.toLocaleString('en-US')} rows as .${kind}...\n`);
      await writers[kind](`${file}.partial`);
      fs.renameSync(`${file}.partial`, file);
    }
    files.push([kind, file]);
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dovetail-bench-sheet-'));
  const env = { DOVETAIL_DATA_DIR: dataDir, DATABASE_URL: '' };
  const definitionDir = path.join(dataDir, 'definition');
  await run(['definition', '--out', definitionDir], env);
  const definition = path.join(definitionDir, fs.readdirSync(definitionDir)[0]);
  const lines = [];
  for (const [kind, file] of files) {
    const zipPath = path.join(dataDir, `${kind}.zip`);
    await writePackage(zipPath, file, definition);
    const load = loadAverage();
    const result = await run(['import', zipPath, '--description', `bench ${kind}`, '--wait', '--json'], env);
    if (result.code !== 0) throw new Error(`the ${kind} import failed: ${result.stdout}`);
    const job = JSON.parse(result.stdout);
    const staged = job.counts.rowsStaged;
    lines.push(
      `${kind.padEnd(4)}  ${(fs.statSync(file).size / 1024 ** 2).toFixed(1)} MB file, ${staged.toLocaleString('en-US')} rows staged in ` +
        `${result.seconds.toFixed(1)} s (${result.cpuSeconds.toFixed(1)} CPU s): ${Math.round(staged / result.seconds).toLocaleString('en-US')} rows/s, ` +
        `peak RSS ${(result.peakKb / 1024).toFixed(0)} MiB (load average before: ${load}, after: ${loadAverage()})`,
    );
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
  process.stdout.write(
    `Spreadsheet vs CSV (dovetail import --wait, SQLite):\n${lines.map((l) => `  ${l}`).join('\n')}\n`,
  );
}

await main();
