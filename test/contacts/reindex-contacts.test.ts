import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app/open-app.js';
import type { Actor } from '../../src/contacts/actor.js';
import type { NewContact } from '../../src/contacts/contact-service.js';
import { reindexContacts } from '../../src/contacts/reindex-contacts.js';
import { MatchSeedingRepository } from '../../src/db/repositories/match-seeding.repository.js';
import { matchIndexOf } from '../../src/pipeline/match/contact-match-index.js';
import { completeProfile } from '../../src/pipeline/match/match-profile.js';
import { matchStagedContacts } from '../../src/pipeline/match/match-stage.js';
import { storedProfileText } from '../../src/pipeline/match/stored-profile.js';
import { waitFor } from '../support/cli.js';
import { describeEachDatabase } from '../support/databases.js';
import { openTestApp } from '../support/test-app.js';

const people: NewContact[] = [
  {
    kind: 'person',
    firstName: 'Ann',
    lastName: 'Lee',
    birthDate: '1980-02-03',
    addresses: [{ street: '1 Main St', city: 'New York', postalCode: '10001', country: 'US' }],
    communications: [{ value: 'ann.lee@example.com' }, { value: '+1 212 555 0101' }],
    legacyKeys: [{ legacyKey: 'CRM-1', source: 'old-crm.zip' }],
  },
  {
    kind: 'person',
    firstName: 'Robert',
    preferredName: 'Bob',
    lastName: 'Kowalski',
    birthDate: '1971-06-30',
    communications: [{ value: 'robert.k@example.org' }],
  },
  { kind: 'company', companyName: 'Acme Widgets Ltd', addresses: [{ postalCode: 'H2X 1Y4' }] },
  {
    kind: 'person',
    firstName: 'Zoë',
    lastName: "O'Neil",
    communications: [{ value: '+33 1 42 68 53 00' }],
    notes: [{ text: 'Prefers email' }],
  },
  { kind: 'person', firstName: 'Carla', lastName: 'Jiménez', birthDate: '1990-11-09' },
];

describeEachDatabase(({ dialect }) => {
  describe('dovetail contacts reindex', () => {
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

    const addContacts = async (contacts: readonly NewContact[]) => {
      const ids: number[] = [];
      for (const contact of contacts) ids.push((await app.contacts.create(admin, contact)).id);
      return ids;
    };
    const allKeys = () =>
      app.db
        .selectFrom('contact_match_keys')
        .select(['contact_id', 'match_key'])
        .orderBy('contact_id')
        .orderBy('match_key')
        .execute();
    const allProfiles = () =>
      app.db.selectFrom('contact_match_profiles').selectAll().orderBy('contact_id').execute();
    const keysOf = async (contactId: number) =>
      (await allKeys()).filter((row) => row.contact_id === contactId).map((row) => row.match_key);
    /** What the contact writers store for the contact as its tables hold it now. */
    const writersIndexOf = async (contactId: number) => {
      const contact = (await app.repositories.contacts.findVisible(admin.id, contactId))!;
      const index = matchIndexOf(contact, await app.repositories.contacts.collectionsOf(contactId));
      return { keys: [...index.keys].sort(), profile: storedProfileText(index.profile) };
    };

    it('rebuilds every damaged entry to exactly what the contact writers stored, and only those entries', async () => {
      const [ann, bob, acme, zoe, carla] = await addContacts(people);
      await app.contacts.delete(admin, carla!);
      const keysWritten = await allKeys();
      const profilesWritten = await allProfiles();
      expect(profilesWritten).toHaveLength(4);

      await app.db.deleteFrom('contact_match_keys').where('contact_id', '=', ann!).execute();
      await app.db.deleteFrom('contact_match_profiles').where('contact_id', '=', bob!).execute();
      await app.db
        .insertInto('contact_match_keys')
        .values({ contact_id: acme!, match_key: 'e:nobody@example.com' })
        .execute();
      await app.db
        .updateTable('contact_match_profiles')
        .set({ profile: JSON.stringify({ kind: 'person', firstName: 'Stale', lastName: 'Rules' }) })
        .where('contact_id', '=', zoe!)
        .execute();

      // Batches of two: the four contacts left take two batches and the deleted one's id a gap.
      const summary = await reindexContacts(app.repositories, { batchSize: 2 });

      expect(await allKeys()).toEqual(keysWritten);
      expect(await allProfiles()).toEqual(profilesWritten);
      for (const id of [ann!, bob!, acme!, zoe!]) {
        const expected = await writersIndexOf(id);
        expect(await keysOf(id)).toEqual(expected.keys);
        const stored = profilesWritten.find((row) => row.contact_id === id)!;
        expect(stored.profile).toBe(expected.profile);
      }
      const annKeys = keysWritten.filter((row) => row.contact_id === ann!).length;
      expect(summary).toMatchObject({
        contacts: 4,
        keysBefore: keysWritten.length - annKeys + 1,
        keysAfter: keysWritten.length,
        profilesBefore: 3,
        profilesWritten: 4,
      });
      expect(summary.seconds).toBeGreaterThanOrEqual(0);
    });

    it('makes the Match stage find a contact again whose keys were lost', async () => {
      const [ann] = await addContacts(people.slice(0, 1));
      const seeding = new MatchSeedingRepository(app.db, dialect);
      const anneLee = completeProfile({
        kind: 'person',
        legacyKeys: ['N-1'],
        firstName: 'Anne',
        lastName: 'LEE',
        birthDate: '1980-02-03',
        phones: ['+12125550101'],
      });
      const matchAnne = async () => {
        const job = await app.repositories.importJobs.create({
          description: 'Reindex test',
          packageName: 'test.zip',
          packagePath: '/nonexistent/test.zip',
          packageBytes: 1,
          onBehalfOfUserId: admin.id,
          submittedByUserId: admin.id,
        });
        await app.db.updateTable('import_jobs').set({ stage: 'Match' }).where('id', '=', job).execute();
        await seeding.stageContacts(job, [anneLee]);
        await matchStagedContacts({
          jobId: job,
          onBehalfOfUserId: admin.id,
          startAfter: 0,
          repositories: app.repositories,
        });
        return app.repositories.matching.matchesOf(job);
      };
      expect(await matchAnne()).toMatchObject([{ contact_id: ann, band: 'High' }]);

      await app.db.deleteFrom('contact_match_keys').where('contact_id', '=', ann!).execute();
      expect(await matchAnne()).toEqual([]);

      await reindexContacts(app.repositories);
      expect(await matchAnne()).toMatchObject([{ contact_id: ann, band: 'High' }]);
    });

    it('rebuilds every contact while imports run their stages beside it', async () => {
      const [ann, bob] = await addContacts(people.slice(0, 2));
      await app.db.deleteFrom('contact_match_keys').execute();
      const job = await app.repositories.importJobs.create({
        description: 'Loading',
        packageName: 'test.zip',
        packagePath: '/nonexistent/test.zip',
        packageBytes: 1,
        onBehalfOfUserId: admin.id,
        submittedByUserId: admin.id,
      });
      const atStage = (stage: string) =>
        app.db.updateTable('import_jobs').set({ stage }).where('id', '=', job).execute();

      // The import moves on to Process after the first batch (of one contact).
      await atStage('Load Package');
      const summary = await reindexContacts(app.repositories, {
        batchSize: 1,
        onProgress: () => void atStage('Process'),
      });

      expect(summary.contacts).toBe(2);
      expect(await keysOf(ann!)).toEqual((await writersIndexOf(ann!)).keys);
      expect(await keysOf(bob!)).toEqual((await writersIndexOf(bob!)).keys);
    });

    // Row locks are PostgreSQL's; SQLite writers take turns on the whole file (sqlite-transactions.test.ts).
    if (dialect === 'postgres')
      it('rebuilds the rest of a batch while a writer holds one of its contacts, then that one from what the writer committed', async () => {
        const [ann, bob, acme] = await addContacts(people.slice(0, 3));
        await app.db.deleteFrom('contact_match_keys').execute();
        const lockWaits = async () => {
          const { rows } = await sql<{ n: number }>`
            select count(*) as n from pg_stat_activity
            where wait_event_type = 'Lock' and datname = current_database()`.execute(app.db);
          return Number(rows[0]!.n);
        };

        let reindexing: Promise<unknown> | undefined;
        await app.db.transaction().execute(async (writer) => {
          await writer
            .updateTable('contacts')
            .set({ last_name: 'Kowalsky' })
            .where('id', '=', bob!)
            .execute();
          reindexing = reindexContacts(app.repositories, { batchSize: 10 });
          // Awaited below; handled here too for a run that fails before it gets there.
          reindexing.catch(() => {});
          // Ann and Acme, before and after Bob in the one batch, are committed while Bob is held...
          await waitFor(
            async () => ((await keysOf(ann!)).length > 0 && (await keysOf(acme!)).length > 0) || undefined,
            'the batch without the held contact',
            10_000,
          );
          expect(await keysOf(bob!)).toEqual([]);
          // ...and then the reindex waits for Bob alone.
          await waitFor(
            async () => (await lockWaits()) > 0 || undefined,
            'the reindex to wait for Bob',
            10_000,
          );
        });
        await reindexing;

        for (const id of [ann!, bob!, acme!]) {
          expect(await keysOf(id)).toEqual((await writersIndexOf(id)).keys);
        }
        expect((await writersIndexOf(bob!)).profile).toContain('"lastName":"Kowalsky"');
        const stored = await app.db
          .selectFrom('contact_match_profiles')
          .select('profile')
          .where('contact_id', '=', bob!)
          .executeTakeFirstOrThrow();
        expect(stored.profile).toBe((await writersIndexOf(bob!)).profile);
      });
  });
});
