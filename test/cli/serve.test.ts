import { describe, expect, it } from 'vitest';
import { runCli, startCli, waitFor } from '../support/cli.js';
import { tempDir } from '../support/package-builder.js';

describe('dovetail serve', () => {
  it('prints the generated administrator password once, serves the API, and stops on SIGTERM', async () => {
    const env = { DOVETAIL_DATA_DIR: tempDir(), DATABASE_URL: '', PORT: '0' };
    const server = startCli(['serve'], env);
    let stdout = '';
    server.stdout?.on('data', (chunk) => {
      stdout += chunk;
    });
    const exited = new Promise<number | null>((resolve) => server.on('close', resolve));
    try {
      const url = await waitFor(
        () => /listening on (http:\/\/\S+)/.exec(stdout)?.[1],
        'the server to listen',
      );
      const password = /with the password: (\S+)/.exec(stdout)?.[1];
      expect(password).toBeDefined();
      const login = await fetch(`${url}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userName: 'admin', password }),
      });
      expect(login.status).toBe(200);
    } finally {
      server.kill('SIGTERM');
    }
    expect(await exited).toBe(0);

    const again = startCli(['serve'], env);
    let secondStdout = '';
    again.stdout?.on('data', (chunk) => {
      secondStdout += chunk;
    });
    const againExited = new Promise<number | null>((resolve) => again.on('close', resolve));
    await waitFor(() => /listening on/.test(secondStdout), 'the second start to listen');
    again.kill('SIGTERM');
    expect(await againExited).toBe(0);
    expect(secondStdout).not.toMatch(/password/);
  });

  it('sets passwords, grants privileges and creates API tokens from the CLI', async () => {
    const env = { DOVETAIL_DATA_DIR: tempDir(), DATABASE_URL: '' };
    expect((await runCli(['users', 'add', 'advisor'], env)).code).toBe(0);
    const passwd = await runCli(['users', 'passwd', 'advisor', '--password', 'secret-password'], env);
    expect(passwd.code, passwd.stderr).toBe(0);
    const grant = await runCli(['users', 'grant', 'advisor', 'ImportProcessView'], env);
    expect(grant.code, grant.stderr).toBe(0);
    const wrong = await runCli(['users', 'grant', 'advisor', 'Everything'], env);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/ImportProcessView, ImportProcessManage/);
    const token = await runCli(['tokens', 'create', 'advisor', '--name', 'nightly'], env);
    expect(token.code, token.stderr).toBe(0);
    expect(token.stdout.trim()).toMatch(/^dvt_[\w-]{20,}$/);
  });
});
