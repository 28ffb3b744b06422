#!/usr/bin/env node
/**
 * Measures the server's memory while a large package is uploaded over HTTP: starts
 * `dovetail serve` (SQLite, a scratch data folder), streams a ZIP of N MiB (stored entries of
 * random data: the server stores the upload before it validates anything) to POST /api/imports,
 * and samples the server's resident memory (VmRSS) at rest and during the upload.
 *
 *   node scripts/bench-upload.js [--upload-mb 1024] [--keep]
 *
 * `npm run bench` runs it after the load benchmark (`--upload-mb N` picks the size, `--no-upload`
 * skips it). Linux only (it reads /proc/<pid>/status). Not a test: it prints figures.
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import yazl from 'yazl';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const workDir = path.join(repoRoot, '.bench');
const launcher = path.join(repoRoot, 'bin/dovetail.js');
const MiB = 1024 ** 2;
const entryMiB = 64;
const password = 'bench-upload-password';

/** A ZIP of about `megabytes` MiB of stored (uncompressed) random data; reused when present. */
async function ensureZip(megabytes) {
  const zipPath = path.join(workDir, `upload-${megabytes}mb.zip`);
  if (fs.existsSync(zipPath)) return zipPath;
  fs.mkdirSync(workDir, { recursive: true });
  const block = crypto.randomBytes(MiB);
  const zip = new yazl.ZipFile();
  for (let done = 0, index = 0; done < megabytes; index++) {
    const size = Math.min(entryMiB, megabytes - done);
    const data = new PassThrough();
    zip.addReadStream(data, `random-${index}.bin`, { compress: false });
    (async () => {
      for (let i = 0; i < size; i++) {
        if (!data.write(block)) await new Promise((resolve) => data.once('drain', resolve));
      }
      data.end();
    })();
    done += size;
  }
  zip.end();
  const partial = `${zipPath}.partial`;
  await pipeline(zip.outputStream, fs.createWriteStream(partial));
  fs.renameSync(partial, zipPath);
  return zipPath;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function rssBytes(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+) kB/m.exec(status);
  return match ? Number(match[1]) * 1024 : 0;
}

/** Samples the process's RSS every 50 ms until stop() is called; stop() returns the peak. */
function sampleRss(pid) {
  let peak = rssBytes(pid);
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, rssBytes(pid));
    } catch {
      // The process ended.
    }
  }, 50);
  return () => {
    clearInterval(timer);
    return peak;
  };
}

async function startServer(dataDir) {
  const port = await freePort();
  const child = spawn(process.execPath, [launcher, 'serve', '--port', String(port)], {
    cwd: repoRoot,
    env: {
      ...process.env,
      DOVETAIL_DATA_DIR: dataDir,
      DATABASE_URL: '',
      DOVETAIL_ADMIN_PASSWORD: password,
      DOVETAIL_MAX_PACKAGE_BYTES: String(64 * 1024 * MiB),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (output.includes('listening on')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`dovetail serve exited (${code}): ${output}`)));
  });
  return { child, baseUrl: `http://127.0.0.1:${port}` };
}

async function login(baseUrl) {
  const response = await fetch(`${baseUrl}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userName: 'admin', password }),
  });
  if (response.status !== 200) throw new Error(`login answered ${response.status}`);
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';')[0])
    .join('; ');
}

/** POST /api/imports with the ZIP streamed from disk as a multipart body of known length. */
function streamUpload(baseUrl, cookie, zipPath) {
  const boundary = `----dovetail-bench-${crypto.randomBytes(8).toString('hex')}`;
  const head =
    `--${boundary}\r\nContent-Disposition: form-data; name="description"\r\n\r\nUpload benchmark\r\n` +
    `--${boundary}\r\nContent-Disposition: form-data; name="package"; filename="${path.basename(zipPath)}"\r\n` +
    'Content-Type: application/zip\r\n\r\n';
  const tail = `\r\n--${boundary}--\r\n`;
  const length = Buffer.byteLength(head) + fs.statSync(zipPath).size + Buffer.byteLength(tail);
  return new Promise((resolve, reject) => {
    const request = http.request(`${baseUrl}/api/imports`, {
      method: 'POST',
      headers: {
        cookie,
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': String(length),
      },
    });
    request.once('error', reject);
    request.once('response', (response) => {
      let body = '';
      response.on('data', (chunk) => {
        body += chunk;
      });
      response.on('end', () => resolve({ status: response.statusCode, body }));
    });
    request.write(head);
    const file = fs.createReadStream(zipPath);
    file.pipe(request, { end: false });
    file.once('error', reject);
    file.once('end', () => request.end(tail));
  });
}

const mib = (bytes) => `${(bytes / MiB).toFixed(0)} MiB`;

/** Runs the measurement and returns its figures (also used by scripts/bench.js). */
export async function measureUpload({ megabytes = 1024, keep = false } = {}) {
  if (process.platform !== 'linux') return { skipped: 'the upload benchmark reads /proc (Linux only)' };
  const zipPath = await ensureZip(megabytes);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dovetail-bench-upload-'));
  const { child, baseUrl } = await startServer(dataDir);
  try {
    const cookie = await login(baseUrl);
    const stopAtRest = sampleRss(child.pid);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const restRss = stopAtRest();
    const stopDuring = sampleRss(child.pid);
    const started = process.hrtime.bigint();
    const response = await streamUpload(baseUrl, cookie, zipPath);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const peakRss = stopDuring();
    if (response.status !== 202) throw new Error(`the upload answered ${response.status}: ${response.body}`);
    return {
      uploadBytes: fs.statSync(zipPath).size,
      seconds,
      restRssBytes: restRss,
      peakRssBytes: peakRss,
      zipPath,
    };
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    if (!keep) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export function formatUpload(figures) {
  if (figures.skipped) return `Upload: skipped (${figures.skipped})`;
  const rate = figures.uploadBytes / MiB / figures.seconds;
  return (
    `Upload of a ${mib(figures.uploadBytes)} package to dovetail serve over HTTP: ${figures.seconds.toFixed(1)} s ` +
    `(${rate.toFixed(0)} MiB/s); server RSS ${mib(figures.restRssBytes)} at rest, ` +
    `peak ${mib(figures.peakRssBytes)} during the upload (+${mib(figures.peakRssBytes - figures.restRssBytes)})`
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: { 'upload-mb': { type: 'string', default: '1024' }, keep: { type: 'boolean', default: false } },
  });
  const megabytes = Number(values['upload-mb']);
  if (!Number.isInteger(megabytes) || megabytes < 1) {
    process.stderr.write('bench-upload: --upload-mb must be a whole number ≥ 1\n');
    process.exit(1);
  }
  const figures = await measureUpload({ megabytes, keep: values.keep });
  process.stdout.write(`${formatUpload(figures)}\nBENCH_UPLOAD_JSON ${JSON.stringify(figures)}\n`);
}
