import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { tempDir } from '../support/package-builder.js';

describe('dovetail teams, users and contacts', () => {
  it('adds teams and members, and lists, searches, shows, adds and deletes contacts as a user', async () => {
    const env = { DOVETAIL_DATA_DIR: tempDir('dovetail-cli-contacts-'), DATABASE_URL: '', DOVETAIL_USER: '' };
    const cli = async (...args: string[]) => {
      const result = await runCli(args, env);
      return { ...result, json: () => JSON.parse(result.stdout) };
    };
    for (const user of ['ann', 'bob', 'cat']) expect((await cli('users', 'add', user)).code).toBe(0);
    expect(
      (await cli('users', 'list', '--json')).json().map((u: { user_name: string }) => u.user_name),
    ).toEqual(['admin', 'ann', 'bob', 'cat']);
    expect((await cli('teams', 'add', 'Advisors')).stdout).toMatch(/Added team Advisors/);
    expect((await cli('teams', 'add', 'Advisors')).code).toBe(6);
    expect((await cli('teams', 'add', 'Mine', '-u', 'ann')).code).toBe(5);
    await cli('teams', 'members', 'add', 'Advisors', 'ann');
    expect((await cli('teams', 'members', 'add', 'Advisors', 'cat', '--json')).json().members).toEqual([
      'ann',
      'cat',
    ]);
    expect((await cli('teams', 'members', 'add', 'Nobody', 'cat')).code).toBe(4);
    expect((await cli('teams', 'list')).stdout).toMatch(/Advisors\s+ann, cat/);

    const added = await cli(
      'contacts',
      'add',
      '-u',
      'ann',
      '--first',
      'Ann',
      '--last',
      'Lee',
      '--email',
      'ann@lee.example',
      '--phone',
      '202 555 0143',
      '--json',
    );
    expect(added.code).toBe(0);
    const annContact = added.json();
    expect(annContact).toMatchObject({
      ownerUserName: 'ann',
      communications: [{ value: 'ann@lee.example' }, { value: '+12025550143' }],
    });
    await cli('contacts', 'add', '-u', 'bob', '--kind', 'company', '--company', 'Bob Corp');
    const invalid = await cli('contacts', 'add', '-u', 'bob', '--last', 'X', '--email', 'nope');
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(/INVALID_ARGUMENT.*"nope" is not a valid email/);
    expect((await cli('contacts', 'add', '-u', 'bob', '--last', 'X', '--owner', 'ann')).code).toBe(5);

    expect((await cli('contacts', 'list', '-u', 'cat', '--json')).json()).toMatchObject({
      items: [{ displayName: 'Ann Lee' }],
      total: 1,
    });
    expect((await cli('contacts', 'list')).stdout).toMatch(/Bob Corp[\s\S]*Ann Lee[\s\S]*2 of 2 contacts/);
    expect((await cli('contacts', 'search', '555-0143', '-u', 'cat')).stdout).toMatch(/Ann Lee/);
    expect((await cli('contacts', 'search', 'bob', '-u', 'ann')).stdout).toMatch(/No contacts match/);
    expect((await cli('contacts', 'show', String(annContact.id), '-u', 'cat')).stdout).toMatch(
      /email: ann@lee\.example/,
    );
    expect((await cli('contacts', 'show', String(annContact.id), '-u', 'bob')).code).toBe(4);
    expect((await cli('contacts', 'delete', String(annContact.id), '-u', 'bob')).code).toBe(4);
    expect((await cli('contacts', 'delete', String(annContact.id), '-u', 'cat')).stdout).toMatch(
      /Deleted contact/,
    );
    expect((await cli('contacts', 'list', '-u', 'ann', '--json')).json().total).toBe(0);
    // Some thirty processes, each opening the database: slow on a busy machine.
  }, 240_000);
});
