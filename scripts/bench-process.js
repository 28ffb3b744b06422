#!/usr/bin/env node
/**
 * Process benchmark: how fast does the Process stage create and merge contacts, audit trail,
 * match keys and profiles included, and how much memory does it need?
 *
 *   npm run bench:process                              # 100,000 contacts on SQLite
 *   npm run bench:process -- --contacts 20000
 *   npm run bench:process -- --postgres                # on a fresh PostgreSQL database too
 *   npm run bench:process -- --postgres --no-sqlite    # on PostgreSQL only
 *   npm run bench:process -- --dist /other/tree/dist   # another build (e.g. main's), same data
 *   npm run bench:process -- --digest                  # and a hash of what Process stored
 *   npm run bench:process -- --cpu-prof .bench/prof    # a V8 CPU profile of each Process run
 *   npm run bench:process -- --reuse-load              # SQLite: load the packages once, then copy
 *   DOVETAIL_PROCESS_BATCH_ROWS=5000 npm run bench:process  # another batch size (default 5000)
 *   BENCH_SLICE_ROWS=5000 npm run bench:process        # contacts planned at once (default planRows)
 *
 * Two sample packages of N contacts (`dovetail sample`, seeds s and s+1, cached in .bench/) are
 * loaded into a fresh database. Every staged contact of the first is decided "create" and
 * processed: the creates. Every staged contact of the second is decided "merge" into the contact
 * made from the first package's staged contact with the same legacy key (another person's data
 * under the same key, so a merge fills fields and adds most entries: the heavy case), and
 * processed: the merges. Each Process runs in a process of its own, so its peak RSS is its own.
 *
 * Wall time on a shared machine counts the time others held the CPU: the CPU seconds (user +
 * sys) and the load average are printed beside it. It is a measurement, not a test: targets are
 * "met" or "MISSED", exit code 0 either way (1 when the figures would mean nothing).
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const workDir = path.join(repoRoot, '.bench');
const targets = { createsPerSecond: 10_000, mergesPerSecond: 5_000, peakRssMiB: 300 };

const { values } = parseArgs({
  options: {
    contacts: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '1' },
    postgres: { type: 'boolean', default: false },
    'no-sqlite': { type: 'boolean', default: false },
    dist: { type: 'string', default: path.join(repoRoot, 'dist') },
    keep: { type: 'boolean', default: false },
    // Internal: one phase in a child process.
    phase: { type: 'string' },
    dir: { type: 'string' },
    'database-url': { type: 'string' },
    digest: { type: 'boolean', default: false },
    'cpu-prof': { type: 'string' },
    'reuse-load': { type: 'boolean', default: false },
  },
});

const dist = path.resolve(values.dist);
const load = (module) => import(pathToFileURL(path.join(dist, module)).href);
const int = (n) => Math.round(n).toLocaleString('en-US');
const loadAverage = () => fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

/**
 * CPU seconds of this process's main thread (Linux; undefined elsewhere): what bounds the wall
 * time on an idle machine, as the other threads (garbage collection, SQLite's checkpoints) run
 * beside it. Clock ticks of 10 ms, from /proc.
 */
function mainThreadCpuSeconds() {
  try {
    const stat = fs.readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

async function openBenchApp(dir, databaseUrl) {
  const { openApp } = await load('app/open-app.js');
  const env = { DOVETAIL_DATA_DIR: dir };
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  // The one setting that shapes Process, passed on to compare batch sizes.
  if (process.env.DOVETAIL_PROCESS_BATCH_ROWS)
    env.DOVETAIL_PROCESS_BATCH_ROWS = process.env.DOVETAIL_PROCESS_BATCH_ROWS;
  return openApp(env);
}

// ---------------------------------------------------------------------------------------------
// Phases (child processes)

/** Loads both packages and decides the first one's contacts "create". */
async function prepare(dir, databaseUrl, packages) {
  const app = await openBenchApp(dir, databaseUrl);
  const { runImportJob } = await load('jobs/job-runner.js');
  const jobs = [];
  for (const [index, packagePath] of packages.entries()) {
    const job = await app.imports.startImport({
      packagePath,
      description: `bench ${index + 1}`,
      submittedBy: 'admin',
    });
    await runImportJob(job.id, { repositories: app.repositories, config: app.config });
    const loaded = await app.imports.show(job.id);
    if (loaded.status !== 'Waiting for User') throw new Error(`load ended ${loaded.stage} ${loaded.status}`);
    jobs.push(job.id);
  }
  await app.db
    .updateTable('staged_contacts')
    .set({ action: 'create' })
    .where('job_id', '=', jobs[0])
    .execute();
  await app.close();
  return { jobs };
}

/** Decides every staged contact of the second job "merge" into the first job's contact of the same key. */
async function decideMerges(dir, databaseUrl, [first, second]) {
  const app = await openBenchApp(dir, databaseUrl);
  const { sql } = await import('kysely');
  await sql`update staged_contacts set action = 'merge', match_contact_id = (
      select made.result_contact_id from staged_contacts made
      where made.job_id = ${first} and made.legacy_key = staged_contacts.legacy_key)
    where job_id = ${second}`.execute(app.db);
  await sql`update staged_contacts set action = null where job_id = ${second} and match_contact_id is null`.execute(
    app.db,
  );
  const { n } = await app.db
    .selectFrom('staged_contacts')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('job_id', '=', second)
    .where('action', '=', 'merge')
    .executeTakeFirstOrThrow();
  await app.close();
  return { merges: Number(n) };
}

/** Runs Process on one job and reports its own time, CPU and peak memory. */
async function processJob(dir, databaseUrl, jobId) {
  const app = await openBenchApp(dir, databaseUrl);
  const { processStagedContacts } = await load('pipeline/process/process-staged-contacts.js');
  const job = await app.repositories.importJobs.find(jobId);
  const loadBefore = loadAverage();
  const cpu = process.cpuUsage();
  const mainCpuBefore = mainThreadCpuSeconds();
  const started = process.hrtime.bigint();
  await processStagedContacts({
    job,
    repositories: app.repositories,
    batchSize: app.config.processBatchRows,
    ...(process.env.BENCH_SLICE_ROWS ? { sliceRows: Number(process.env.BENCH_SLICE_ROWS) } : {}),
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const used = process.cpuUsage(cpu);
  const mainCpuAfter = mainThreadCpuSeconds();
  const after = await app.repositories.importJobs.find(jobId);
  // Before the digest, which reads every table and would count in the peak.
  const peakRssMiB = process.resourceUsage().maxRSS / 1024;
  const loadAfter = loadAverage();
  const digest = values.digest ? await storedDigest(app.db) : undefined;
  const audit = await app.db
    .selectFrom('contact_audit')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('job_id', '=', jobId)
    .executeTakeFirstOrThrow();
  await app.close();
  return {
    seconds,
    cpuSeconds: (used.user + used.system) / 1e6,
    systemSeconds: used.system / 1e6,
    mainThreadCpuSeconds: mainCpuBefore === undefined ? undefined : mainCpuAfter - mainCpuBefore,
    peakRssMiB,
    loadBefore,
    loadAfter,
    created: after.contacts_created,
    merged: after.contacts_merged,
    auditRows: Number(audit.n),
    digest,
  };
}

/** Clock values differ from run to run: they are left out of the digest. */
const clockColumns = new Set(['created_at', 'updated_at', 'changed_at', 'processed_at', 'edited_at']);

/**
 * JSON without clock values, keys in the order they were stored: the audit trail's and the match
 * profiles' JSON texts must keep their key order too, so two builds print the same digest only
 * when they store the same texts (clock values aside).
 */
function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).filter((key) => !clockColumns.has(key));
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * A SHA-256 of everything Process writes (contacts, collections, match keys and profiles, the
 * audit trail with its JSON read as values, the staged contacts' outcomes), read in id order:
 * two builds that store the same results on the same data print the same digest.
 */
async function storedDigest(db) {
  const hash = crypto.createHash('sha256');
  const tables = [
    ['contacts', ['id']],
    ['contact_legacy_keys', ['id']],
    ['contact_addresses', ['id']],
    ['contact_communications', ['id']],
    ['contact_notes', ['id']],
    ['contact_categories', ['id']],
    ['contact_field_values', ['id']],
    ['contact_match_keys', ['contact_id', 'match_key']],
    ['contact_match_profiles', ['contact_id']],
    ['contact_audit', ['id']],
    ['staged_contacts', ['id']],
  ];
  for (const [table, order] of tables) {
    let offset = 0;
    for (;;) {
      let query = db.selectFrom(table).selectAll();
      for (const column of order) query = query.orderBy(column);
      const rows = await query.limit(5000).offset(offset).execute();
      for (const row of rows) {
        const fields = { ...row };
        if (table === 'staged_contacts') {
          for (const key of Object.keys(fields))
            if (!['id', 'action', 'result_contact_id'].includes(key)) delete fields[key];
          fields.processed = row.processed_at !== null;
        }
        for (const key of ['before_value', 'after_value', 'profile'])
          if (typeof fields[key] === 'string') fields[key] = JSON.parse(fields[key]);
        hash.update(`${table}${canonical(fields)}\n`);
      }
      if (rows.length < 5000) break;
      offset += rows.length;
    }
  }
  return hash.digest('hex').slice(0, 16);
}

async function runPhase() {
  const databaseUrl = values['database-url'];
  const args = JSON.parse(process.env.BENCH_PROCESS_ARGS ?? '[]');
  const phases = { prepare, decideMerges, processJob };
  const result = await phases[values.phase](values.dir, databaseUrl, ...args);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

// ---------------------------------------------------------------------------------------------
// The orchestration (parent process)

function child(phase, dir, databaseUrl, args) {
  return new Promise((resolve, reject) => {
    const profile =
      phase === 'processJob' && values['cpu-prof']
        ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(values['cpu-prof'])]
        : [];
    const argv = [...profile, fileURLToPath(import.meta.url), '--phase', phase, '--dir', dir, '--dist', dist];
    if (values.digest) argv.push('--digest');
    if (databaseUrl) argv.push('--database-url', databaseUrl);
    const proc = spawn(process.execPath, argv, {
      env: { ...process.env, BENCH_PROCESS_ARGS: JSON.stringify(args) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    proc.stdout.on('data', (chunk) => {
      out += chunk;
    });
    proc.on('error', reject);
    proc.on('close', (code) => {
      if (code !== 0) return reject(new Error(`phase ${phase} exited with ${code}`));
      resolve(JSON.parse(out.trim().split('\n').at(-1)));
    });
  });
}

function runCommand(command, args) {
  return new Promise((resolve, reject) => {
    const proc = spawn(command, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    proc.on('error', reject);
    proc.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} exited with ${code}`)),
    );
  });
}

async function ensurePackage(contacts, seed) {
  const zipPath = path.join(workDir, `sample-${contacts}-${seed}.zip`);
  if (fs.existsSync(zipPath)) return zipPath;
  const partial = `${zipPath}.partial-${process.pid}`;
  await runCommand(process.execPath, [
    path.join(repoRoot, 'bin', 'dovetail.js'),
    'sample',
    '--contacts',
    String(contacts),
    '--seed',
    String(seed),
    '--out',
    partial,
  ]);
  fs.renameSync(partial, zipPath);
  return zipPath;
}

async function withPostgresDatabase(work) {
  const pg = (await import('pg')).default;
  const name = `dovetail_bench_process_${process.pid}`;
  const admin = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'postgres' });
  await admin.connect();
  await admin.query(`create database ${name}`);
  try {
    return await work(`postgres://postgres@127.0.0.1:5432/${name}`);
  } finally {
    if (!values.keep) await admin.query(`drop database ${name} with (force)`);
    await admin.end();
  }
}

function report(label, count, figures, target, what) {
  const perSecond = count / figures.seconds;
  const perCpuSecond = count / figures.cpuSeconds;
  console.log(
    `  ${label.padEnd(8)} ${int(count)} in ${figures.seconds.toFixed(1)} s = ${int(perSecond)}/s wall, ` +
      `CPU ${figures.cpuSeconds.toFixed(1)} s (sys ${figures.systemSeconds.toFixed(1)}${figures.mainThreadCpuSeconds === undefined ? '' : `, main thread ${figures.mainThreadCpuSeconds.toFixed(1)}`}) = ${int(perCpuSecond)}/CPU-s, peak RSS ${figures.peakRssMiB.toFixed(0)} MiB, ` +
      `audit rows ${int(figures.auditRows)}, load ${figures.loadBefore} → ${figures.loadAfter}` +
      (figures.digest ? `, digest ${figures.digest}` : ''),
  );
  console.log(
    `           target ≥ ${int(target)} ${what}/s: ${perCpuSecond >= target ? 'met per CPU-second' : 'MISSED per CPU-second'}` +
      ` (wall ${perSecond >= target ? 'met' : 'MISSED'}); peak RSS < ${targets.peakRssMiB} MiB: ${figures.peakRssMiB < targets.peakRssMiB ? 'met' : 'MISSED'}`,
  );
}

/**
 * With --reuse-load on SQLite, the loaded database (both packages staged, the first decided
 * "create") is kept in .bench/ after the first run and copied for the next ones: Load is not
 * what this measures, and it takes longer than Process. A build that adds a migration applies it
 * when it opens the copy, before anything is timed.
 */
async function prepareOnce(dialect, dir, databaseUrl, packages) {
  if (!values['reuse-load'] || dialect !== 'sqlite') return child('prepare', dir, databaseUrl, [packages]);
  const cached = path.join(
    workDir,
    `loaded-${path.basename(packages[0], '.zip')}-${path.basename(packages[1], '.zip')}`,
  );
  const jobsFile = path.join(cached, 'bench-jobs.json');
  if (!fs.existsSync(jobsFile)) {
    const partial = `${cached}.partial-${process.pid}`;
    fs.mkdirSync(partial, { recursive: true });
    const prepared = await child('prepare', partial, databaseUrl, [packages]);
    fs.writeFileSync(path.join(partial, 'bench-jobs.json'), JSON.stringify(prepared));
    fs.renameSync(partial, cached);
  }
  fs.cpSync(cached, dir, { recursive: true });
  return JSON.parse(fs.readFileSync(jobsFile, 'utf8'));
}

async function bench(dialect, databaseUrl, packages, contacts) {
  const dir = fs.mkdtempSync(path.join(workDir, `process-${dialect}-`));
  try {
    const { jobs } = await prepareOnce(dialect, dir, databaseUrl, packages);
    const creates = await child('processJob', dir, databaseUrl, [jobs[0]]);
    const { merges } = await decideMergesChild(dir, databaseUrl, jobs);
    const merged = await child('processJob', dir, databaseUrl, [jobs[1]]);
    console.log(
      `${dialect}, ${int(contacts)} contacts per package (dist: ${path.relative(process.cwd(), dist) || '.'}):`,
    );
    report('creates', creates.created, creates, targets.createsPerSecond, 'creates');
    report('merges', merged.merged, merged, targets.mergesPerSecond, 'merges');
    if (merged.merged !== merges) console.log(`  (${int(merges - merged.merged)} merges left unprocessed)`);
  } finally {
    if (!values.keep) fs.rmSync(dir, { recursive: true, force: true });
  }
}

const decideMergesChild = (dir, databaseUrl, jobs) => child('decideMerges', dir, databaseUrl, [jobs]);

async function main() {
  const contacts = Number(values.contacts.replaceAll('_', '').replaceAll(',', ''));
  const seed = Number(values.seed);
  if (!Number.isInteger(contacts) || contacts < 1) throw new Error('--contacts must be a whole number ≥ 1');
  fs.mkdirSync(workDir, { recursive: true });
  const packages = [await ensurePackage(contacts, seed), await ensurePackage(contacts, seed + 1)];
  console.log(`load average ${os.loadavg()[0].toFixed(1)} on ${os.availableParallelism()} CPUs`);
  if (!values['no-sqlite']) await bench('sqlite', undefined, packages, contacts);
  if (values.postgres) await withPostgresDatabase((url) => bench('postgres', url, packages, contacts));
}

if (values.phase) await runPhase();
else await main();
