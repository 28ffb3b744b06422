import { afterEach, beforeEach, expect, it } from 'vitest';
import { openApp } from '../../src/app/open-app.js';
import { runCli } from '../support/cli.js';
import { createScratchDatabase, describeEachDatabase, type ScratchDatabase } from '../support/databases.js';
import { tempDir } from '../support/package-builder.js';

describeEachDatabase(({ dialect }) => {
  let scratch: ScratchDatabase;
  let env: Record<string, string>;
  beforeEach(async () => {
    scratch = await createScratchDatabase(dialect);
    env = { DOVETAIL_DATA_DIR: tempDir('dovetail-cli-reindex-'), DOVETAIL_USER: '', ...scratch.env };
  });
  afterEach(async () => {
    await scratch?.drop();
  });

  it('dovetail contacts reindex --json rebuilds the lost keys and profiles and counts them', async () => {
    const app = await openApp(env);
    let keys: number;
    let annKeys: number;
    try {
      const user = (await app.repositories.users.findByUserName('admin'))!;
      const admin = { id: user.id, userName: user.user_name, isAdmin: true };
      const ids: number[] = [];
      for (const [firstName, lastName, email] of [
        ['Ann', 'Lee', 'ann@lee.example'],
        ['Bob', 'Kowalski', 'bob@k.example'],
        ['Carla', 'Jiménez', 'carla@j.example'],
      ] as const) {
        const contact = await app.contacts.create(admin, {
          kind: 'person',
          firstName,
          lastName,
          communications: [{ value: email }],
        });
        ids.push(contact.id);
      }
      const rows = await app.db.selectFrom('contact_match_keys').select('contact_id').execute();
      keys = rows.length;
      annKeys = rows.filter((row) => row.contact_id === ids[0]).length;
      await app.db.deleteFrom('contact_match_keys').where('contact_id', '=', ids[0]!).execute();
      await app.db.deleteFrom('contact_match_profiles').where('contact_id', 'in', ids.slice(1)).execute();
    } finally {
      await app.close();
    }

    const result = await runCli(['contacts', 'reindex', '--json'], env);
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary).toEqual({
      contacts: 3,
      keysBefore: keys - annKeys,
      keysAfter: keys,
      profilesBefore: 1,
      profilesWritten: 3,
      seconds: expect.any(Number),
    });

    // Run again: the same entries before and after, said in one line.
    const again = await runCli(['contacts', 'reindex'], env);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(
      new RegExp(
        `^Reindexed 3 contacts in \\d+\\.\\d s: ${keys} blocking keys before, ${keys} now; ` +
          '3 match profiles written \\(3 stored before\\)\\.\n$',
      ),
    );
  }, 120_000);
});
