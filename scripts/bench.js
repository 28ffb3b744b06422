#!/usr/bin/env node
/**
 * Load benchmark: how fast does `dovetail import --wait` stage a realistic package, how much memory
 * does it need, and how does it compare with the simplest possible load of the same CSVs
 * (sqlite3's `.import` into plain tables, no parsing rules, no validation)?
 *
 * When PostgreSQL answers on 127.0.0.1:5432 (user postgres, trust auth), the same import also
 * runs against a fresh database (DATABASE_URL=postgres://...), beside psql's `\copy` of the same
 * CSVs into plain text tables of another fresh database. Both databases are dropped afterwards.
 *
 *   npm run bench                          # 1,000,000 contacts, seed 1
 *   npm run bench -- --contacts 100000     # quicker
 *   npm run bench -- --keep                # keep the per-run data folder, extracted CSVs and databases
 *   npm run bench -- --no-postgres         # SQLite only
 *   npm run bench -- --upload-mb 2048      # size of the upload measurement (default 1024 MiB)
 *   npm run bench -- --no-upload           # skip it
 *   npm run bench -- --digest              # and a hash of what each load staged (rows and errors)
 *
 * Last, it streams a package of --upload-mb MiB to `dovetail serve` over HTTP and reports the
 * server's RSS at rest and at its peak during the upload (scripts/bench-upload.js).
 *
 * It is a measurement, not a test: targets are reported as "met" or "MISSED" and the exit code
 * is 0 either way. It exits 1 only when the import itself does not complete cleanly, because
 * then the figures would mean nothing.
 *
 * Everything lives in .bench/ (gitignored). The generated package is cached there as
 * sample-<contacts>-<seed>.zip, because generating a million contacts takes longer than loading
 * them; delete the file to regenerate it (e.g. after changing the sample generator).
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { findOnPath, firstChildPid, run, runUnderTime } from './bench-processes.js';
import { formatUpload, measureUpload } from './bench-upload.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const launcher = path.join(repoRoot, 'bin', 'dovetail.js');
const workDir = path.join(repoRoot, '.bench');
const csvDir = path.join(workDir, 'csv');
const postgres = { host: '127.0.0.1', port: 5432, user: 'postgres' };

const targets = {
  rowsPerSecond: 50_000,
  sqliteRatio: 5,
  postgresRatio: 5,
  peakRssMiB: 300,
};

// ---------------------------------------------------------------------------------------------
// Options

function parseOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      contacts: { type: 'string', default: '1000000' },
      seed: { type: 'string', default: '1' },
      keep: { type: 'boolean', default: false },
      'no-postgres': { type: 'boolean', default: false },
      'upload-mb': { type: 'string', default: '1024' },
      'no-upload': { type: 'boolean', default: false },
      digest: { type: 'boolean', default: false },
    },
  });
  const contacts = Number(values.contacts.replaceAll('_', '').replaceAll(',', ''));
  const seed = Number(values.seed);
  if (!Number.isInteger(contacts) || contacts < 1) fail(`--contacts must be a whole number ≥ 1`);
  if (!Number.isInteger(seed)) fail(`--seed must be a whole number`);
  const uploadMegabytes = Number(values['upload-mb']);
  if (!Number.isInteger(uploadMegabytes) || uploadMegabytes < 1)
    fail(`--upload-mb must be a whole number ≥ 1`);
  return {
    contacts,
    seed,
    keep: values.keep,
    postgres: !values['no-postgres'],
    upload: values['no-upload'] ? undefined : uploadMegabytes,
    digest: values.digest,
  };
}

function fail(message) {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(1);
}

// ---------------------------------------------------------------------------------------------
// Small helpers: processes, files, formatting

function listFiles(dir, pattern) {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && pattern.test(entry.name))
    .map((entry) => path.join(entry.parentPath ?? entry.path, entry.name))
    .sort();
}

function describeFailure(result) {
  const how = result.signal ? `was killed by ${result.signal}` : `exited with code ${result.code}`;
  return `${how}\n${result.stderr.trim() || result.stdout.trim()}`;
}

const int = (n) => Math.round(n).toLocaleString('en-US');
const secs = (s) => `${s.toFixed(2)} s`;
const mib = (bytes) => `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
const atLoad = (loadAverage) =>
  loadAverage === undefined || loadAverage === null
    ? ''
    : `, load average ${loadAverage.toFixed(2)} at its start`;
const relative = (file) => path.relative(process.cwd(), file) || '.';

// ---------------------------------------------------------------------------------------------
// 1. The package (generated once per contacts/seed, then reused)

async function ensurePackage({ contacts, seed }) {
  const zipPath = path.join(workDir, `sample-${contacts}-${seed}.zip`);
  if (fs.existsSync(zipPath)) return { zipPath, reused: true, generateSeconds: null };

  process.stderr.write(`Generating ${int(contacts)} contacts (seed ${seed}); cached for later runs...\n`);
  // Written under a temporary name and renamed at the end, so an interrupted run never leaves a
  // truncated package behind that the next run would happily reuse.
  const partial = path.join(workDir, `sample-${contacts}-${seed}.partial-${process.pid}.zip`);
  const result = await run(process.execPath, [
    launcher,
    'sample',
    '--contacts',
    String(contacts),
    '--seed',
    String(seed),
    '--out',
    partial,
    '--json',
  ]);
  if (result.code !== 0) {
    fs.rmSync(partial, { force: true });
    fail(`generating the sample package ${describeFailure(result)}`);
  }
  fs.renameSync(partial, zipPath);
  return { zipPath, reused: false, generateSeconds: result.seconds };
}

// ---------------------------------------------------------------------------------------------
// 2. The Dovetail load, with peak memory

/** VmHWM ("high water mark") is the peak resident set size of the process so far, in kB. */
function readVmHwmKb(pid) {
  try {
    const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : null; // a zombie has no memory lines
  } catch {
    return null; // gone already, or no /proc (not Linux)
  }
}

/**
 * Polls VmHWM every 100 ms and keeps the highest value. Since VmHWM is itself a high-water mark,
 * polling misses only the growth in the last <100 ms before exit; that is why /usr/bin/time's
 * figure (taken by the kernel at exit) is preferred when available.
 */
function startRssPoller(child, underWrapper) {
  let peakKb = null;
  let nodePid = underWrapper ? null : child.pid;
  const sample = () => {
    nodePid ??= firstChildPid(child.pid);
    const kb = nodePid === null ? null : readVmHwmKb(nodePid);
    if (kb !== null && (peakKb === null || kb > peakKb)) peakKb = kb;
  };
  const timer = setInterval(sample, 100);
  child.once('exit', () => clearInterval(timer));
  sample();
  return { peakKb: () => peakKb };
}

/**
 * One `dovetail import --wait` in a fresh data folder (`name` under runDir): into that folder's
 * SQLite file, or into the PostgreSQL database `databaseUrl` when given. Throws when the import
 * does not complete cleanly.
 */
async function runDovetailImport({
  zipPath,
  contacts,
  runDir,
  name = 'data',
  databaseUrl = null,
  digest = false,
}) {
  const dataDir = path.join(runDir, name);
  const env = { ...process.env, DOVETAIL_DATA_DIR: dataDir };
  // A DATABASE_URL from the caller's environment would point the import at some other database.
  delete env.DATABASE_URL;
  if (databaseUrl) env.DATABASE_URL = databaseUrl;

  const importArgs = [
    launcher,
    'import',
    zipPath,
    '--description',
    `Benchmark ${contacts}`,
    '--wait',
    '--json',
  ];
  let poller;
  const loadAverage = os.loadavg()[0];
  const result = await runUnderTime(process.execPath, importArgs, {
    timeFile: path.join(runDir, `time-dovetail-${name}.txt`),
    env,
    onSpawn: (child, underTime) => {
      poller = startRssPoller(child, underTime);
    },
  });
  const job = parseJob(result, dataDir, databaseUrl);
  const timeKb = result.usage?.maxRssKb ?? null;
  const polledKb = poller.peakKb();
  const peak =
    timeKb !== null
      ? { bytes: timeKb * 1024, source: '/usr/bin/time -v' }
      : polledKb !== null
        ? { bytes: polledKb * 1024, source: '/proc VmHWM polled every 100 ms' }
        : { bytes: null, source: 'n/a' };
  return {
    job,
    wallSeconds: result.seconds,
    cpuSeconds: result.usage?.cpuSeconds ?? null,
    // A loaded job waits for review (no finishedAt): its wall time is the figure then.
    jobSeconds: job.finishedAt ? (Date.parse(job.finishedAt) - Date.parse(job.startedAt)) / 1000 : null,
    peakRss: peak,
    polledRssBytes: polledKb === null ? null : polledKb * 1024,
    loadAverage,
    // Read after the import exited, so it costs the measured process nothing.
    stagingDigest: digest
      ? databaseUrl
        ? await postgresStagingDigest(databaseUrl)
        : await sqliteStagingDigest(dataDir)
      : null,
  };
}

/** The finished job; throws when it did not complete cleanly: figures from an import that failed or rejected rows mean nothing. */
function parseJob(result, dataDir, databaseUrl) {
  let job;
  try {
    job = JSON.parse(result.stdout);
  } catch {
    throw new Error(`dovetail import did not print a job as JSON; it ${describeFailure(result)}`);
  }
  const rejected = job.counts?.rowsRejected;
  if (result.code !== 0 || job.status !== 'Waiting for User' || rejected !== 0) {
    const reason = job.failure ? ` [${job.failure.code}] ${job.failure.message}` : '';
    const where = databaseUrl ? `DATABASE_URL=${databaseUrl} ` : '';
    throw new Error(
      `the import did not complete cleanly: status ${job.status}, stage ${job.stage}, ` +
        `${rejected} rows rejected, ${job.counts?.errorCount} errors, exit code ${result.code}.${reason}\n` +
        `The data folder${databaseUrl ? ' and database are' : ' is'} kept; see the errors with:\n` +
        `  ${where}DOVETAIL_DATA_DIR=${relative(dataDir)} node bin/dovetail.js imports errors ${job.id}\n` +
        result.stderr.trim(),
    );
  }
  return job;
}

// ---------------------------------------------------------------------------------------------
// 2b. What a load staged, as one hash (--digest)

/**
 * Every table Load writes, read in id order (or by key), with every column but the lease ones:
 * two builds that stage the same rows, errors and progress on the same package print the same
 * digest. Values are hashed as text, so a load staged alike on SQLite and on PostgreSQL prints
 * the same digest too (2026-12-06, 100k sample: 210011a854997cec on both).
 */
const stagingTables = [
  ['staged_contacts', 'id'],
  ['staged_field_values', 'id'],
  ['staged_addresses', 'id'],
  ['staged_communications', 'id'],
  ['staged_notes', 'id'],
  ['staged_categories', 'id'],
  ['import_errors', 'id'],
  ['import_job_files', 'file_name'],
];
const leftOutOfDigest = new Set(['lease_owner', 'lease_expires_at']);

/** Rows of a table in order, a page at a time, through `readPage(table, order, after, limit)`. */
async function digestTables(readPage) {
  const hash = crypto.createHash('sha256');
  const pageRows = 10_000;
  for (const [table, order] of stagingTables) {
    let after = null;
    for (;;) {
      const rows = await readPage(table, order, after, pageRows);
      for (const row of rows) {
        const values = Object.keys(row)
          .filter((column) => !leftOutOfDigest.has(column))
          .sort()
          .map((column) => [column, row[column] === null ? null : String(row[column])]);
        hash.update(`${table}${JSON.stringify(values)}\n`);
      }
      if (rows.length < pageRows) break;
      after = rows[rows.length - 1][order];
    }
  }
  return hash.digest('hex').slice(0, 16);
}

async function sqliteStagingDigest(dataDir) {
  const { default: Sqlite } = await import('better-sqlite3');
  const db = new Sqlite(path.join(dataDir, 'dovetail.sqlite'), { readonly: true });
  try {
    return await digestTables((table, order, after, limit) =>
      db
        .prepare(
          `select * from "${table}" where ? is null or "${order}" > ? order by "${order}" limit ${limit}`,
        )
        .all(after, after),
    );
  } finally {
    db.close();
  }
}

async function postgresStagingDigest(databaseUrl) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await digestTables(async (table, order, after, limit) => {
      // Keys compared as SQLite compares them: ids as numbers, file names byte by byte.
      const key = order === 'id' ? '"id"' : `"${order}" collate "C"`;
      const bound = order === 'id' ? '$1::bigint' : '$1::text';
      const result = await client.query(
        `select * from "${table}" where ${bound} is null or ${key} > ${bound} order by ${key} limit ${limit}`,
        [after === null ? null : String(after)],
      );
      return result.rows;
    });
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------------------------------------
// 3. The sqlite3 baseline

async function extractCsvs(zipPath) {
  fs.rmSync(csvDir, { recursive: true, force: true });
  fs.mkdirSync(csvDir, { recursive: true });
  const unzip = findOnPath('unzip');
  if (unzip) {
    // -C: match "*.csv" case-insensitively, like the listing below.
    const result = await run(unzip, ['-o', '-q', '-C', zipPath, '*.csv', '-d', csvDir]);
    if (result.code !== 0) fail(`unzip ${describeFailure(result)}`);
  } else {
    await extractCsvsWithYauzl(zipPath);
  }
  return listFiles(csvDir, /\.csv$/i);
}

/** Fallback without unzip: yauzl is already a dependency (Dovetail reads packages with it). */
async function extractCsvsWithYauzl(zipPath) {
  const { default: yauzl } = await import('yauzl');
  const zip = await new Promise((resolve, reject) =>
    yauzl.open(zipPath, { lazyEntries: true }, (error, opened) => (error ? reject(error) : resolve(opened))),
  );
  await new Promise((resolve, reject) => {
    zip.on('error', reject);
    zip.on('end', resolve);
    zip.on('entry', (entry) => {
      const target = path.resolve(csvDir, entry.fileName);
      if (!/\.csv$/i.test(entry.fileName) || !target.startsWith(csvDir + path.sep)) {
        zip.readEntry();
        return;
      }
      fs.mkdirSync(path.dirname(target), { recursive: true });
      zip.openReadStream(entry, (error, stream) => {
        if (error) return reject(error);
        pipeline(stream, fs.createWriteStream(target)).then(() => zip.readEntry(), reject);
      });
    });
    zip.readEntry();
  });
}

/** sqlite3 creates each table from the CSV header; names come from the file names, made safe. */
function tableNames(csvFiles) {
  const used = new Set();
  return csvFiles.map((file) => {
    let name = path.basename(file, path.extname(file)).replace(/\W/g, '_');
    if (/^\d/.test(name)) name = `t_${name}`;
    let unique = name;
    for (let n = 2; used.has(unique); n++) unique = `${name}_${n}`;
    used.add(unique);
    return { file, table: unique };
  });
}

/** One sqlite3 process, one fresh database, every file `.import`ed: the time to beat. */
async function timeSqliteImport(sqlite3, dbPath, imports) {
  fs.rmSync(dbPath, { force: true });
  const commands = imports.map(({ file, table }) => `.import "${path.relative(csvDir, file)}" ${table}`);
  const loadAverage = os.loadavg()[0];
  const result = await runUnderTime(sqlite3, [dbPath, '.mode csv', ...commands], {
    cwd: csvDir,
    timeFile: `${dbPath}.time.txt`,
  });
  if (result.code !== 0) return { error: describeFailure(result) };
  return {
    seconds: result.seconds,
    cpuSeconds: result.usage?.cpuSeconds ?? null,
    warnings: result.stderr.trim(),
    loadAverage,
  };
}

async function countRows(sqlite3, dbPath, imports) {
  const sum = imports.map(({ table }) => `(SELECT count(*) FROM ${table})`).join(' + ');
  const result = await run(sqlite3, [dbPath, `SELECT ${sum};`]);
  return result.code === 0 ? Number(result.stdout.trim()) : null;
}

/** The contact files are the ones Dovetail staged as people or companies (else the usual names). */
function contactImports(imports, job) {
  const staged = job.files
    .filter((file) => file.dataType === 'person' || file.dataType === 'company')
    .map((file) => file.fileName);
  const contactFiles = new Set(staged.length > 0 ? staged : ['people.csv', 'companies.csv']);
  return imports.filter(({ file }) => contactFiles.has(path.basename(file)));
}

async function runBaseline({ csvFiles, job, runDir }) {
  const sqlite3 = findOnPath('sqlite3');
  if (!sqlite3) {
    return { skipped: 'sqlite3 is not installed; install it with: apt-get install -y sqlite3' };
  }
  const version = (await run(sqlite3, ['--version'])).stdout.split(' ')[0];
  const imports = tableNames(csvFiles);
  const allDb = path.join(runDir, 'sqlite-all.db');
  const all = await timeSqliteImport(sqlite3, allDb, imports);
  if (all.error) return { skipped: `sqlite3 .import failed: ${all.error}` };
  const rows = await countRows(sqlite3, allDb, imports);

  const contactsOnly = contactImports(imports, job);
  const contacts = await timeSqliteImport(sqlite3, path.join(runDir, 'sqlite-contacts.db'), contactsOnly);
  return {
    version,
    files: imports.length,
    rows,
    seconds: all.seconds,
    cpuSeconds: all.cpuSeconds,
    warnings: all.warnings,
    loadAverage: all.loadAverage,
    contactFiles: contactsOnly.map(({ file }) => path.basename(file)),
    contactSeconds: contacts.seconds ?? null,
  };
}

// ---------------------------------------------------------------------------------------------
// 4. PostgreSQL: the same Dovetail import into a fresh database, and psql \copy as its baseline

/** Databases this run created, dropped on the way out unless --keep (or kept to inspect a failure). */
const pgDatabases = new Set();

function psqlArgs(database, ...rest) {
  return [
    '-X',
    '-q',
    '-h',
    postgres.host,
    '-p',
    String(postgres.port),
    '-U',
    postgres.user,
    '-d',
    database,
    '-v',
    'ON_ERROR_STOP=1',
    ...rest,
  ];
}

const psqlEnv = () => ({ ...process.env, PGCONNECT_TIMEOUT: '5', PGCLIENTENCODING: 'UTF8' });
const postgresUrl = (database) => `postgres://${postgres.user}@${postgres.host}:${postgres.port}/${database}`;
const quoteIdent = (name) => `"${name.replaceAll('"', '""')}"`;
const quoteLiteral = (text) => `'${text.replaceAll("'", "''")}'`;

/** The server version, or why PostgreSQL is skipped. */
async function checkPostgres() {
  const where = `${postgres.host}:${postgres.port}`;
  const psql = findOnPath('psql');
  if (!psql)
    return { skipped: 'psql is not installed; install it with: apt-get install -y postgresql-client' };
  const pgIsReady = findOnPath('pg_isready');
  if (pgIsReady) {
    const ready = await run(pgIsReady, ['-h', postgres.host, '-p', String(postgres.port), '-t', '5']);
    if (ready.code !== 0)
      return { skipped: `PostgreSQL does not answer on ${where} (${ready.stdout.trim()})` };
  }
  const version = await run(psql, psqlArgs('postgres', '-A', '-t', '-c', 'SHOW server_version'), {
    env: psqlEnv(),
  });
  if (version.code !== 0) {
    return {
      skipped: `cannot connect to PostgreSQL on ${where} as ${postgres.user}: ${describeFailure(version)}`,
    };
  }
  return { psql, version: version.stdout.trim().split(' ')[0] };
}

async function createDatabase(psql) {
  const name = `dovetail_bench_${crypto.randomBytes(5).toString('hex')}`;
  const result = await run(psql, psqlArgs('postgres', '-c', `CREATE DATABASE ${quoteIdent(name)}`), {
    env: psqlEnv(),
  });
  if (result.code !== 0) throw new Error(`CREATE DATABASE ${name} ${describeFailure(result)}`);
  pgDatabases.add(name);
  return name;
}

/** Synchronous, so that it also works from the 'exit' handler. */
function dropDatabasesSync() {
  const psql = findOnPath('psql');
  for (const name of pgDatabases) {
    const sql = `DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`;
    const result = spawnSync(psql, psqlArgs('postgres', '-c', sql), { env: psqlEnv(), encoding: 'utf8' });
    if (result.status !== 0)
      process.stderr.write(`bench: could not drop database ${name}: ${result.stderr}\n`);
  }
  pgDatabases.clear();
}

/** The header fields of a CSV file (RFC 4180 quoting), read from its first line. */
function readCsvHeader(file) {
  const fd = fs.openSync(file, 'r');
  const buffer = Buffer.alloc(1024 * 1024);
  const length = fs.readSync(fd, buffer, 0, buffer.length, 0);
  fs.closeSync(fd);
  const text = buffer.toString('utf8', 0, length).replace(/^\uFEFF/, '');
  const fields = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') {
        quoted = false;
      } else {
        field += char;
      }
    } else if (char === '"') {
      quoted = true;
    } else if (char === ',') {
      fields.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      break;
    } else {
      field += char;
    }
  }
  fields.push(field);
  return fields;
}

/** Column names as PostgreSQL will keep them: non-empty, at most 63 bytes, unique within the table. */
function columnNames(header) {
  const used = new Set();
  return header.map((raw, index) => {
    let name = raw.trim() || `column_${index + 1}`;
    while (Buffer.byteLength(name) > 63) name = name.slice(0, -1);
    let unique = name;
    for (let n = 2; used.has(unique); n++) unique = `${name.slice(0, 58)}_${n}`;
    used.add(unique);
    return unique;
  });
}

/**
 * Plain tables (one text column per header column, no keys, no indexes), then every file loaded
 * with `\copy ... (format csv, header true)` in a single timed psql invocation.
 */
async function timePostgresCopy(psql, database, imports, runDir) {
  const creates = imports.map(({ file, table }) => {
    const columns = columnNames(readCsvHeader(file)).map((name) => `${quoteIdent(name)} text`);
    return `CREATE TABLE ${quoteIdent(table)} (${columns.join(', ')});`;
  });
  const setupFile = path.join(runDir, 'pg-copy-tables.sql');
  fs.writeFileSync(setupFile, `${creates.join('\n')}\n`);
  const setup = await run(psql, psqlArgs(database, '-f', setupFile), { env: psqlEnv() });
  if (setup.code !== 0) return { error: `creating the tables ${describeFailure(setup)}` };

  const copies = imports.map(
    ({ file, table }) =>
      `\\copy ${quoteIdent(table)} from ${quoteLiteral(file)} with (format csv, header true)`,
  );
  const copyFile = path.join(runDir, 'pg-copy.sql');
  fs.writeFileSync(copyFile, `${copies.join('\n')}\n`);
  const loadAverage = os.loadavg()[0];
  const result = await runUnderTime(psql, psqlArgs(database, '-f', copyFile), {
    env: psqlEnv(),
    timeFile: path.join(runDir, 'time-pg-copy.txt'),
  });
  if (result.code !== 0) return { error: `\\copy ${describeFailure(result)}` };

  const sum = imports.map(({ table }) => `(SELECT count(*) FROM ${quoteIdent(table)})`).join(' + ');
  const count = await run(psql, psqlArgs(database, '-A', '-t', '-c', `SELECT ${sum}`), { env: psqlEnv() });
  return {
    seconds: result.seconds,
    cpuSeconds: result.usage?.cpuSeconds ?? null,
    rows: count.code === 0 ? Number(count.stdout.trim()) : null,
    files: imports.length,
    loadAverage,
  };
}

async function runPostgres({ options, zipPath, runDir, csvFiles }) {
  if (!options.postgres) return { skipped: 'skipped with --no-postgres' };
  const server = await checkPostgres();
  if (server.skipped) return server;
  const { psql, version } = server;

  const importDb = await createDatabase(psql);
  const databaseUrl = postgresUrl(importDb);
  process.stderr.write(`Loading with dovetail import --wait into PostgreSQL database ${importDb}...\n`);
  let dovetail;
  try {
    dovetail = await runDovetailImport({
      zipPath,
      contacts: options.contacts,
      runDir,
      name: 'pg-data',
      databaseUrl,
      digest: options.digest,
    });
  } catch (error) {
    pgDatabases.delete(importDb); // kept, so that the errors can be looked at
    return { version, importDb, error: error.message };
  }

  process.stderr.write('Loading the same CSVs with psql \\copy...\n');
  const copyDb = await createDatabase(psql);
  const copy = await timePostgresCopy(psql, copyDb, tableNames(csvFiles), runDir);
  return { version, importDb, copyDb, dovetail, copy };
}

/** The figures of one `dovetail import` run, the same for SQLite and PostgreSQL. */
function dovetailRunFigures(run) {
  const { counts } = run.job;
  return {
    wallSeconds: run.wallSeconds,
    cpuSeconds: run.cpuSeconds,
    jobSeconds: run.jobSeconds,
    rowsRead: counts.rowsRead,
    rowsStaged: counts.rowsStaged,
    contactsStaged: counts.contactsStaged,
    rowsPerSecond: counts.rowsRead / run.wallSeconds,
    contactRowsPerSecond: counts.contactsStaged / run.wallSeconds,
    peakRssMiB: run.peakRss.bytes === null ? null : run.peakRss.bytes / 1024 ** 2,
    peakRssSource: run.peakRss.source,
    polledRssMiB: run.polledRssBytes === null ? null : run.polledRssBytes / 1024 ** 2,
    loadAverage: run.loadAverage,
    stagingDigest: run.stagingDigest,
  };
}

function computePostgresFigures(pg) {
  if (pg.skipped) return { skipped: pg.skipped };
  if (pg.error) return { version: pg.version, database: pg.importDb, error: pg.error };
  const { dovetail: d, copy } = pg;
  const peakRssMiB = d.peakRss.bytes === null ? null : d.peakRss.bytes / 1024 ** 2;
  const ratio = copy.seconds ? d.wallSeconds / copy.seconds : null;
  return {
    version: pg.version,
    server: `${postgres.host}:${postgres.port}`,
    dovetail: dovetailRunFigures(d),
    copy: copy.error
      ? { error: copy.error }
      : {
          seconds: copy.seconds,
          psqlCpuSeconds: copy.cpuSeconds,
          rows: copy.rows,
          rowsPerSecond: copy.rows === null ? null : copy.rows / copy.seconds,
          files: copy.files,
          loadAverage: copy.loadAverage,
        },
    ratio,
    targets: {
      peakRssMiB: { target: `< ${targets.peakRssMiB}`, value: peakRssMiB },
      postgresRatio: { target: `<= ${targets.postgresRatio}`, value: ratio },
    },
    verdicts: {
      peakRssMiB: peakRssMiB === null ? 'n/a' : peakRssMiB < targets.peakRssMiB ? 'met' : 'MISSED',
      postgresRatio: ratio === null ? 'n/a' : ratio <= targets.postgresRatio ? 'met' : 'MISSED',
    },
  };
}

// ---------------------------------------------------------------------------------------------
// 5. The report

function computeFigures({ options, pkg, csvFiles, dovetail, baseline, pg }) {
  const { counts } = dovetail.job;
  const rowsPerSecond = counts.rowsRead / dovetail.wallSeconds;
  const peakRssMiB = dovetail.peakRss.bytes === null ? null : dovetail.peakRss.bytes / 1024 ** 2;
  const ratio = baseline.seconds ? dovetail.wallSeconds / baseline.seconds : null;
  const verdict = (met) => (met === null ? 'n/a' : met ? 'met' : 'MISSED');
  return {
    contacts: options.contacts,
    seed: options.seed,
    package: {
      file: relative(pkg.zipPath),
      reused: pkg.reused,
      generateSeconds: pkg.generateSeconds,
      totalRows: counts.rowsRead,
      csvFiles: csvFiles.length,
      zipBytes: fs.statSync(pkg.zipPath).size,
      csvBytes: csvFiles.reduce((total, file) => total + fs.statSync(file).size, 0),
    },
    dovetail: dovetailRunFigures(dovetail),
    sqlite: baseline.skipped
      ? { skipped: baseline.skipped }
      : {
          version: baseline.version,
          seconds: baseline.seconds,
          cpuSeconds: baseline.cpuSeconds,
          loadAverage: baseline.loadAverage,
          rows: baseline.rows,
          rowsPerSecond: baseline.rows / baseline.seconds,
          contactFiles: baseline.contactFiles,
          contactSeconds: baseline.contactSeconds,
        },
    ratio,
    postgres: computePostgresFigures(pg),
    targets: {
      rowsPerSecond: { target: `>= ${targets.rowsPerSecond}`, value: rowsPerSecond },
      sqliteRatio: { target: `<= ${targets.sqliteRatio}`, value: ratio },
      peakRssMiB: { target: `< ${targets.peakRssMiB}`, value: peakRssMiB },
    },
    verdicts: {
      rowsPerSecond: verdict(rowsPerSecond >= targets.rowsPerSecond),
      sqliteRatio: verdict(ratio === null ? null : ratio <= targets.sqliteRatio),
      peakRssMiB: verdict(peakRssMiB === null ? null : peakRssMiB < targets.peakRssMiB),
    },
  };
}

/** CPU seconds as a share of wall time: far below 100% on a busy machine means the figure is pessimistic. */
function cpuShare(cpuSeconds, wallSeconds) {
  if (cpuSeconds === null) return 'n/a (needs /usr/bin/time)';
  return `${secs(cpuSeconds)} user+system (${Math.round((100 * cpuSeconds) / wallSeconds)}% of wall time)`;
}

function formatReport(figures, { baseline, environment }) {
  const { package: pkg, dovetail: d, sqlite: s, verdicts } = figures;
  const out = [];
  const line = (label = '', value = '') => out.push(label ? `  ${label.padEnd(20)}${value}` : value);

  line('', `Dovetail load benchmark: ${int(figures.contacts)} contacts, seed ${figures.seed}`);
  line('', `  ${environment}`);
  line('', '');
  line('', 'Package');
  line(
    'file',
    `${pkg.file} (${pkg.reused ? 'reused from an earlier run; delete it to regenerate' : `generated in ${secs(pkg.generateSeconds)}`})`,
  );
  line('contacts', int(d.contactsStaged));
  line('total rows', `${int(pkg.totalRows)} in ${pkg.csvFiles} CSV files`);
  line('ZIP size', `${int(pkg.zipBytes)} bytes (${mib(pkg.zipBytes)})`);
  line('uncompressed CSVs', `${int(pkg.csvBytes)} bytes (${mib(pkg.csvBytes)})`);
  line('', '');
  line('', 'Dovetail load (dovetail import --wait --json, fresh data folder)');
  line(
    'wall time',
    `${secs(d.wallSeconds)} from spawn to exit${d.jobSeconds === null ? '' : ` (job itself: ${secs(d.jobSeconds)})`}${atLoad(d.loadAverage)}`,
  );
  line('CPU time', cpuShare(d.cpuSeconds, d.wallSeconds));
  line('rows/s', `${int(d.rowsPerSecond)} (all ${int(d.rowsRead)} rows / wall time)`);
  line('contact rows/s', `${int(d.contactRowsPerSecond)} (${int(d.contactsStaged)} contacts / wall time)`);
  const polled = d.polledRssMiB !== null && d.peakRssSource.startsWith('/usr/bin/time');
  line(
    'peak RSS',
    d.peakRssMiB === null
      ? 'n/a (neither /usr/bin/time nor /proc available)'
      : `${d.peakRssMiB.toFixed(1)} MiB (${d.peakRssSource}${polled ? `; VmHWM polling saw ${d.polledRssMiB.toFixed(1)} MiB` : ''})`,
  );
  if (d.stagingDigest)
    line('staging digest', `${d.stagingDigest} (sha256 of the staged rows, errors and file progress)`);
  line('', '');
  line('', 'Baseline: sqlite3 .import into plain tables (one process, fresh database, no validation)');
  if (s.skipped) {
    line('skipped', s.skipped);
  } else {
    line(
      'all CSVs',
      `${secs(s.seconds)}, ${int(s.rowsPerSecond)} rows/s (${int(s.rows)} rows, sqlite3 ${s.version})${atLoad(s.loadAverage)}`,
    );
    line('CPU time', cpuShare(s.cpuSeconds, s.seconds));
    line(
      'contact files only',
      s.contactSeconds === null ? 'failed' : `${secs(s.contactSeconds)} (${s.contactFiles.join(' + ')})`,
    );
    line('ratio', `Dovetail / sqlite3 = ${figures.ratio.toFixed(1)}x`);
    // On a busy machine wall times stretch with the other load; CPU seconds much less so.
    if (d.cpuSeconds !== null && s.cpuSeconds)
      line('CPU ratio', `Dovetail / sqlite3 = ${(d.cpuSeconds / s.cpuSeconds).toFixed(1)}x (CPU seconds)`);
    if (s.rows !== pkg.totalRows) {
      line('note', `sqlite3 loaded ${int(s.rows)} rows but Dovetail read ${int(pkg.totalRows)}`);
    }
    if (baseline.warnings) line('sqlite3 said', baseline.warnings.split('\n').slice(0, 3).join(' | '));
  }
  line('', '');
  formatPostgres(figures, line);
  line('', '');
  line('', 'Targets');
  const target = (label, goal, value, verdict) =>
    line(label, `${goal.padEnd(28)}${value.padEnd(20)}${verdict}`);
  target(
    'throughput',
    `>= ${int(targets.rowsPerSecond)} rows/s`,
    `${int(d.rowsPerSecond)} rows/s`,
    verdicts.rowsPerSecond,
  );
  target(
    'vs sqlite3 .import',
    `within ${targets.sqliteRatio}x`,
    figures.ratio === null ? 'n/a' : `${figures.ratio.toFixed(1)}x`,
    verdicts.sqliteRatio,
  );
  target(
    'peak RSS',
    `< ${targets.peakRssMiB} MiB`,
    d.peakRssMiB === null ? 'n/a' : `${d.peakRssMiB.toFixed(1)} MiB`,
    verdicts.peakRssMiB,
  );
  const p = figures.postgres;
  if (p.dovetail) {
    target(
      'peak RSS (PG)',
      `< ${targets.peakRssMiB} MiB`,
      p.dovetail.peakRssMiB === null ? 'n/a' : `${p.dovetail.peakRssMiB.toFixed(1)} MiB`,
      p.verdicts.peakRssMiB,
    );
    target(
      'vs psql \\copy',
      `within ${targets.postgresRatio}x`,
      p.ratio === null ? 'n/a' : `${p.ratio.toFixed(1)}x`,
      p.verdicts.postgresRatio,
    );
  }
  return out.join('\n');
}

function formatPostgres(figures, line) {
  const p = figures.postgres;
  line('', 'PostgreSQL (same import with DATABASE_URL, fresh database and data folder)');
  if (p.skipped) {
    line('skipped', p.skipped);
    return;
  }
  if (p.error) {
    line(
      'FAILED',
      `PostgreSQL ${p.version}, database ${p.database}: ${p.error.split('\n').join(`\n${' '.repeat(22)}`)}`,
    );
    return;
  }
  const d = p.dovetail;
  line('server', `PostgreSQL ${p.version} on ${p.server}`);
  line(
    'wall time',
    `${secs(d.wallSeconds)} from spawn to exit${d.jobSeconds === null ? '' : ` (job itself: ${secs(d.jobSeconds)})`}${atLoad(d.loadAverage)}`,
  );
  line('CPU time', `${cpuShare(d.cpuSeconds, d.wallSeconds)}, Node process only`);
  line('rows/s', `${int(d.rowsPerSecond)} (all ${int(d.rowsRead)} rows / wall time)`);
  line('contact rows/s', `${int(d.contactRowsPerSecond)} (${int(d.contactsStaged)} contacts / wall time)`);
  const polled = d.polledRssMiB !== null && d.peakRssSource.startsWith('/usr/bin/time');
  line(
    'peak RSS',
    d.peakRssMiB === null
      ? 'n/a (neither /usr/bin/time nor /proc available)'
      : `${d.peakRssMiB.toFixed(1)} MiB of the Node process (${d.peakRssSource}${polled ? `; VmHWM polling saw ${d.polledRssMiB.toFixed(1)} MiB` : ''})`,
  );
  if (d.stagingDigest)
    line('staging digest', `${d.stagingDigest} (sha256 of the staged rows, errors and file progress)`);
  if (d.rowsRead !== figures.dovetail.rowsRead) {
    line('note', `read ${int(d.rowsRead)} rows, but the SQLite load read ${int(figures.dovetail.rowsRead)}`);
  }
  line('baseline', 'psql \\copy (format csv, header true) into plain text tables, one psql, fresh database');
  if (p.copy.error) {
    line('skipped', p.copy.error);
    return;
  }
  const c = p.copy;
  line(
    'all CSVs',
    `${secs(c.seconds)}, ${c.rowsPerSecond === null ? 'n/a' : int(c.rowsPerSecond)} rows/s (${c.rows === null ? '?' : int(c.rows)} rows in ${c.files} files)${atLoad(c.loadAverage)}`,
  );
  line('CPU time', `${cpuShare(c.psqlCpuSeconds, c.seconds)}, psql client only`);
  line('ratio', `Dovetail / COPY = ${p.ratio.toFixed(1)}x`);
  if (c.rows !== null && c.rows !== d.rowsRead) {
    line('note', `COPY loaded ${int(c.rows)} rows but Dovetail read ${int(d.rowsRead)}`);
  }
}

/** What else could skew the numbers: the machine, and any DOVETAIL_* tuning in the environment. */
function describeEnvironment() {
  const tuning = Object.keys(process.env)
    .filter((key) => key.startsWith('DOVETAIL_') && key !== 'DOVETAIL_DATA_DIR')
    .map((key) => `${key}=${process.env[key]}`);
  return (
    `${os.cpus().length} CPUs, ${mib(os.totalmem())} RAM, Node ${process.version}, ` +
    `load average ${os.loadavg()[0].toFixed(2)} at start` +
    (tuning.length > 0 ? `, ${tuning.join(' ')}` : '')
  );
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const options = parseOptions(process.argv.slice(2));
  const environment = describeEnvironment();
  fs.mkdirSync(workDir, { recursive: true });
  const pkg = await ensurePackage(options);
  process.stderr.write(
    pkg.reused
      ? `Reusing ${relative(pkg.zipPath)}\n`
      : `Generated ${relative(pkg.zipPath)} in ${secs(pkg.generateSeconds)}\n`,
  );

  // A fresh folder per run: the Dovetail data folder (an empty database) and the sqlite3 files.
  const runDir = fs.mkdtempSync(path.join(workDir, 'run-'));
  const cleanUp = () => {
    if (options.keep) return;
    fs.rmSync(runDir, { recursive: true, force: true });
    fs.rmSync(csvDir, { recursive: true, force: true });
    dropDatabasesSync();
  };
  // Whatever ends the run (an error included), no benchmark database is left behind.
  process.once('exit', () => {
    if (!options.keep) dropDatabasesSync();
  });
  // Ctrl-C reaches the children too (same process group); we only have to tidy up.
  process.once('SIGINT', () => {
    cleanUp();
    process.exit(130);
  });

  process.stderr.write('Loading with dovetail import --wait...\n');
  let dovetail;
  try {
    dovetail = await runDovetailImport({
      zipPath: pkg.zipPath,
      contacts: options.contacts,
      runDir,
      digest: options.digest,
    });
  } catch (error) {
    fail(error.message);
  }

  process.stderr.write('Extracting the CSVs and loading them with sqlite3 .import...\n');
  const csvFiles = await extractCsvs(pkg.zipPath);
  const baseline = await runBaseline({ csvFiles, job: dovetail.job, runDir });

  const pg = await runPostgres({ options, zipPath: pkg.zipPath, runDir, csvFiles });

  // Server memory while a large package is uploaded (scripts/bench-upload.js).
  let upload = { skipped: 'skipped with --no-upload' };
  if (options.upload) {
    process.stderr.write(`Uploading a ${options.upload} MiB package to dovetail serve...\n`);
    upload = await measureUpload({ megabytes: options.upload, keep: options.keep }).catch((error) => ({
      skipped: `failed: ${error.message}`,
    }));
  }

  const figures = computeFigures({ options, pkg, csvFiles, dovetail, baseline, pg });
  process.stdout.write(`\n${formatReport(figures, { baseline, environment })}\n`);
  process.stdout.write(`${formatUpload(upload)}\n\n`);
  process.stdout.write(`BENCH_JSON ${JSON.stringify({ ...figures, upload, environment })}\n`);

  const keptDatabases = [...pgDatabases];
  cleanUp();
  if (options.keep) {
    const databases = keptDatabases.length > 0 ? ` and PostgreSQL databases ${keptDatabases.join(', ')}` : '';
    process.stderr.write(`Kept ${relative(runDir)}, ${relative(csvDir)}${databases}\n`);
  }
  if (pg.error) {
    process.stderr.write(
      `bench: the PostgreSQL import did not complete cleanly; database ${pg.importDb} is kept ` +
        `(drop it with: psql -h ${postgres.host} -U ${postgres.user} -c 'DROP DATABASE ${pg.importDb}')\n`,
    );
    process.exitCode = 1;
  }
}

main().catch((error) => {
  process.stderr.write(`bench: ${error.stack ?? error}\n`);
  process.exit(1);
});
