/**
 * What the benchmark scripts share to run and measure child processes: a runner that times a
 * command from spawn to exit, GNU time for CPU seconds and peak RSS (what only the kernel knows
 * at exit), and the /proc readings they poll. bench.js (Load) and bench-e2e.js (every stage) use it.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const gnuTime = '/usr/bin/time';

/**
 * Runs a command and resolves with its exit status and output. `seconds` is measured from spawn
 * to the 'exit' event (not 'close', which also waits for the pipes to drain). `onSpawn` gets the
 * child, for pollers that watch it while it runs.
 */
export function run(command, args, { env, cwd, onSpawn } = {}) {
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

export function isExecutable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The full path of an executable on PATH, or null: the benches report missing tools instead of crashing. */
export function findOnPath(name) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir || '.', name);
    if (isExecutable(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return null;
}

/** User+system seconds and peak RSS (KiB) from the report of `/usr/bin/time -v -o file`, or null. */
export function readTimeReport(file) {
  try {
    const text = fs.readFileSync(file, 'utf8');
    const field = (label) => Number(new RegExp(`${label}:\\s*([\\d.]+)`).exec(text)?.[1] ?? Number.NaN);
    const user = field('User time \\(seconds\\)');
    const system = field('System time \\(seconds\\)');
    const maxRssKb = field('Maximum resident set size \\(kbytes\\)');
    if ([user, system, maxRssKb].some(Number.isNaN)) return null;
    return { cpuSeconds: user + system, maxRssKb };
  } catch {
    return null;
  }
}

/**
 * Runs a command to its end under GNU time when it is installed, writing its report to
 * `timeFile`: the result of run() plus `usage` ({ cpuSeconds, maxRssKb }, or null without GNU
 * time). `onSpawn(child, underTime)` says whether the spawned process is the command itself or
 * GNU time (its parent), for pollers that need the command's own pid.
 */
export async function runUnderTime(command, args, { timeFile, onSpawn, ...options }) {
  if (!isExecutable(gnuTime)) {
    const result = await run(command, args, { ...options, onSpawn: (child) => onSpawn?.(child, false) });
    return { ...result, usage: null };
  }
  const wrapped = ['-v', '-o', timeFile, command, ...args];
  const result = await run(gnuTime, wrapped, { ...options, onSpawn: (child) => onSpawn?.(child, true) });
  return { ...result, usage: readTimeReport(timeFile) };
}

/** The (single) child of a process: node itself when it runs under /usr/bin/time. */
export function firstChildPid(pid) {
  try {
    const first = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/)[0];
    return first ? Number(first) : null;
  } catch {
    return null;
  }
}

/** The 1-, 5- and 15-minute load averages as /proc/loadavg gives them ("0.52 0.61 0.70"). */
export const loadAverage = () => fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
