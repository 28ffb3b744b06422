import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../support/cli.js';
import { tempDir } from '../support/package-builder.js';

const { version } = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
  version: string;
};

describe('dovetail --version', () => {
  it('prints the version of package.json and exits 0, as -V does', async () => {
    for (const flag of ['--version', '-V']) {
      const result = await runCli([flag], { DOVETAIL_DATA_DIR: tempDir() });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout.trim()).toBe(version);
    }
  });

  it('lists --version in the help', async () => {
    const result = await runCli(['--help'], { DOVETAIL_DATA_DIR: tempDir() });
    expect(result.stdout).toMatch(/-V, --version +print the version of Dovetail/);
  });
});
