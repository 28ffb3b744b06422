import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app/open-app.js';
import { DovetailError } from '../../src/errors/dovetail-error.js';
import { runCli } from '../support/cli.js';
import { tempDir } from '../support/package-builder.js';
import { openTestApp } from '../support/test-app.js';

// The API signs in with a user name of at most 100 characters and a password of at most 1,000:
// the commands that make users and passwords keep to the same bounds, or the user could never sign in.
describe('users made on the command line', () => {
  let app: App | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('dovetail users add refuses a user name over 100 characters, exit code 2, and adds no user', async () => {
    const env = { DOVETAIL_DATA_DIR: tempDir(), DATABASE_URL: '' };
    const refused = await runCli(['users', 'add', 'u'.repeat(101)], env);
    expect(refused.stderr).toMatch(/^Error \[INVALID_ARGUMENT\]: A user name has 1 to 100 characters/);
    expect(refused.code).toBe(2);
    expect((await runCli(['users', 'add', 'u'.repeat(100)], env)).code).toBe(0);
    const listed = await runCli(['users', 'list', '--json'], env);
    expect(listed.stdout).not.toContain('u'.repeat(101));
    expect(listed.stdout).toContain('u'.repeat(100));
  });

  it('refuses a password over 1,000 characters or with a NUL, as dovetail users passwd does', async () => {
    app = await openTestApp({});
    for (const password of ['p'.repeat(1_001), 'password\u0000']) {
      const error = await app.auth.setPassword('admin', password).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(DovetailError);
      expect((error as DovetailError).code).toBe('INVALID_ARGUMENT');
    }
    await app.auth.setPassword('admin', 'p'.repeat(1_000));
    expect(await app.auth.verifyLogin('admin', 'p'.repeat(1_000))).toBeDefined();
  });
});
