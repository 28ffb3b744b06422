#!/usr/bin/env node
/**
 * CLI start-up benchmark: how long `dovetail imports list` takes from spawn to exit on an
 * existing SQLite data folder, beside `node -e ""` (the floor: starting Node itself) measured in
 * the same run. Target (issue 17): 0.3 s.
 *
 *   npm run bench:cli                 # 15 runs of each, median reported
 *   npm run bench:cli -- --runs 30
 *
 * A measurement, not a test: it prints the figures and the load average and exits 0.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const launcher = path.join(repoRoot, 'bin', 'dovetail.js');
const targetSeconds = 0.3;

const { values } = parseArgs({ options: { runs: { type: 'string', default: '15' } } });
const runs = Number(values.runs);

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dovetail-bench-cli-'));
const env = { ...process.env, DOVETAIL_DATA_DIR: dataDir, DATABASE_URL: '' };

function secondsOf(args) {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  if (result.status !== 0) throw new Error(`${args.join(' ')} failed: ${result.stderr}`);
  return Number(process.hrtime.bigint() - started) / 1e9;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

try {
  secondsOf([launcher, 'imports', 'list']); // creates and migrates the database
  const node = [];
  const cli = [];
  // Interleaved, so a change in the machine's load touches both series alike.
  for (let run = 0; run < runs; run += 1) {
    node.push(secondsOf(['-e', '']));
    cli.push(secondsOf([launcher, 'imports', 'list']));
  }
  const cliMedian = median(cli);
  const nodeMedian = median(node);
  console.log(
    `load average ${os
      .loadavg()
      .map((load) => load.toFixed(2))
      .join(' ')}, ${runs} runs each`,
  );
  console.log(`node -e "":               median ${nodeMedian.toFixed(3)} s`);
  console.log(
    `dovetail imports list:    median ${cliMedian.toFixed(3)} s (${(cliMedian / nodeMedian).toFixed(1)}× node) — target ${targetSeconds} s: ${cliMedian <= targetSeconds ? 'met' : 'MISSED'}`,
  );
} finally {
  fs.rmSync(dataDir, { recursive: true, force: true });
}
