import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../support/cli.js';

const launcher = path.join(repoRoot, 'bin/dovetail.js');
const recorder = path.join(repoRoot, 'test/support/record-loaded-modules.mjs');

const bundleDir = path.join(repoRoot, 'dist/cli-bundle');

/** A module as the assertions name it: a path below dist/ or a package name. */
function moduleName(pathOrUrl: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(pathOrUrl);
  if (pkg?.[1]) return pkg[1];
  const own = /(?:^|\/)dist\/(.+)$/.exec(pathOrUrl);
  return own?.[1] ?? pathOrUrl;
}

/**
 * Runs the CLI and answers the files it loaded: the bundle's chunks (dist/cli-bundle/, see
 * scripts/build-cli-bundle.js) and whatever it imports from outside the bundle.
 */
function filesLoadedBy(args: string[], env: Record<string, string>): Promise<string[]> {
  const logFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dovetail-modules-')), 'loaded.txt');
  const child = spawn(process.execPath, ['--import', recorder, launcher, ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env, DOVETAIL_TEST_MODULE_LOG: logFile },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`dovetail ${args.join(' ')} exited ${code}: ${stderr}`));
      const urls = fs.readFileSync(logFile, 'utf8').split('\n').filter(Boolean);
      fs.rmSync(path.dirname(logFile), { recursive: true, force: true });
      resolve(urls.map((url) => (url.startsWith('file:') ? fileURLToPath(url) : url)));
    });
  });
}

/** The modules a command loaded, its bundle chunks opened into the modules each one holds. */
async function modulesLoadedBy(args: string[], env: Record<string, string>): Promise<string[]> {
  const chunkModules = JSON.parse(fs.readFileSync(path.join(bundleDir, 'modules.json'), 'utf8')) as Record<
    string,
    string[]
  >;
  const files = await filesLoadedBy(args, env);
  return files.flatMap((file) =>
    path.dirname(file) === bundleDir
      ? (chunkModules[path.basename(file)] ?? [`${file} (not in modules.json)`]).map(moduleName)
      : [moduleName(file)],
  );
}

describe('the CLI loads only what a command needs', () => {
  let dataDir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dovetail-start-up-'));
    env = { DOVETAIL_DATA_DIR: dataDir, DATABASE_URL: '' };
    // The first command creates and migrates the database; start-up is about the ones after it.
    expect((await runCli(['imports', 'list'], env)).code).toBe(0);
  });

  afterAll(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('lists import processes without loading the server, the mapping tool, the generator or the stages', async () => {
    const loaded = await modulesLoadedBy(['imports', 'list'], env);
    expect(loaded).toContain('cli/commands/imports.js');
    const unneeded = loaded.filter(
      (module) =>
        /^(http|mapping-tool|sample\/(?!sample-vocabulary))\//.test(module) ||
        /^pipeline\/(package|parse|load|stage|match\/match-stage|process|undo)\//.test(module) ||
        /^pipeline\/complete\/(complete-import|completion-report-pdf)\.js$/.test(module) ||
        /^cli\/commands\/(?!imports\.js)/.test(module) ||
        ['fastify', '@faker-js/faker', 'pg', 'csv-parse', 'yauzl', 'double-metaphone', 'pdfkit'].includes(
          module,
        ),
    );
    expect(unneeded).toEqual([]);
  });

  it('runs from the bundle, with one copy of each bundled package', async () => {
    const files = await filesLoadedBy(['imports', 'list'], env);
    const unbundled = files.filter(
      (file) =>
        (file.startsWith(path.join(repoRoot, 'dist')) && path.dirname(file) !== bundleDir) ||
        ['kysely', 'zod', 'commander', 'libphonenumber-js'].includes(moduleName(file)),
    );
    expect(files.some((file) => path.dirname(file) === bundleDir)).toBe(true);
    expect(unbundled).toEqual([]);
  });

  it('still lists every command in its help', async () => {
    const { code, stdout } = await runCli(['--help'], env);
    expect(code).toBe(0);
    for (const command of [
      'import',
      'imports',
      'jobs',
      'review',
      'sample',
      'definition',
      'users',
      'notifications',
      'serve',
      'worker',
      'tokens',
      'teams',
      'contacts',
      'mapping',
      'package',
    ]) {
      expect(stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
    }
  });

  it('answers an unknown command with the usage error and exit code 2', async () => {
    const { code, stderr } = await runCli(['imprts', 'list'], env);
    expect(code).toBe(2);
    expect(stderr).toMatch(/unknown command 'imprts'/);
  });
});
