import { afterEach, beforeEach, expect, it } from 'vitest';
import type { App } from '../../src/app/open-app.js';
import { MatchSeedingRepository } from '../../src/db/repositories/match-seeding.repository.js';
import { runImportJob } from '../../src/jobs/job-runner.js';
import { blockingKeysFor } from '../../src/pipeline/match/blocking-keys.js';
import { completeProfile, type MatchProfile } from '../../src/pipeline/match/match-profile.js';
import { matchStagedContacts } from '../../src/pipeline/match/match-stage.js';
import { profileFromStoredText } from '../../src/pipeline/match/stored-profile.js';
import { describeEachDatabase } from '../support/databases.js';
import { matchFromStart } from '../support/match-runs.js';
import { openTestApp } from '../support/test-app.js';

const person = (key: string, fields: Partial<MatchProfile>): MatchProfile =>
  completeProfile({ kind: 'person', legacyKeys: [key], ...fields });

const ann = person('X-1', {
  firstName: 'Ann',
  lastName: 'Lee',
  birthDate: '1980-02-03',
  emails: ['ann.lee@example.com'],
  phones: ['+12125550101'],
  postalCodes: ['10001'],
});
const bob = person('X-2', {
  firstName: 'Robert',
  lastName: 'Kowalski',
  birthDate: '1971-06-30',
  emails: ['robert.k@example.org'],
  phones: ['+12125550102'],
});
const carla = person('X-3', {
  firstName: 'Carla',
  lastName: 'Jiménez',
  birthDate: '1990-11-09',
  emails: ['carla@example.net'],
});

describeEachDatabase((database) => {
  let app: App;
  let seeding: MatchSeedingRepository;
  let advisorId: number;
  let otherId: number;

  beforeEach(async () => {
    app = await openTestApp({}, database.dialect);
    seeding = new MatchSeedingRepository(app.db, database.dialect);
    advisorId = (await app.repositories.users.create({ userName: 'advisor' })).id;
    otherId = (await app.repositories.users.create({ userName: 'other' })).id;
  });
  afterEach(async () => {
    await app.close();
  });

  const newJob = async (onBehalfOfUserId: number) =>
    app.repositories.importJobs.create({
      description: 'Match test',
      packageName: 'test.zip',
      packagePath: '/nonexistent/test.zip',
      packageBytes: 1,
      onBehalfOfUserId,
      submittedByUserId: onBehalfOfUserId,
    });

  /** A job on `onBehalfOfUserId`'s behalf with `contacts` staged. */
  const stagedJob = async (onBehalfOfUserId: number, contacts: MatchProfile[] = incoming) => {
    const jobId = await newJob(onBehalfOfUserId);
    await seeding.stageContacts(jobId, contacts);
    return jobId;
  };

  const addContacts = (ownerId: number, profiles: MatchProfile[]) =>
    seeding.addContacts(
      ownerId,
      profiles.map((profile) => ({ profile, keys: blockingKeysFor(profile) })),
    );

  const incoming = [
    person('N-1', { firstName: 'Anne', lastName: 'LEE', birthDate: '1980-02-03', phones: ['+12125550101'] }),
    person('N-2', {
      firstName: 'Bob',
      lastName: 'Kowalsky',
      birthDate: '1971-06-30',
      emails: ['robert.k@example.org'],
    }),
    person('N-3', {
      firstName: 'Carla',
      lastName: 'Jimenez',
      birthDate: '1990-11-09',
      emails: ['carla@example.net'],
    }),
    person('N-4', { firstName: 'Zoe', lastName: 'Unrelated', emails: ['zoe@example.com'] }),
    person('N-5', { firstName: 'Zoë', lastName: 'Unrelated', emails: ['zoe@example.com'] }),
  ];

  it('matches staged contacts with the visible existing contacts and pre-selects the strongest', async () => {
    const [annId, bobId] = await addContacts(advisorId, [ann, bob]);
    const jobId = await stagedJob(advisorId);
    const ids = await seeding.stagedIds(jobId);

    const result = await matchFromStart(app, jobId, advisorId);

    expect(result.stagedContacts).toBe(5);
    const matches = await app.repositories.matching.matchesOf(jobId);
    const best = (key: string) => matches.find((match) => Number(match.staged_contact_id) === ids.get(key));
    expect(best('N-1')).toMatchObject({ contact_id: annId, band: 'High' });
    expect(best('N-2')).toMatchObject({ contact_id: bobId, band: 'High' });
    const explanation = JSON.parse(best('N-2')!.explanation);
    expect(explanation.fields.find((field: { field: string }) => field.field === 'firstName').level).toBe(
      'nickname',
    );
  });

  it('never suggests a contact the on-behalf-of user cannot see', async () => {
    const [annId] = await addContacts(advisorId, [ann]);
    const hidden = await addContacts(otherId, [bob, carla]);
    const jobId = await stagedJob(advisorId);

    await matchFromStart(app, jobId, advisorId);

    const matched = (await app.repositories.matching.matchesOf(jobId)).map((match) => match.contact_id);
    expect(matched).toContain(annId);
    for (const id of hidden) expect(matched).not.toContain(id);
    const visible = await app.repositories.contactAccess.visibleContactIds(
      advisorId,
      matched.filter((id): id is number => id !== null),
    );
    expect(matched.filter((id) => id !== null).every((id) => visible.has(id!))).toBe(true);
  });

  it('looks a key up only while few contacts of the whole database carry it, and answers with its position', async () => {
    // One household phone: two contacts the advisor sees, two of another user.
    const household = (key: string, firstName: string) =>
      person(key, { firstName, lastName: 'Okafor', phones: ['+12125550199'] });
    const visible = await addContacts(advisorId, [household('H-1', 'Ada'), household('H-2', 'Obi')]);
    await addContacts(otherId, [household('H-3', 'Ngozi'), household('H-4', 'Chidi')]);
    const lookup = (maxPerKey: number) =>
      app.repositories.matching.visibleCandidates(
        advisorId,
        ['e:nobody@example.com', 'p:+12125550199'],
        maxPerKey,
      );

    // Four carry it: too common at three, though the advisor sees only two of them.
    expect((await lookup(3)).hits).toEqual({ positions: [], ids: [] });
    const found = await lookup(4);
    expect(found.hits.positions).toEqual([1, 1]);
    expect(found.hits.ids.map(Number).sort()).toEqual([...visible].sort());
    expect([...found.profileTexts.keys()].map(Number).sort()).toEqual([...visible].sort());

    // A contact the caller found before (its cache) is still a hit, and its profile is not read again.
    const [known, unknown] = [...visible];
    const again = await app.repositories.matching.visibleCandidates(
      advisorId,
      ['p:+12125550199'],
      4,
      (id) => id === Number(known),
    );
    expect(again.hits.ids.map(Number).sort()).toEqual([...visible].sort());
    expect([...again.profileTexts.keys()].map(Number)).toEqual([Number(unknown)]);
  });

  it("reads a staged contact's profile with its addresses, emails, phones and faxes, in the order they were loaded", async () => {
    const jobId = await newJob(advisorId);
    await seeding.stageContacts(jobId, [
      person('S-1', {
        firstName: 'Maeve',
        lastName: "O'Brien",
        birthDate: '1985-04-12',
        emails: ['maeve@work.example', 'maeve@home.example'],
        phones: ['+442079460001'],
        addresses: [
          { street: '1 High St', city: 'Leeds', postalCode: 'LS1 1AA', country: 'GB' },
          { street: 'PO Box 4', city: null, postalCode: '', country: null },
        ],
      }),
      person('S-2', { firstName: 'Tom', lastName: 'Hardy' }),
    ]);
    const more = (line: number, channel: string, value: string) => ({
      job_id: jobId,
      source_file: 'more.csv',
      source_line: line,
      contact_key: 'S-1',
      channel,
      value,
    });
    await app.db
      .insertInto('staged_communications')
      .values([more(2, 'fax', '+442079460002'), more(3, 'web', 'https://maeve.example')])
      .execute();

    const texts = await app.repositories.matching.nextStagedProfileTexts(jobId, 0, 10);
    const [maeveId, tomId] = [...texts.keys()];
    const maeve = profileFromStoredText(maeveId!, texts.get(maeveId!)!);
    expect(maeve).toMatchObject({
      id: maeveId,
      kind: 'person',
      firstName: 'Maeve',
      lastName: "O'Brien",
      birthDate: '1985-04-12',
      legacyKeys: ['S-1'],
      emails: ['maeve@work.example', 'maeve@home.example'],
      // A website is not compared; a fax number is compared as a phone.
      phones: ['+442079460001', '+442079460002'],
      postalCodes: ['LS1 1AA'],
      addresses: [
        { street: '1 High St', city: 'Leeds', postalCode: 'LS1 1AA', country: 'GB' },
        { street: 'PO Box 4', city: null, postalCode: '', country: null },
      ],
    });
    expect(profileFromStoredText(tomId!, texts.get(tomId!)!)).toMatchObject({
      firstName: 'Tom',
      emails: [],
      phones: [],
      postalCodes: [],
      addresses: [],
    });
    // Read by id (a package mate met through staged_match_keys), the same text.
    expect(await app.repositories.matching.stagedProfileTexts(jobId, [maeveId!])).toEqual(
      new Map([[maeveId, texts.get(maeveId!)]]),
    );
    expect([...(await app.repositories.matching.nextStagedProfileTexts(jobId, maeveId!, 10)).keys()]).toEqual(
      [tomId],
    );
  });

  it("looks a package mate's key up only while few staged contacts of the job carry it", async () => {
    const [jobId, otherJobId] = [await newJob(advisorId), await newJob(advisorId)];
    const carry = (job: number, ids: number[]) =>
      app.db
        .insertInto('staged_match_keys')
        .values(ids.map((id) => ({ job_id: job, match_key: 't:london|SM0', staged_contact_id: id })))
        .execute();
    await carry(jobId, [11, 12, 13, 14]);
    // Another import's package counts for nothing here.
    await carry(otherJobId, [21, 22, 23, 24, 25, 26]);
    const lookup = (maxPerKey: number) =>
      app.repositories.matching.stagedCandidates(jobId, ['e:nobody@example.com', 't:london|SM0'], maxPerKey);

    // Too common at 3: no hits, and said so (a key nobody carries is not listed as too common).
    expect(await lookup(3)).toEqual({ positions: [], ids: [], tooCommon: [1] });
    const found = await lookup(4);
    expect(found.positions).toEqual([1, 1, 1, 1]);
    expect(found.ids.map(Number).sort()).toEqual([11, 12, 13, 14]);
    expect(found.tooCommon).toEqual([]);
  });

  it('identifies by a chosen legacy key only from the same source and only among visible contacts', async () => {
    // Another person entirely, under the key N-4 of the source "seed".
    const sameKey = person('N-4', { firstName: 'Quentin', lastName: 'Marsh' });
    const [visibleId] = await addContacts(advisorId, [sameKey]);
    const [hiddenId] = await addContacts(otherId, [sameKey]);
    const run = async (legacySource: string) => {
      const jobId = await stagedJob(advisorId);
      const ids = await seeding.stagedIds(jobId);
      await matchFromStart(app, jobId, advisorId, {
        identifyBy: ['legacyKey'],
        legacySource,
      });
      const matches = await app.repositories.matching.matchesOf(jobId);
      return matches.filter(
        (match) => Number(match.staged_contact_id) === ids.get('N-4') && match.contact_id,
      );
    };

    const same = await run('seed');
    expect(same).toHaveLength(1);
    expect(same[0]).toMatchObject({ contact_id: visibleId, band: 'High' });
    expect(JSON.parse(same[0]!.explanation).identifiedBy).toBe('legacyKey');
    expect(same.map((match) => match.contact_id)).not.toContain(hiddenId);
    expect(await run('another.zip')).toEqual([]);
  });

  it('suggests the contacts of team mates, whom the user may see', async () => {
    const mateId = (await app.repositories.users.create({ userName: 'mate' })).id;
    const teamId = await app.repositories.teams.create('Advisors');
    await app.repositories.teams.addMember(teamId, advisorId);
    await app.repositories.teams.addMember(teamId, mateId);
    const [bobId] = await addContacts(mateId, [bob]);
    const [carlaId] = await addContacts(otherId, [carla]);
    const jobId = await stagedJob(advisorId);

    await matchFromStart(app, jobId, advisorId);

    const matched = (await app.repositories.matching.matchesOf(jobId)).map((match) => match.contact_id);
    expect(matched).toContain(bobId);
    expect(matched).not.toContain(carlaId);
  });

  it('suggests any contact to an administrator, who may see them all', async () => {
    const adminId = (await app.repositories.users.create({ userName: 'auditor', isAdmin: true })).id;
    const [bobId] = await addContacts(otherId, [bob]);
    const jobId = await stagedJob(adminId);

    await matchFromStart(app, jobId, adminId);

    const matched = (await app.repositories.matching.matchesOf(jobId)).map((match) => match.contact_id);
    expect(matched).toContain(bobId);
  });

  it('matches the staged contacts of one package with each other, across batches', async () => {
    const jobId = await stagedJob(advisorId);
    const ids = await seeding.stagedIds(jobId);

    await matchFromStart(app, jobId, advisorId, {
      batchSize: 2,
    });

    const matches = await app.repositories.matching.matchesOf(jobId);
    expect(matches).toContainEqual(
      expect.objectContaining({
        staged_contact_id: ids.get('N-5'),
        other_staged_contact_id: ids.get('N-4'),
        contact_id: null,
      }),
    );
  });

  it('treats a key more package mates share than maxPerKey alike whether the package is held in memory or read back in batches', async () => {
    // Eight people of one family writing from one mailbox: the mailbox is their only shared key.
    const firstNames = ['Ann', 'Boris', 'Chloe', 'Dmitri', 'Edith', 'Farid', 'Greta', 'Hugo'];
    const family = firstNames.map((firstName, index) =>
      person(`F-${index + 1}`, { firstName, lastName: 'Lee', emails: ['home@lee-family.example'] }),
    );
    const matchesWith = async (packageInMemory: number | undefined) => {
      const jobId = await stagedJob(advisorId, family);
      const ids = await seeding.stagedIds(jobId);
      const keyOf = new Map([...ids].map(([legacyKey, id]) => [id, legacyKey]));
      await matchFromStart(app, jobId, advisorId, {
        // Two a batch: a batch's lookup runs while the one before it is not yet committed.
        batchSize: 2,
        maxPerKey: 3,
        ...(packageInMemory === undefined ? {} : { packageInMemory }),
      });
      return (await app.repositories.matching.matchesOf(jobId))
        .map(
          (row) =>
            `${keyOf.get(row.staged_contact_id)} ~ ${keyOf.get(row.other_staged_contact_id!)} ${row.band}`,
        )
        .sort();
    };
    const inMemory = await matchesWith(undefined);
    // The first four meet the ones before them; from the fifth on, more than three share the mailbox.
    expect(inMemory).toEqual([
      'F-2 ~ F-1 Low',
      'F-3 ~ F-1 Low',
      'F-3 ~ F-2 Low',
      'F-4 ~ F-1 Low',
      'F-4 ~ F-2 Low',
      'F-4 ~ F-3 Low',
    ]);
    expect(await matchesWith(0)).toEqual(inMemory);
  });

  it('stores the same matches when the scorer forgets the profiles it holds and reads them again', async () => {
    await addContacts(advisorId, [ann, bob, carla]);
    const family = ['Ann', 'Boris', 'Chloe'].map((firstName, index) =>
      person(`F-${index + 1}`, { firstName, lastName: 'Lee', emails: ['home@lee-family.example'] }),
    );
    // Late in the package: Anne again (an existing contact and an earlier staged one), and Boris.
    const again = [
      person('N-6', {
        firstName: 'Anne',
        lastName: 'Lee',
        birthDate: '1980-02-03',
        phones: ['+12125550101'],
      }),
      person('F-4', { firstName: 'Boris', lastName: 'Lee', emails: ['home@lee-family.example'] }),
    ];
    const matchesWith = async (options: { packageInMemory?: number; profilesKept?: number }) => {
      const jobId = await stagedJob(advisorId, [...incoming, ...family, ...again]);
      const keyOf = new Map([...(await seeding.stagedIds(jobId))].map(([key, id]) => [id, key]));
      await matchFromStart(app, jobId, advisorId, { batchSize: 2, ...options });
      return (await app.repositories.matching.matchesOf(jobId))
        .map((row) => {
          const other = row.contact_id
            ? `contact ${row.contact_id}`
            : keyOf.get(row.other_staged_contact_id!);
          return `${keyOf.get(row.staged_contact_id)} ~ ${other} ${row.band} ${row.score}`;
        })
        .sort();
    };

    const kept = await matchesWith({});
    // The late ones meet an earlier staged contact and an existing one, each scored in a batch of
    // its own long after their candidates were first read.
    expect(kept.some((match) => match.startsWith('N-6 ~ N-1 High'))).toBe(true);
    expect(kept.some((match) => match.startsWith('N-6 ~ contact '))).toBe(true);
    expect(kept.some((match) => match.startsWith('F-4 ~ F-2 High'))).toBe(true);
    // Through staged_match_keys, forgetting after nearly every batch: every candidate read again.
    expect(await matchesWith({ packageInMemory: 0, profilesKept: 3 })).toEqual(kept);
    expect(await matchesWith({ packageInMemory: 0 })).toEqual(kept);
  });

  it('counts the contacts matched afresh when Match runs again from the start (another choice of duplicate keys)', async () => {
    await addContacts(advisorId, [ann, bob]);
    const jobId = await stagedJob(advisorId);
    const matchedCount = async () =>
      Number((await app.repositories.importJobs.find(jobId))!.contacts_matched);
    const run = () => matchFromStart(app, jobId, advisorId);

    const first = await run();
    expect(first.matched).toBeGreaterThan(0);
    expect(await matchedCount()).toBe(first.matched);
    const second = await run();
    expect(second.matched).toBe(first.matched);
    expect(await matchedCount()).toBe(second.matched);
  });

  it('resumes after a crash without losing or repeating a match', async () => {
    await addContacts(advisorId, [ann, bob, carla]);
    const whole = await stagedJob(advisorId);
    await matchFromStart(app, whole, advisorId, {
      batchSize: 2,
    });

    const crashed = await stagedJob(advisorId);
    let batches = 0;
    await expect(
      matchFromStart(app, crashed, advisorId, {
        batchSize: 2,
        afterBatch: async () => {
          if (++batches === 2) throw new Error('crash');
        },
      }),
    ).rejects.toThrow('crash');
    const job = await app.repositories.importJobs.find(crashed);
    expect(Number(job!.stage_cursor)).toBeGreaterThan(0);
    await matchStagedContacts({
      jobId: crashed,
      onBehalfOfUserId: advisorId,
      startAfter: Number(job!.stage_cursor),
      repositories: app.repositories,
      batchSize: 2,
    });

    const shape = async (jobId: number) => {
      const ids = await seeding.stagedIds(jobId);
      const keyOf = new Map([...ids].map(([key, id]) => [id, key]));
      return (await app.repositories.matching.matchesOf(jobId))
        .map(
          (match) =>
            `${keyOf.get(Number(match.staged_contact_id))}→${match.contact_id ?? keyOf.get(Number(match.other_staged_contact_id))} ${match.band}`,
        )
        .sort();
    };
    expect(await shape(crashed)).toEqual(await shape(whole));
    const finished = await app.repositories.importJobs.find(crashed);
    const done = await app.repositories.importJobs.find(whole);
    expect(finished!.contacts_matched).toBe(done!.contacts_matched);
  });

  it('runs as the Match stage of a job and waits for the review of match results', async () => {
    await addContacts(advisorId, [ann, bob]);
    const jobId = await stagedJob(advisorId);
    await app.repositories.importJobs.endStage(jobId, {
      stage: 'Review Staged Data',
      status: 'Waiting for User',
    });
    expect(await app.repositories.importJobs.startStage(jobId, ['Review Staged Data'], 'Match')).toBe(true);

    await runImportJob(jobId, { repositories: app.repositories, config: app.config });

    const job = await app.repositories.importJobs.find(jobId);
    expect(job).toMatchObject({ stage: 'Review Match Results', status: 'Waiting for User' });
    expect(job!.contacts_matched).toBeGreaterThanOrEqual(3);
  });
});
