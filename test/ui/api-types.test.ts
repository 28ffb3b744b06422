import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/cli.js';

describe("the web UI's API types", () => {
  it('are generated from the OpenAPI document of the current server (npm run api-types)', async () => {
    // The script renders from dist/, which `npm test` builds first, as the CLI tests need.
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [path.join(repoRoot, 'scripts/generate-api-types.js'), '--check'],
      { cwd: repoRoot },
    );
    expect(stdout).toContain('is current');
  });
});
