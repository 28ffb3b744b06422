import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app/open-app.js';
import type { Actor } from '../../src/contacts/actor.js';
import { matchProfileOf } from '../../src/db/contact-match-profile.js';
import { blockingKeysFor } from '../../src/pipeline/match/blocking-keys.js';
import { describeEachDatabase } from '../support/databases.js';
import { openTestApp } from '../support/test-app.js';

describeEachDatabase(({ dialect }) => {
  describe('ContactService', () => {
    let app: App;
    let admin: Actor;
    beforeEach(async () => {
      app = await openTestApp({}, dialect);
      const user = (await app.repositories.users.findByUserName('admin'))!;
      admin = { id: user.id, userName: user.user_name, isAdmin: true };
    });
    afterEach(async () => {
      await app?.close();
    });

    it("checks custom and user fields against the owner's definition with the import's converters", async () => {
      const contact = await app.contacts.create(admin, {
        kind: 'person',
        lastName: 'Lee',
        fieldValues: [
          { field: 'Last Review', value: '2024-02-29' },
          { scope: 'custom', field: 'industry', value: 'Banking' },
        ],
      });
      expect(contact.fieldValues).toMatchObject([
        { scope: 'user', field: 'Last Review', value: '2024-02-29' },
        { scope: 'custom', field: 'Industry', value: 'Banking' },
      ]);
      const invalid = app.contacts.create(admin, {
        kind: 'company',
        companyName: 'Acme',
        firstName: 'Ann',
        fieldValues: [
          { field: 'Shoe size', value: '42' },
          { field: 'Risk Profile', value: 'Extreme' },
        ],
      });
      await expect(invalid).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      await expect(invalid).rejects.toThrow(/firstName: a company has no attribute firstName/);
      await expect(invalid).rejects.toThrow(/"Shoe size" is not a custom or user field/);
      await expect(invalid).rejects.toThrow(/"Extreme" is not a known value of Custom field "Risk Profile"/);
      await expect(
        app.contacts.create(admin, { kind: 'person', lastName: 'Lee', birthDate: '2999-01-01' }),
      ).rejects.toThrow(/in the future/);
    });

    it('files a contact under the blocking keys of its profile, and only those, after every write', async () => {
      const created = await app.contacts.create(admin, {
        kind: 'person',
        firstName: 'Zoë',
        lastName: "O'Neil",
        birthDate: '1975-06-30',
        addresses: [{ postalCode: 'H2X 1Y4', city: 'Montréal' }],
        communications: [{ value: 'zoe@oneil.example' }, { value: '+33 1 42 68 53 00' }],
      });
      const keysNow = async () =>
        (
          await app.db
            .selectFrom('contact_match_keys')
            .select('match_key')
            .where('contact_id', '=', created.id)
            .orderBy('match_key')
            .execute()
        ).map((row) => row.match_key);
      const expected = async () => {
        const row = (await app.repositories.contacts.findVisible(admin.id, created.id))!;
        return blockingKeysFor(
          matchProfileOf(row, await app.repositories.contacts.collectionsOf(created.id)),
        ).sort();
      };
      expect(await keysNow()).toEqual(await expected());
      expect(await keysNow()).toContain('p:+33142685300');
      await app.contacts.update(admin, created.id, { lastName: 'Neil', communications: [] });
      expect(await keysNow()).toEqual(await expected());
      expect(await keysNow()).not.toContain('e:zoe@oneil.example');
      await app.contacts.delete(admin, created.id);
      expect(await keysNow()).toEqual([]);
    });

    it('writes nothing for a change that changes nothing', async () => {
      const contact = await app.contacts.create(admin, {
        kind: 'person',
        lastName: 'Lee',
        categories: ['VIP'],
      });
      const same = await app.contacts.update(admin, contact.id, { lastName: 'Lee', categories: ['vip'] });
      expect(same.updatedAt).toBe(contact.updatedAt);
      expect(await app.contacts.history(admin, contact.id)).toHaveLength(1);
    });
  });
});
