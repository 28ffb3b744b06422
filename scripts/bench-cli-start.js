#!/usr/bin/env node
/**
 * CLI start-up benchmark: how long `dovetail imports list` takes from spawn to exit on an
 * existing SQLite data folder, beside `node -e ""` (the floor: starting Node itself) measured in
 * the same run. Target (issue 17): 0.3 s. Wall time, and on Linux the CPU time (user + system)
 * of each run too, which a busy machine disturbs much less.
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

/** Clock ticks per second of /proc's CPU times (USER_HZ): 100 on every usual Linux build. */
const ticksPerSecond = 100;

/**
 * CPU seconds (user + system) of this process's children that have been waited for, from
 * /proc/self/stat (fields cutime and cstime); undefined where there is no /proc.
 */
function childrenCpuSeconds() {
  if (!fs.existsSync('/proc/self/stat')) return undefined;
  const stat = fs.readFileSync('/proc/self/stat', 'utf8');
  // Fields after the command name, which is in parentheses and may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) / ticksPerSecond;
}

/** Wall and CPU seconds of one run. */
function secondsOf(args) {
  const cpuBefore = childrenCpuSeconds();
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  if (result.status !== 0) throw new Error(`${args.join(' ')} failed: ${result.stderr}`);
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  const cpuAfter = childrenCpuSeconds();
  return { wall, cpu: cpuAfter === undefined ? undefined : cpuAfter - cpuBefore };
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
  const figures = (series) => {
    const wall = median(series.map((run) => run.wall));
    const cpus = series.map((run) => run.cpu);
    const cpu = cpus.includes(undefined) ? undefined : median(cpus);
    return {
      wall,
      cpu,
      text: `median ${wall.toFixed(3)} s${cpu === undefined ? '' : `, CPU ${cpu.toFixed(2)} s`}`,
    };
  };
  const cliFigures = figures(cli);
  const nodeFigures = figures(node);
  console.log(
    `load average ${os
      .loadavg()
      .map((load) => load.toFixed(2))
      .join(' ')}, ${runs} runs each (CPU = user + system, in steps of 0.01 s)`,
  );
  console.log(`node -e "":               ${nodeFigures.text}`);
  console.log(
    `dovetail imports list:    ${cliFigures.text} (${(cliFigures.wall / nodeFigures.wall).toFixed(1)}× node) — target ${targetSeconds} s: ${cliFigures.wall <= targetSeconds ? 'met' : 'MISSED'}`,
  );
} finally {
  fs.rmSync(dataDir, { recursive: true, force: true });
}
