import { afterEach, beforeEach, expect, it } from 'vitest';
import type { App } from '../../src/app/open-app.js';
import { MatchSeedingRepository } from '../../src/db/repositories/match-seeding.repository.js';
import { blockingKeysFor } from '../../src/pipeline/match/blocking-keys.js';
import { scoreCandidates } from '../../src/pipeline/match/find-matches.js';
import { type JobModelPlan, jobModelPlan } from '../../src/pipeline/match/job-model.js';
import { type MatchProfile, prepareProfile } from '../../src/pipeline/match/match-profile.js';
import type { MatchStageInput } from '../../src/pipeline/match/match-stage.js';
import { estimateJobModel } from '../../src/pipeline/match/model/estimate-model.js';
import {
  type MatchModel,
  matchModelFromJson,
  matchModelToJson,
} from '../../src/pipeline/match/model/match-model.js';
import { generateMatchTruth, type MatchTruth } from '../../src/sample/match-truth.js';
import { describeEachDatabase } from '../support/databases.js';
import { matchFromStart } from '../support/match-runs.js';
import { openTestApp } from '../support/test-app.js';

describeEachDatabase((database) => {
  let app: App;
  let jobId: number;
  beforeEach(async () => {
    app = await openTestApp({}, database.dialect);
    const admin = (await app.repositories.users.findByUserName('admin'))!;
    jobId = await app.repositories.importJobs.create({
      description: 'Match model',
      packageName: 'p.zip',
      packagePath: '/nowhere/p.zip',
      packageBytes: 1,
      onBehalfOfUserId: admin.id,
      submittedByUserId: admin.id,
    });
  });
  afterEach(async () => {
    await app?.close();
  });

  /** A model estimated from a generated package, each incoming contact paired with the first three existing ones. */
  const estimatedFromGenerated = (seed: number) => {
    const truth = generateMatchTruth({ existing: 600, incoming: 600, seed });
    const existing = truth.existing.map((profile) => prepareProfile(profile));
    const incoming = truth.incoming.map((profile) => prepareProfile(profile));
    // Every pair is a candidate here: the estimate only needs pairs, whoever found them.
    const pairs = incoming.flatMap((profile) =>
      existing.slice(0, 3).map((other) => [profile, other] as const),
    );
    const model = estimateJobModel([...incoming, ...existing], pairs, { sampledPairs: 5000 });
    return { truth, existing, incoming, model };
  };
  const withKeys = (profiles: readonly MatchProfile[]) =>
    profiles.map((profile) => ({ profile, keys: blockingKeysFor(profile) }));
  /** The truth's existing contacts in `owner`'s book, its incoming ones staged for `job`. */
  const seedJob = async (truth: MatchTruth, owner: number, job = jobId) => {
    const seeding = new MatchSeedingRepository(app.db, database.dialect);
    await seeding.addContacts(owner, withKeys(truth.existing));
    await seeding.stageContacts(job, truth.incoming);
  };
  /** Match from the start, in this thread, as the job's handler would with `plan`. */
  const matchInThread = (
    onBehalfOfUserId: number,
    plan: Partial<Pick<MatchStageInput, 'model' | 'keepEstimatedModel' | 'batchSize' | 'jobId'>>,
  ) => matchFromStart(app, plan.jobId ?? jobId, onBehalfOfUserId, { scoring: 'in-thread', ...plan });
  const adminId = async () => (await app.repositories.users.findByUserName('admin'))!.id;

  it('stores the model estimated for a job, and a resumed run reads it back to the same bands', async () => {
    const { truth, existing, incoming, model } = estimatedFromGenerated(4);
    expect(model.source).toBe('estimated');

    expect(await app.repositories.importJobs.matchModelOf(jobId)).toBeNull();
    await app.repositories.importJobs.saveMatchModel(jobId, matchModelToJson(model) ?? null);
    const stored = matchModelFromJson(await app.repositories.importJobs.matchModelOf(jobId));

    // Each incoming contact against its own original (when it has one) and a few others.
    const bands = (chosen: typeof model) =>
      incoming.map((profile, index) => {
        const original = truth.originalOf[index]!;
        const candidates = [...(original >= 0 ? [existing[original]!] : []), ...existing.slice(0, 5)];
        return scoreCandidates(profile, candidates, undefined, chosen).map(
          (match) => `${match.candidate.id} ${match.band} ${match.pair.score}`,
        );
      });
    expect(
      bands(stored)
        .flat()
        .filter((band) => !band.includes('Low')).length,
    ).toBeGreaterThan(100);
    expect(bands(stored)).toEqual(bands(model));
  });

  it("estimates the model from the job's own contacts when Match starts, the same again on a rerun, and keeps it for a resumed run", async () => {
    const truth = generateMatchTruth({ existing: 800, incoming: 800, seed: 6 });
    const admin = await adminId();
    await seedJob(truth, admin);
    // Matched from the start with what the job's handler would be told at this cursor.
    const bandsWith = async (plan: JobModelPlan, batchSize = 1000) => {
      await matchInThread(admin, { batchSize, ...plan });
      const matches = await app.repositories.matching.matchesOf(jobId);
      // Sorted: rows of equal score come back in any order on PostgreSQL.
      return {
        models: new Set(matches.map((row) => JSON.parse(row.explanation).model)),
        bands: matches
          .map((row) => `${row.staged_contact_id} ${row.contact_id} ${row.band} ${row.score}`)
          .sort(),
      };
    };
    const planAt = (startAfter: number) =>
      jobModelPlan({ jobId, startAfter, repositories: app.repositories });

    const first = await bandsWith(await planAt(0));
    const stored = await app.repositories.importJobs.matchModelOf(jobId);
    expect(matchModelFromJson(stored).source).toBe('estimated');
    // The stage scored with the model it estimated, not only stored it.
    expect(first.models).toEqual(new Set(['estimated']));
    expect(first.bands.filter((band) => !band.includes('Low')).length).toBeGreaterThan(100);

    // A rerun from the start estimates again, from the same contacts: the same model, the same
    // bands, however the contacts are batched.
    expect(await bandsWith(await planAt(0), 300)).toEqual(first);
    expect(await app.repositories.importJobs.matchModelOf(jobId)).toBe(stored);

    // A resumed run (cursor past 0) reads the stored model rather than estimating from what is left.
    const resumed = await planAt(1);
    expect(resumed.keepEstimatedModel).toBeUndefined();
    expect(await bandsWith(resumed)).toEqual(first);
    await app.repositories.importJobs.saveMatchModel(jobId, null);
    expect((await planAt(1)).model?.source).toBe('default');
  });

  it("scores the sample the model was estimated from as it scores with that model given: the estimate's comparisons are reused, not different", async () => {
    const truth = generateMatchTruth({ existing: 800, incoming: 800, seed: 7 });
    const admin = await adminId();
    await seedJob(truth, admin);
    const run = async (plan: Pick<MatchStageInput, 'model' | 'keepEstimatedModel'>) => {
      await matchInThread(admin, plan);
      return (await app.repositories.matching.matchesOf(jobId))
        .map(
          (row) =>
            `${row.staged_contact_id} ${row.contact_id} ${row.other_staged_contact_id} ${row.band} ${row.score} ${row.explanation}`,
        )
        .sort();
    };
    let model: MatchModel | undefined;
    // The whole package is the sample here: every pair the estimate compared is scored from it.
    const estimating = await run({
      keepEstimatedModel: async (estimated) => {
        model = estimated;
      },
    });
    expect(model?.source).toBe('estimated');
    expect(estimating.filter((row) => row.includes(' High ')).length).toBeGreaterThan(100);
    expect(await run({ model })).toEqual(estimating);
  });

  it('sets the Medium threshold for the contacts the on-behalf-of user may see, not the whole database', async () => {
    const truth = generateMatchTruth({ existing: 800, incoming: 800, seed: 6 });
    const advisor = await app.repositories.users.create({ userName: 'advisor' });
    const other = await app.repositories.users.create({ userName: 'other' });
    const seeding = new MatchSeedingRepository(app.db, database.dialect);
    // Another advisor's book, larger than this one: none of it is compared, so none of it counts.
    await seeding.addContacts(
      other.id,
      withKeys(generateMatchTruth({ existing: 2_000, incoming: 0, seed: 9 }).existing),
    );
    const onBehalf = await app.repositories.importJobs.create({
      description: 'For the advisor',
      packageName: 'p.zip',
      packagePath: '/nowhere/p.zip',
      packageBytes: 1,
      onBehalfOfUserId: advisor.id,
      submittedByUserId: advisor.id,
    });
    await seedJob(truth, advisor.id, onBehalf);
    let model: MatchModel | undefined;
    await matchInThread(advisor.id, {
      jobId: onBehalf,
      keepEstimatedModel: async (estimated) => {
        model = estimated;
      },
    });
    expect(model?.source).toBe('estimated');
    // 800 visible existing contacts and half of the 799 package mates.
    expect(model!.evidence!.comparedPerIncoming).toBe(1200);
    const expected = model!.evidence!.expectedMatchesPerIncoming!;
    expect(model!.thresholds.Medium).toBeCloseTo(Math.log2(1199.5 / expected), 1);
    expect(model!.thresholds.Medium).toBeLessThan(17);
  });

  it('scores the Match stage with the model it is given, and explains its matches by it', async () => {
    const { truth, model } = estimatedFromGenerated(5);
    const admin = await adminId();
    await seedJob(truth, admin);
    const run = async (chosen?: typeof model) => {
      await matchInThread(admin, chosen ? { model: chosen } : {});
      return app.repositories.matching.matchesOf(jobId);
    };
    const byDefault = await run();
    const estimated = await run(model);
    expect(estimated.length).toBeGreaterThan(100);
    expect(estimated.every((row) => JSON.parse(row.explanation).model === 'estimated')).toBe(true);
    expect(byDefault.some((row) => JSON.parse(row.explanation).model !== undefined)).toBe(false);
    expect(estimated.map((row) => row.score)).not.toEqual(byDefault.map((row) => row.score));
  });
});
