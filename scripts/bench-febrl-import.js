#!/usr/bin/env node
/**
 * Match quality on the FEBRL sets (test/fixtures/febrl) through the path a user takes, with the
 * CLI only: the mapping tool suggests the mapping of the FEBRL CSV, `package build` zips it,
 * `import` loads it on an advisor's behalf, `review match` runs the Match stage (its own model
 * estimate, blocking and visibility rule), and `review export --all-suggestions` gives the
 * suggestions, which are measured against the true pairs (`rec-N-…` is one person N).
 *
 *   (a) dataset2 as one package: pairs of records of one person found inside the package;
 *   (b) dataset1's originals imported, processed and completed as the advisor's contacts, then
 *       its duplicates imported on the advisor's behalf: each duplicate's best suggestion.
 *
 *   npm run bench:febrl-import              # both sets, in .bench/febrl-import-<pid>, removed after
 *   npm run bench:febrl-import -- --keep    # keep the data folders to look at
 *
 * bench:match measures the same sets in memory, in seconds; this takes a minute or two and checks
 * that the real path agrees. It is a measurement, not a test: it prints, and exits 0.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse/sync';
import { run } from './bench-processes.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const launcher = path.join(repoRoot, 'bin', 'dovetail.js');
const fixtures = path.join(repoRoot, 'test', 'fixtures', 'febrl');

/** Issue 16's acceptance for High + Medium. */
const targets = { onePackageF1: 0.98, precision: 0.99, recall: 0.98 };

const { values } = parseArgs({ options: { keep: { type: 'boolean', default: false } } });
const workDir = path.join(repoRoot, '.bench', `febrl-import-${process.pid}`);

/** The N of rec-N-org / rec-N-dup-K: the person a record is. */
const personOf = (recId) => /^rec-(\d+)-/.exec(recId)?.[1];

/** A FEBRL CSV's header and its records, by rec_id. */
function readFebrlLines(file) {
  const [header, ...lines] = fs
    .readFileSync(path.join(fixtures, file), 'utf8')
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '');
  return { header, lines, recIdOf: (line) => line.split(',')[0].trim() };
}

class Installation {
  constructor(name) {
    this.dir = path.join(workDir, name);
    fs.mkdirSync(this.dir, { recursive: true });
    this.env = { ...process.env, DOVETAIL_DATA_DIR: path.join(this.dir, 'data'), DATABASE_URL: '' };
  }

  /** Runs the CLI; exit code 3 says rows had problems (listed, not a failure): a refused row is part of the measure. */
  async cli(...args) {
    const result = await run(process.execPath, [launcher, ...args], { env: this.env, cwd: this.dir });
    if (result.code !== 0 && result.code !== 3)
      throw new Error(`dovetail ${args.join(' ')} exited ${result.code}:\n${result.stderr}`);
    return result.stdout;
  }

  /** A package of one CSV, mapped by the mapping tool as it suggests (no hand edits). */
  async package(name, header, lines) {
    const folder = path.join(this.dir, name);
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, 'people.csv'), `${[header, ...lines].join('\n')}\n`);
    await this.cli('definition', '--for', 'advisor', '--out', this.dir);
    const definition = fs.readdirSync(this.dir).find((file) => file.endsWith('Import Definition.json'));
    await this.cli(
      'mapping',
      'suggest',
      path.join(folder, 'people.csv'),
      '--definition',
      path.join(this.dir, definition),
      '--out',
      `${folder}-package`,
      '--name',
      name,
    );
    const zip = `${folder}.zip`;
    await this.cli('package', 'build', `${folder}-package`, '--out', zip);
    return zip;
  }

  /** Imports and matches a package on the advisor's behalf; the job's id. */
  async importAndMatch(zip, description) {
    const job = JSON.parse(
      await this.cli('import', zip, '-d', description, '-o', 'advisor', '--wait', '--json'),
    );
    await this.cli('review', 'match', String(job.id), '--wait');
    return job.id;
  }

  async suggestions(jobId) {
    const out = path.join(this.dir, `matches-${jobId}.csv`);
    await this.cli('review', 'export', String(jobId), '--all-suggestions', '--out', out);
    return parse(fs.readFileSync(out, 'utf8'), { columns: true });
  }
}

/** The legacy keys a suggestion points at: an existing contact's ("file: key") or a package mate's. */
const suggestedKeys = (row) =>
  row['Match Legacy Keys']
    .split(';')
    .map((entry) => entry.trim().split(': ').at(-1))
    .filter(Boolean);

const figures = (right, wrong, truth) => {
  const precision = right / Math.max(1, right + wrong);
  const recall = right / truth;
  return {
    right,
    wrong,
    missed: truth - right,
    precision,
    recall,
    f1: (2 * precision * recall) / (precision + recall || 1),
  };
};

const line = (label, f) =>
  `  ${label.padEnd(14)} precision ${f.precision.toFixed(4)}  recall ${f.recall.toFixed(4)}  F1 ${f.f1.toFixed(4)}   ` +
  `(${f.right.toLocaleString('en-US')} right, ${f.wrong} wrong, ${f.missed} missed)`;
const verdict = (ok) => (ok ? 'met' : 'MISSED');

/** (a): every pair of records of one person is a true pair; a pair counts once, whichever side suggested it. */
async function onePackage() {
  const { header, lines, recIdOf } = readFebrlLines('dataset2.csv');
  const install = new Installation('a');
  await install.cli('users', 'add', 'advisor');
  const zip = await install.package('febrl-dataset2', header, lines);
  const rows = await install.suggestions(await install.importAndMatch(zip, 'FEBRL dataset2'));
  const byPerson = new Map();
  for (const line of lines)
    byPerson.set(personOf(recIdOf(line)), (byPerson.get(personOf(recIdOf(line))) ?? 0) + 1);
  const truePairs = [...byPerson.values()].reduce((sum, n) => sum + (n * (n - 1)) / 2, 0);
  const result = {};
  for (const [label, bands] of [
    ['High', ['High']],
    ['High + Medium', ['High', 'Medium']],
  ]) {
    const found = new Map();
    for (const row of rows) {
      if (!bands.includes(row.Band)) continue;
      for (const other of suggestedKeys(row)) {
        const pair = [row['Legacy Key'], other].sort().join(' ');
        found.set(pair, personOf(row['Legacy Key']) === personOf(other));
      }
    }
    const right = [...found.values()].filter(Boolean).length;
    result[label] = figures(right, found.size - right, truePairs);
  }
  console.log(
    `(a) FEBRL dataset2 as one package: ${lines.length.toLocaleString('en-US')} records, ${truePairs.toLocaleString('en-US')} true pairs`,
  );
  console.log(line('High', result.High));
  console.log(line('High + Medium', result['High + Medium']));
  console.log(
    `  target for High + Medium: F1 ≥ ${targets.onePackageF1}: ${verdict(result['High + Medium'].f1 >= targets.onePackageF1)}`,
  );
}

/** (b): each duplicate's best suggestion (rank 1) against its original. */
async function existingAndIncoming() {
  const { header, lines, recIdOf } = readFebrlLines('dataset1.csv');
  const originals = lines.filter((line) => recIdOf(line).endsWith('-org'));
  const duplicates = lines.filter((line) => !recIdOf(line).endsWith('-org'));
  const install = new Installation('b');
  await install.cli('users', 'add', 'advisor');
  const first = await install.importAndMatch(
    await install.package('febrl-originals', header, originals),
    'FEBRL originals',
  );
  await install.cli('review', 'bulk', String(first), '--action', 'create');
  await install.cli('review', 'process', String(first), '--wait');
  await install.cli('review', 'complete', String(first), '--yes', '--wait');
  const second = await install.importAndMatch(
    await install.package('febrl-duplicates', header, duplicates),
    'FEBRL duplicates',
  );
  const best = (await install.suggestions(second)).filter((row) => row['Suggestion Rank'] === '1');
  const result = {};
  for (const [label, bands] of [
    ['High', ['High']],
    ['High + Medium', ['High', 'Medium']],
    ['all bands', ['High', 'Medium', 'Low']],
  ]) {
    const chosen = best.filter((row) => bands.includes(row.Band));
    const right = chosen.filter((row) =>
      suggestedKeys(row).some((key) => personOf(key) === personOf(row['Legacy Key'])),
    ).length;
    result[label] = figures(right, chosen.length - right, duplicates.length);
  }
  console.log(
    `(b) FEBRL dataset1: ${originals.length} originals imported and completed, ${duplicates.length} duplicates matched against them`,
  );
  for (const label of Object.keys(result)) console.log(line(label, result[label]));
  const confident = result['High + Medium'];
  console.log(
    `  targets for High + Medium: precision ≥ ${targets.precision}: ${verdict(confident.precision >= targets.precision)}, ` +
      `recall ≥ ${targets.recall}: ${verdict(confident.recall >= targets.recall)}`,
  );
}

try {
  await onePackage();
  await existingAndIncoming();
} finally {
  if (values.keep) console.log(`kept ${path.relative(process.cwd(), workDir)}`);
  else fs.rmSync(workDir, { recursive: true, force: true });
}
