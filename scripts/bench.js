#!/usr/bin/env node
/**
 * Load benchmark: how fast does `dovetail import --wait` stage a realistic package, how much memory
 * does it need, and how does it compare with the simplest possible load of the same CSVs
 * (sqlite3's `.import` into plain tables, no parsing rules, no validation)?
 *
 *   npm run bench                          # 1,000,000 contacts, seed 1
 *   npm run bench -- --contacts 100000     # quicker
 *   npm run bench -- --keep                # keep the per-run data folder and extracted CSVs
 *
 * It is a measurement, not a test: targets are reported as "met" or "MISSED" and the exit code
 * is 0 either way. It exits 1 only when the import itself does not complete cleanly, because
 * then the figures would mean nothing.
 *
 * Everything lives in .bench/ (gitignored). The generated package is cached there as
 * sample-<contacts>-<seed>.zip, because generating a million contacts takes longer than loading
 * them; delete the file to regenerate it (e.g. after changing the sample generator).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const launcher = path.join(repoRoot, 'bin', 'dovetail.js');
const workDir = path.join(repoRoot, '.bench');
const csvDir = path.join(workDir, 'csv');
const gnuTime = '/usr/bin/time';

const targets = {
  rowsPerSecond: 50_000,
  sqliteRatio: 5,
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
    },
  });
  const contacts = Number(values.contacts.replaceAll('_', '').replaceAll(',', ''));
  const seed = Number(values.seed);
  if (!Number.isInteger(contacts) || contacts < 1) fail(`--contacts must be a whole number ≥ 1`);
  if (!Number.isInteger(seed)) fail(`--seed must be a whole number`);
  return { contacts, seed, keep: values.keep };
}

function fail(message) {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(1);
}

// ---------------------------------------------------------------------------------------------
// Small helpers: processes, files, formatting

/**
 * Runs a command and resolves with its exit status and output. `seconds` is measured from spawn
 * to the 'exit' event (not 'close', which also waits for the pipes to drain).
 */
function run(command, args, { env, cwd, onSpawn } = {}) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    let exited = started;
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout = [];
    const stderr = [];
    child.stdout.on('data', (chunk) => stdout.push(chunk));
    child.stderr.on('data', (chunk) => stderr.push(chunk));
    child.on('error', reject);
    child.on('exit', () => {
      exited = process.hrtime.bigint();
    });
    child.on('close', (code, signal) =>
      resolve({
        code,
        signal,
        seconds: Number(exited - started) / 1e9,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      }),
    );
    onSpawn?.(child);
  });
}

/** The full path of an executable on PATH, or null: we report missing tools instead of crashing. */
function findOnPath(name) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir || '.', name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return null;
}

function isExecutable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

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

/** The (single) child of a process: node itself when we run it under /usr/bin/time. */
function firstChildPid(pid) {
  try {
    const first = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/)[0];
    return first ? Number(first) : null;
  } catch {
    return null;
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
 * Runs a command under GNU time when it exists, for what only the kernel knows at exit: peak RSS
 * (%M, KiB) and CPU seconds (%U user + %S system). CPU time matters on a shared 2-core machine:
 * CPU well below wall time means the process waited (for the disk, or for other processes).
 */
async function runUnderTime(command, args, { timeFile, onSpawn, ...options }) {
  // The poller needs to know whether the spawned process is the command or GNU time (its parent).
  if (!isExecutable(gnuTime)) {
    const result = await run(command, args, { ...options, onSpawn: (child) => onSpawn?.(child, false) });
    return { ...result, usage: null };
  }
  const wrapped = ['-f', '%U %S %M', '-o', timeFile, command, ...args];
  const result = await run(gnuTime, wrapped, { ...options, onSpawn: (child) => onSpawn?.(child, true) });
  return { ...result, usage: readGnuTimeUsage(timeFile) };
}

/** The format's line is the last one; GNU time may put "Command exited with non-zero status" above it. */
function readGnuTimeUsage(file) {
  try {
    const last = fs.readFileSync(file, 'utf8').trim().split('\n').at(-1) ?? '';
    const match = /^([\d.]+) ([\d.]+) (\d+)$/.exec(last.trim());
    return match ? { cpuSeconds: Number(match[1]) + Number(match[2]), maxRssKb: Number(match[3]) } : null;
  } catch {
    return null;
  }
}

async function runDovetailImport({ zipPath, contacts, runDir }) {
  const dataDir = path.join(runDir, 'data');
  const env = { ...process.env, DOVETAIL_DATA_DIR: dataDir };
  // DATABASE_URL would point the import at some other SQLite file instead of the fresh data dir.
  delete env.DATABASE_URL;

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
  const result = await runUnderTime(process.execPath, importArgs, {
    timeFile: path.join(runDir, 'time-dovetail.txt'),
    env,
    onSpawn: (child, underTime) => {
      poller = startRssPoller(child, underTime);
    },
  });
  const job = parseJob(result, dataDir);
  const timeKb = result.usage?.maxRssKb ?? null;
  const polledKb = poller.peakKb();
  const peak =
    timeKb !== null
      ? { bytes: timeKb * 1024, source: '/usr/bin/time %M' }
      : polledKb !== null
        ? { bytes: polledKb * 1024, source: '/proc VmHWM polled every 100 ms' }
        : { bytes: null, source: 'n/a' };
  return {
    job,
    wallSeconds: result.seconds,
    cpuSeconds: result.usage?.cpuSeconds ?? null,
    jobSeconds: (Date.parse(job.finishedAt) - Date.parse(job.startedAt)) / 1000,
    peakRss: peak,
    polledRssBytes: polledKb === null ? null : polledKb * 1024,
  };
}

/** The finished job, or exit 1: figures from an import that failed or rejected rows mean nothing. */
function parseJob(result, dataDir) {
  let job;
  try {
    job = JSON.parse(result.stdout);
  } catch {
    fail(`dovetail import did not print a job as JSON; it ${describeFailure(result)}`);
  }
  const rejected = job.counts?.rowsRejected;
  if (result.code !== 0 || job.status !== 'Completed' || rejected !== 0) {
    const reason = job.failure ? ` [${job.failure.code}] ${job.failure.message}` : '';
    fail(
      `the import did not complete cleanly: status ${job.status}, stage ${job.stage}, ` +
        `${rejected} rows rejected, ${job.counts?.errorCount} errors, exit code ${result.code}.${reason}\n` +
        `The data folder is kept; see the errors with:\n` +
        `  DOVETAIL_DATA_DIR=${relative(dataDir)} node bin/dovetail.js imports errors ${job.id}\n` +
        result.stderr.trim(),
    );
  }
  return job;
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
  const result = await runUnderTime(sqlite3, [dbPath, '.mode csv', ...commands], {
    cwd: csvDir,
    timeFile: `${dbPath}.time.txt`,
  });
  if (result.code !== 0) return { error: describeFailure(result) };
  return {
    seconds: result.seconds,
    cpuSeconds: result.usage?.cpuSeconds ?? null,
    warnings: result.stderr.trim(),
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
    contactFiles: contactsOnly.map(({ file }) => path.basename(file)),
    contactSeconds: contacts.seconds ?? null,
  };
}

// ---------------------------------------------------------------------------------------------
// 4. The report

function computeFigures({ options, pkg, csvFiles, dovetail, baseline }) {
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
    dovetail: {
      wallSeconds: dovetail.wallSeconds,
      cpuSeconds: dovetail.cpuSeconds,
      jobSeconds: dovetail.jobSeconds,
      rowsRead: counts.rowsRead,
      rowsStaged: counts.rowsStaged,
      contactsStaged: counts.contactsStaged,
      rowsPerSecond,
      contactRowsPerSecond: counts.contactsStaged / dovetail.wallSeconds,
      peakRssMiB,
      peakRssSource: dovetail.peakRss.source,
      polledRssMiB: dovetail.polledRssBytes === null ? null : dovetail.polledRssBytes / 1024 ** 2,
    },
    sqlite: baseline.skipped
      ? { skipped: baseline.skipped }
      : {
          version: baseline.version,
          seconds: baseline.seconds,
          cpuSeconds: baseline.cpuSeconds,
          rows: baseline.rows,
          rowsPerSecond: baseline.rows / baseline.seconds,
          contactFiles: baseline.contactFiles,
          contactSeconds: baseline.contactSeconds,
        },
    ratio,
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
  line('wall time', `${secs(d.wallSeconds)} from spawn to exit (job itself: ${secs(d.jobSeconds)})`);
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
  line('', '');
  line('', 'Baseline: sqlite3 .import into plain tables (one process, fresh database, no validation)');
  if (s.skipped) {
    line('skipped', s.skipped);
  } else {
    line(
      'all CSVs',
      `${secs(s.seconds)}, ${int(s.rowsPerSecond)} rows/s (${int(s.rows)} rows, sqlite3 ${s.version})`,
    );
    line('CPU time', cpuShare(s.cpuSeconds, s.seconds));
    line(
      'contact files only',
      s.contactSeconds === null ? 'failed' : `${secs(s.contactSeconds)} (${s.contactFiles.join(' + ')})`,
    );
    line('ratio', `Dovetail / sqlite3 = ${figures.ratio.toFixed(1)}x`);
    if (s.rows !== pkg.totalRows) {
      line('note', `sqlite3 loaded ${int(s.rows)} rows but Dovetail read ${int(pkg.totalRows)}`);
    }
    if (baseline.warnings) line('sqlite3 said', baseline.warnings.split('\n').slice(0, 3).join(' | '));
  }
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
  return out.join('\n');
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
  };
  // Ctrl-C reaches the children too (same process group); we only have to tidy up.
  process.once('SIGINT', () => {
    cleanUp();
    process.exit(130);
  });

  process.stderr.write('Loading with dovetail import --wait...\n');
  const dovetail = await runDovetailImport({ zipPath: pkg.zipPath, contacts: options.contacts, runDir });

  process.stderr.write('Extracting the CSVs and loading them with sqlite3 .import...\n');
  const csvFiles = await extractCsvs(pkg.zipPath);
  const baseline = await runBaseline({ csvFiles, job: dovetail.job, runDir });

  const figures = computeFigures({ options, pkg, csvFiles, dovetail, baseline });
  process.stdout.write(`\n${formatReport(figures, { baseline, environment })}\n\n`);
  process.stdout.write(`BENCH_JSON ${JSON.stringify({ ...figures, environment })}\n`);

  cleanUp();
  if (options.keep) process.stderr.write(`Kept ${relative(runDir)} and ${relative(csvDir)}\n`);
}

main().catch((error) => {
  process.stderr.write(`bench: ${error.stack ?? error}\n`);
  process.exit(1);
});
