import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app/open-app.js';
import { MatchSeedingRepository } from '../../src/db/repositories/match-seeding.repository.js';
import { dryRunPackage } from '../../src/pipeline/dry-run/dry-run-package.js';
import { blockingKeysFor } from '../../src/pipeline/match/blocking-keys.js';
import { completeProfile } from '../../src/pipeline/match/match-profile.js';
import { runCli } from '../support/cli.js';
import { describeEachDatabase } from '../support/databases.js';
import { tempDir } from '../support/package-builder.js';
import { importAndWait, openTestApp } from '../support/test-app.js';

const examples = path.resolve(import.meta.dirname, '../../examples');

describeEachDatabase((database) => {
  let app: App;
  beforeEach(async () => {
    app = await openTestApp({}, database.dialect);
  });
  afterEach(async () => {
    await app.close();
  });

  const dryRun = async (file: string, userName = 'admin') => {
    const user = await app.repositories.users.findByUserName(userName);
    return dryRunPackage({
      packagePath: path.join(examples, file),
      onBehalfOfUserId: user!.id,
      repositories: app.repositories,
      config: app.config,
    });
  };

  it('rejects the same rows with the same errors as an import, and stages nothing', async () => {
    const report = await dryRun('northwind-errors.zip');
    expect(await app.imports.list({})).toHaveLength(0);

    const job = await importAndWait(app, path.join(examples, 'northwind-errors.zip'));
    expect(report.errorCount).toBe(job.counts.errorCount);
    const rejected = report.files.reduce((sum, file) => sum + file.rowsRejected, 0);
    expect(rejected).toBe(job.counts.rowsRejected);
    expect(report.errors.map((error) => `${error.file}:${error.line}:${error.code}`)).toContain(
      'contacts.csv:22:ROW_DUPLICATE_KEY',
    );
  });

  it('says which contacts would match an existing contact and which would be created', async () => {
    const admin = await app.repositories.users.findByUserName('admin');
    const kristopher = completeProfile({
      kind: 'person',
      firstName: 'Kris',
      lastName: 'Smitham-Bins',
      birthDate: '1946-03-24',
      emails: ['kristopher.smithambins@skiles-ledner.co.uk'],
    });
    await new MatchSeedingRepository(app.db, database.dialect).addContacts(admin!.id, [
      { profile: kristopher, keys: blockingKeysFor(kristopher) },
    ]);

    const report = await dryRun('northwind-good.zip');

    expect(report.matched.High).toBeGreaterThanOrEqual(1);
    expect(report.wouldCreate + report.matched.High + report.matched.Medium + report.matched.Low).toBe(
      report.contacts,
    );
    expect(report.errorCount).toBe(0);
  });
});

describe('dovetail import --dry-run', () => {
  it('prints what would happen, needs no description and creates no import process', async () => {
    const env = { DOVETAIL_DATA_DIR: tempDir('dovetail-dry-run-') };
    const result = await runCli(['import', '--dry-run', path.join(examples, 'northwind-errors.zip')], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Dry run: nothing was staged or changed.');
    expect(result.stdout).toContain('[ROW_DUPLICATE_KEY]');
    expect(result.stdout).toMatch(/would be created \(no match\): \d+/);
    const list = await runCli(['imports', 'list', '--json'], env);
    expect(JSON.parse(list.stdout)).toEqual([]);
  });
});
