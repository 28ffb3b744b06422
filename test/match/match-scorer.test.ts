/**
 * The Match stage's two halves (match-stage.ts): the database half and the BatchScorer, in a
 * thread of its own or not, with the window of staged contacts the database may not show yet;
 * and the stored scoring profiles the database half reads candidates from (match-index.ts).
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { App } from '../../src/app/open-app.js';
import type { Actor } from '../../src/contacts/actor.js';
import { MatchSeedingRepository } from '../../src/db/repositories/match-seeding.repository.js';
import { blockingKeysFor } from '../../src/pipeline/match/blocking-keys.js';
import { completeProfile, type MatchProfile } from '../../src/pipeline/match/match-profile.js';
import { type ScoringMode, scoringThreadFile, ThreadScorer } from '../../src/pipeline/match/match-scorer.js';
import { matchStagedContacts } from '../../src/pipeline/match/match-stage.js';
import { storedProfileText } from '../../src/pipeline/match/stored-profile.js';
import { describeEachDatabase } from '../support/databases.js';
import { openTestApp } from '../support/test-app.js';

const person = (key: string, fields: Partial<MatchProfile>): MatchProfile =>
  completeProfile({ kind: 'person', legacyKeys: [key], ...fields });

/** Copies of one person at different distances in the package, with people in between. */
const zoe = (key: string) =>
  person(key, { firstName: 'Zoe', lastName: 'Unrelated', emails: ['zoe@example.com'] });
const filler = (n: number) =>
  person(`F-${n}`, {
    firstName: ['Ada', 'Ben', 'Cy', 'Di', 'Ed', 'Flo'][n % 6]!,
    lastName: `Filler${String.fromCharCode(65 + n)}x`,
    emails: [`filler${n}@example.org`],
  });
const existing = [
  person('X-1', {
    firstName: 'Ann',
    lastName: 'Lee',
    birthDate: '1980-02-03',
    emails: ['ann.lee@example.com'],
  }),
  person('X-2', {
    firstName: 'Robert',
    lastName: 'Kowalski',
    birthDate: '1971-06-30',
    phones: ['+12125550102'],
  }),
];
const incoming = [
  zoe('Z-1'),
  zoe('Z-2'), // the batch right before: still being written when this one is looked up
  filler(1),
  filler(2),
  zoe('Z-3'), // batches later: from the database
  person('N-1', {
    firstName: 'Anne',
    lastName: 'LEE',
    birthDate: '1980-02-03',
    emails: ['ann.lee@example.com'],
  }),
  filler(3),
  person('N-2', {
    firstName: 'Bob',
    lastName: 'Kowalsky',
    birthDate: '1971-06-30',
    phones: ['+12125550102'],
  }),
  zoe('Z-4'),
];

describeEachDatabase((database) => {
  let app: App;
  let seeding: MatchSeedingRepository;
  let advisorId: number;

  beforeEach(async () => {
    app = await openTestApp({}, database.dialect);
    seeding = new MatchSeedingRepository(app.db, database.dialect);
    advisorId = (await app.repositories.users.create({ userName: 'advisor' })).id;
  });
  afterEach(async () => {
    await app.close();
  });

  const newJob = () =>
    app.repositories.importJobs.create({
      description: 'Scorer test',
      packageName: 'test.zip',
      packagePath: '/nonexistent/test.zip',
      packageBytes: 1,
      onBehalfOfUserId: advisorId,
      submittedByUserId: advisorId,
    });

  /** Package mates met through staged_match_keys and the scorer's window, or in the scorer's memory. */
  type PackageMates = 'through the database' | 'in memory';
  const packageInMemory = (mates: PackageMates) => (mates === 'in memory' ? 1000 : 0);

  /**
   * Matches the incoming package in batches of one, optionally crashing after `crashAfter`
   * batches and resuming; answers the matches as "staged → match band score".
   */
  const matchPackage = async (scoring: ScoringMode, mates: PackageMates, crashAfter?: number) => {
    const jobId = await newJob();
    await seeding.stageContacts(jobId, incoming);
    const run = (startAfter: number, afterBatch?: () => Promise<void>) =>
      matchStagedContacts({
        jobId,
        onBehalfOfUserId: advisorId,
        startAfter,
        repositories: app.repositories,
        batchSize: 1,
        scoring,
        packageInMemory: packageInMemory(mates),
        ...(afterBatch ? { afterBatch } : {}),
      });
    if (crashAfter === undefined) await run(0);
    else {
      let batches = 0;
      await expect(
        run(0, async () => {
          if (++batches === crashAfter) throw new Error('crash');
        }),
      ).rejects.toThrow('crash');
      const cursor = Number((await app.repositories.importJobs.find(jobId))!.stage_cursor);
      expect(cursor).toBeGreaterThan(0);
      await run(cursor);
    }
    const storedKeys = await app.db
      .selectFrom('staged_match_keys')
      .select((eb) => eb.fn.countAll().as('count'))
      .where('job_id', '=', jobId)
      .executeTakeFirstOrThrow();
    expect(Number(storedKeys.count) > 0).toBe(mates === 'through the database');
    const keyOf = new Map([...(await seeding.stagedIds(jobId))].map(([key, id]) => [id, key]));
    const existingKeyOf = new Map(
      (await app.db.selectFrom('contact_legacy_keys').select(['contact_id', 'legacy_key']).execute()).map(
        (row) => [row.contact_id, row.legacy_key],
      ),
    );
    return (await app.repositories.matching.matchesOf(jobId))
      .map(
        (match) =>
          `${keyOf.get(Number(match.staged_contact_id))} → ${
            match.contact_id !== null
              ? existingKeyOf.get(match.contact_id)
              : keyOf.get(Number(match.other_staged_contact_id))
          } ${match.band} ${match.score}`,
      )
      .sort();
  };

  it.each<PackageMates>(['through the database', 'in memory'])(
    'finds earlier copies in the same package wherever they are (package mates %s)',
    async (mates) => {
      await seeding.addContacts(
        advisorId,
        existing.map((profile) => ({ profile, keys: blockingKeysFor(profile) })),
      );
      const matches = await matchPackage('in-thread', mates);
      const pairs = matches.map((match) => match.split(' ').slice(0, 3).join(' '));
      // Through the database, Z-2 meets Z-1 through the window (its batch was not written yet)
      // and Z-3 and Z-4 meet the earlier copies through staged_match_keys.
      expect(pairs).toEqual(
        expect.arrayContaining([
          'Z-2 → Z-1',
          'Z-3 → Z-1',
          'Z-3 → Z-2',
          'Z-4 → Z-1',
          'Z-4 → Z-2',
          'Z-4 → Z-3',
          'N-1 → X-1',
          'N-2 → X-2',
        ]),
      );
      // Each pair once: on the later contact only, never twice through both paths.
      expect(new Set(pairs).size).toBe(pairs.length);
      expect(pairs.filter((pair) => pair.startsWith('Z-1'))).toEqual([]);
    },
  );

  it('writes to staged_match_keys only the keys another contact of the package carries', async () => {
    await matchPackage('in-thread', 'through the database');
    const stored = await app.db
      .selectFrom('staged_match_keys')
      .select(['match_key', 'staged_contact_id'])
      .execute();
    const keys = new Set(stored.map((row) => row.match_key));
    // The four copies of Zoe share her email; each filler's email is hers alone.
    expect(keys).toContain('e:zoe@example.com');
    expect(stored.filter((row) => row.match_key === 'e:zoe@example.com')).toHaveLength(4);
    expect([...keys].filter((key) => key.startsWith('e:filler'))).toEqual([]);
  });

  it('scores in a thread of its own with exactly the results of scoring in the stage’s thread', async () => {
    await seeding.addContacts(
      advisorId,
      existing.map((profile) => ({ profile, keys: blockingKeysFor(profile) })),
    );
    const inThread = await matchPackage('in-thread', 'through the database');
    // The thread runs the build (npm run build, which npm test does first).
    const inOwnThread = await matchPackage('thread', 'through the database');
    expect(inOwnThread).toEqual(inThread);
    expect(inOwnThread.length).toBeGreaterThanOrEqual(8);
    expect(await matchPackage('thread', 'in memory')).toEqual(inThread);
    expect(await matchPackage('in-thread', 'in memory')).toEqual(inThread);
  });

  it('fails the stage with an error naming the setting when the scoring thread reaches its heap limit, committing nothing of the batch', async () => {
    const jobId = await newJob();
    await seeding.stageContacts(jobId, incoming);
    // Far below what a thread needs to load its modules: the first call meets the limit.
    await expect(
      matchStagedContacts({
        jobId,
        onBehalfOfUserId: advisorId,
        startAfter: 0,
        repositories: app.repositories,
        batchSize: 1,
        scoring: 'thread',
        scorerHeapMb: 2,
      }),
    ).rejects.toThrow(
      'Match scoring thread ran out of memory: it reached its limit of 2 MB (DOVETAIL_MATCH_SCORER_HEAP_MB; raise it, or 0 for no limit of Dovetail',
    );
    expect(Number((await app.repositories.importJobs.find(jobId))!.stage_cursor)).toBe(0);
    // The same package matches with the default limit.
    expect((await matchPackage('thread', 'in memory')).length).toBeGreaterThanOrEqual(6);
  });

  it.each<PackageMates>(['through the database', 'in memory'])(
    'resumes after a crash with the same matches (package mates %s)',
    async (mates) => {
      await seeding.addContacts(
        advisorId,
        existing.map((profile) => ({ profile, keys: blockingKeysFor(profile) })),
      );
      const whole = await matchPackage('in-thread', mates);
      // A crash after the fifth batch: Z-1..Z-3 are matched, the rest after the resume.
      expect(await matchPackage('in-thread', mates, 5)).toEqual(whole);
      expect(await matchPackage('thread', mates, 5)).toEqual(whole);
    },
  );

  it('stores a contact’s scoring profile with every change, equal to the one built from its tables', async () => {
    const user = (await app.repositories.users.findByUserName('advisor'))!;
    const actor: Actor = { id: user.id, userName: user.user_name, isAdmin: false };
    const created = await app.contacts.create(actor, {
      kind: 'person',
      title: 'Dr',
      firstName: 'Maria',
      lastName: 'García',
      birthDate: '1975-04-01',
      addresses: [{ street: '12 Main Street', city: 'Springfield', postalCode: '62701', country: 'US' }],
      communications: [{ value: 'Maria.Garcia@Example.com' }, { value: '+1 217 555 0199' }],
      legacyKeys: [{ legacyKey: 'CRM-7', source: 'old-crm.zip' }],
    });
    await app.contacts.update(actor, created.id, {
      communications: [{ value: 'maria@example.org' }],
      addresses: [{ street: '1 Elm St', city: 'Chicago', postalCode: '60601', country: 'US' }],
    });

    const lookUp = async () => {
      const keys = blockingKeysFor(
        completeProfile({
          kind: 'person',
          firstName: 'Maria',
          lastName: 'Garcia',
          emails: ['maria@example.org'],
        }),
      );
      const found = await app.repositories.matching.visibleCandidates(advisorId, keys, 50);
      return JSON.parse(found.profileTexts.get(created.id) ?? 'null');
    };
    const stored = await lookUp();
    expect(stored).toMatchObject({
      firstName: 'Maria',
      title: 'Dr',
      emails: ['maria@example.org'],
      addresses: [{ street: '1 Elm St', postalCode: '60601' }],
      sourcedLegacyKeys: [{ legacyKey: 'CRM-7', source: 'old-crm.zip' }],
    });
    // Without the stored row (a contact indexed before it existed), the matcher builds the
    // same profile from the contact's tables.
    await app.db.deleteFrom('contact_match_profiles').where('contact_id', '=', created.id).execute();
    expect(await lookUp()).toEqual(stored);
  });
});

it('reports a failure in the scoring thread to the stage instead of ending the process', async () => {
  const threadFile = scoringThreadFile();
  expect(threadFile, 'the scoring thread is built by npm run build').toBeDefined();
  const scorer = new ThreadScorer({ maxPerKey: 50 }, threadFile!);
  try {
    const unkeyed = {
      batchId: 7,
      existing: { positions: [], ids: [] },
      existingProfileTexts: new Map(),
      staged: { positions: [], ids: [], tooCommon: [] },
      stagedProfileTexts: new Map(),
      forgetProfiles: false,
    };
    await expect(scorer.score(unkeyed)).rejects.toThrow(/Batch 7 was not keyed before scoring/);
    // The thread lives on after a failed request.
    expect((await scorer.key(8, new Map([[1, storedProfileText(zoe('Z-9'))]]))).keys).toContain(
      'e:zoe@example.com',
    );
  } finally {
    await scorer.close();
  }
});
