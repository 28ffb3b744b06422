/**
 * The match model a job scores with: estimated once, when its Match starts, from a sample of its
 * staged contacts and the candidates they meet (existing contacts the on-behalf-of user may see,
 * and package mates that share a blocking key), stored on the job, and read back when the stage
 * resumes, so a crash or a second worker never scores half a job with another model. A rerun from
 * the start estimates again from the same data, which gives the same model (the estimate is
 * deterministic).
 */
import type { ImportJobsRepository } from '../../db/repositories/import-jobs.repository.js';
import type { MatchingRepository } from '../../db/repositories/matching.repository.js';
import { blockingKeysOfPrepared } from './blocking-keys.js';
import { type PreparedProfile, prepareProfile } from './match-profile.js';
import { estimateJobModel } from './model/estimate-model.js';
import { type MatchModel, matchModelFromJson, matchModelToJson } from './model/match-model.js';
import { profileFromStoredText } from './stored-profile.js';

export interface JobModelInput {
  jobId: number;
  onBehalfOfUserId: number;
  /** The job's stage cursor: above 0, the stage resumes and keeps the model it stored. */
  startAfter: number;
  maxPerKey: number;
  repositories: { matching: MatchingRepository; importJobs: ImportJobsRepository };
}

/**
 * How many staged contacts the estimate looks at: enough for the mixture to settle (the FEBRL
 * sets have 5,000 and 10,000), few enough that the sample and its candidates stay some tens of MB
 * whatever the package and database size.
 */
const sampledStagedContacts = 10_000;
const batchSize = 1_000;
/** Package-mate pairs taken from the sample, at most (the estimate reads 50,000 pairs at most). */
const packagePairsAtMost = 100_000;

export async function matchModelForJob(input: JobModelInput): Promise<MatchModel | undefined> {
  const { importJobs } = input.repositories;
  if (input.startAfter > 0) return matchModelFromJson(await importJobs.matchModelOf(input.jobId));
  const [profiles, pairs, sampledIncoming] = await samplePairs(input);
  const { matching } = input.repositories;
  const model = estimateJobModel(profiles, pairs, {
    comparisonSpace: {
      incoming: await matching.countStagedContacts(input.jobId),
      existing: await matching.countVisibleContacts(input.onBehalfOfUserId),
      sampledIncoming,
      sampledCandidatePairs: pairs.length,
    },
  });
  await importJobs.saveMatchModel(input.jobId, matchModelToJson(model) ?? null);
  return model;
}

type Pair = readonly [PreparedProfile, PreparedProfile];

/** The sample's profiles (staged ones first), its candidate pairs, and how many staged contacts it holds. */
async function samplePairs(input: JobModelInput): Promise<[PreparedProfile[], Pair[], number]> {
  const { matching } = input.repositories;
  const staged: PreparedProfile[] = [];
  const existing = new Map<number, PreparedProfile>();
  const pairs: Pair[] = [];
  const mates = new Map<string, PreparedProfile[]>();
  let packagePairs = 0;
  let after = 0;
  while (staged.length < sampledStagedContacts) {
    const batch = (await matching.nextStagedProfiles(input.jobId, after, batchSize)).map((profile) =>
      prepareProfile(profile),
    );
    if (batch.length === 0) break;
    after = batch[batch.length - 1]!.id!;
    const keysOf = batch.map(blockingKeysOfPrepared);
    const keys = [...new Set(keysOf.flat())];
    const found = await matching.visibleCandidates(input.onBehalfOfUserId, keys, input.maxPerKey, (id) =>
      existing.has(id),
    );
    for (const [id, text] of found.profileTexts)
      existing.set(id, prepareProfile(profileFromStoredText(id, text)));
    const carriers = new Map<string, number[]>();
    found.hits.positions.forEach((position, hit) => {
      const key = keys[position]!;
      const list = carriers.get(key);
      if (list) list.push(found.hits.ids[hit]!);
      else carriers.set(key, [found.hits.ids[hit]!]);
    });
    batch.forEach((incoming, index) => {
      const met = new Set<number>();
      const metMates = new Set<PreparedProfile>();
      for (const key of keysOf[index]!) {
        for (const id of carriers.get(key) ?? []) {
          const candidate = existing.get(id);
          if (candidate && !met.has(id)) {
            met.add(id);
            pairs.push([incoming, candidate]);
          }
        }
        // Legacy keys are unique within a job: no package mate shares one.
        if (key.startsWith('l:')) continue;
        const before = mates.get(key);
        if (before && before.length < input.maxPerKey && packagePairs < packagePairsAtMost) {
          for (const mate of before) {
            if (metMates.has(mate)) continue;
            metMates.add(mate);
            pairs.push([mate, incoming]);
            packagePairs++;
          }
        }
        if (before) before.push(incoming);
        else mates.set(key, [incoming]);
      }
    });
    staged.push(...batch);
  }
  // The staged contacts first, then the candidates by id: the stable order the estimate expects.
  const candidates = [...existing.values()].sort((a, b) => a.id! - b.id!);
  return [[...staged, ...candidates], pairs, staged.length];
}
