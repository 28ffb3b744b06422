import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { createScratchDatabase, type ScratchDatabase, testDatabases } from '../support/databases.js';
import { tempDir } from '../support/package-builder.js';

// An id past what the id columns hold names no record: the CLI refuses it as a wrong argument
// before it reaches the database (on PostgreSQL it used to fail there, "out of range for type integer").
const postgres = testDatabases.find((database) => database.dialect === 'postgres');

describe.skipIf(!postgres || postgres.skip)('command-line ids on PostgreSQL', () => {
  let scratch: ScratchDatabase;
  let env: Record<string, string>;

  beforeAll(async () => {
    scratch = await createScratchDatabase('postgres');
    env = { DOVETAIL_DATA_DIR: tempDir(), ...scratch.env };
  });
  afterAll(async () => {
    await scratch?.drop();
  });

  it.each([
    [['imports', 'show', '2147483648'], /is not an import process id/],
    [['review', 'list', '2147483648'], /is not an import process id/],
    [['contacts', 'show', '2147483648', '-u', 'admin'], /is not a contact id/],
  ])('dovetail %j answers a clear wrong-argument error, exit code 2', async (args, message) => {
    const result = await runCli(args, env);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/out of range|\n\s+at /);
    expect(result.code).toBe(2);
  });

  it('still looks the largest id up, and says it is unknown', async () => {
    const result = await runCli(['imports', 'show', '2147483647'], env);
    expect(result.code).toBe(4);
    expect(result.stderr).not.toMatch(/out of range/);
  });
});
