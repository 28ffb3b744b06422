import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../support/cli.js';

const launcher = path.join(repoRoot, 'bin/dovetail.js');
const recorder = path.join(repoRoot, 'test/support/record-loaded-modules.mjs');

/** Runs the CLI and answers the modules it loaded, as paths below dist/ or package names. */
function modulesLoadedBy(args: string[], env: Record<string, string>): Promise<string[]> {
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
      resolve(
        urls.map((url) => {
          const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
          if (pkg?.[1]) return pkg[1];
          const own = /\/dist\/(.+)$/.exec(url);
          return own?.[1] ?? url;
        }),
      );
    });
  });
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
