/**
 * The Match stage: every staged contact of a job is compared with the existing contacts that
 * the job's on-behalf-of user may see and with the job's earlier staged contacts that share a
 * blocking key. A batch's matches, its keys, the pre-selected (strongest) match of each staged
 * contact and the stage's cursor are written in one transaction, so a crash resumes after the
 * last committed batch with nothing lost or written twice.
 */
import type { MatchingRepository, NewStagedMatch } from '../../db/repositories/matching.repository.js';
import { blockingKeysOfPrepared } from './blocking-keys.js';
import { CandidateIndex } from './candidate-index.js';
import type { DuplicateKey, IdentifyOptions } from './duplicate-keys.js';
import { findMatches } from './find-matches.js';
import { type MatchProfile, type PreparedProfile, prepareProfile } from './match-profile.js';
import { PreparedProfileCache } from './prepared-profile-cache.js';

export interface MatchStageInput {
  jobId: number;
  onBehalfOfUserId: number;
  /** The job's stage_cursor: the last staged contact id a previous run committed (0: none). */
  startAfter: number;
  repositories: { matching: MatchingRepository };
  batchSize?: number;
  /** See CandidateIndexOptions.maxPerKey. */
  maxPerKey?: number;
  /**
   * Duplicate keys chosen by the person who started Match (duplicate-keys.ts): a candidate that
   * shares one is a High match whatever its score. Empty or absent: the score alone decides.
   */
  identifyBy?: readonly DuplicateKey[];
  /** The job's package name: the source of its legacy keys (for identifyBy legacyKey). */
  legacySource?: string;
  /** Called after each committed batch (the job runner's checkpoint). */
  afterBatch?: () => Promise<void>;
}

export interface MatchStageResult {
  stagedContacts: number;
  /** Staged contacts with at least one match. */
  matched: number;
}

const distinctIds = (idsByKey: ReadonlyMap<string, readonly number[]>): number[] => [
  ...new Set([...idsByKey.values()].flat()),
];

/**
 * The prepared profile of every candidate of a batch: from the run's cache, or prepared now
 * from the profile just read (and cached). Copied into a map of the batch's own, so that the
 * cache may forget old entries while the batch is scored.
 */
function resolve(
  idsByKey: ReadonlyMap<string, readonly number[]>,
  cache: PreparedProfileCache,
  read: ReadonlyMap<number, MatchProfile>,
): Map<number, PreparedProfile> {
  const prepared = new Map<number, PreparedProfile>();
  for (const id of distinctIds(idsByKey)) {
    let profile = cache.get(id);
    if (!profile) {
      const source = read.get(id);
      // A staged candidate whose row is gone (deleted in review) is no candidate.
      if (!source) continue;
      profile = prepareProfile(source);
      cache.set(id, profile);
    }
    prepared.set(id, profile);
  }
  return prepared;
}

const defaultBatchSize = 1000;
const defaultMaxPerKey = 50;

/** @example await matchStagedContacts({ jobId, onBehalfOfUserId, startAfter: job.stage_cursor, repositories }) */
export async function matchStagedContacts(input: MatchStageInput): Promise<MatchStageResult> {
  const { jobId, onBehalfOfUserId, repositories } = input;
  const batchSize = input.batchSize ?? defaultBatchSize;
  const maxPerKey = input.maxPerKey ?? defaultMaxPerKey;
  const identify: IdentifyOptions | undefined = input.identifyBy?.length
    ? {
        identifyBy: input.identifyBy,
        ...(input.legacySource !== undefined ? { legacySource: input.legacySource } : {}),
      }
    : undefined;
  if (input.startAfter === 0) await repositories.matching.clearJobMatches(jobId);

  let cursor = input.startAfter;
  const result: MatchStageResult = { stagedContacts: 0, matched: 0 };
  // Existing contacts and staged contacts have separate id spaces: one cache each.
  const existingCache = new PreparedProfileCache();
  const stagedCache = new PreparedProfileCache();
  for (;;) {
    const profiles = await repositories.matching.nextStagedProfiles(jobId, cursor, batchSize);
    if (profiles.length === 0) break;
    const batch = profiles.map((profile) => prepareProfile(profile));
    const keysOf = batch.map(blockingKeysOfPrepared);
    const allKeys = [...new Set(keysOf.flat())];

    // Profiles are read and prepared only for candidates not already prepared in this run.
    const existing = await repositories.matching.visibleCandidates(
      onBehalfOfUserId,
      allKeys,
      maxPerKey,
      (id) => existingCache.has(id),
    );
    const existingPrepared = resolve(existing.idsByKey, existingCache, existing.profiles);

    const earlier = await repositories.matching.stagedCandidates(jobId, allKeys, maxPerKey);
    const unknownEarlier = distinctIds(earlier.idsByKey).filter((id) => !stagedCache.has(id));
    const earlierProfiles = new Map<number, MatchProfile>();
    for (const profile of await repositories.matching.stagedProfiles(jobId, unknownEarlier)) {
      earlierProfiles.set(profile.id!, profile);
    }
    const earlierPrepared = resolve(earlier.idsByKey, stagedCache, earlierProfiles);
    // Staged contacts of this batch meet the ones before them in the batch here.
    const batchIndex = new CandidateIndex({ maxPerKey });

    const matches: NewStagedMatch[] = [];
    const selections: NewStagedMatch[] = [];
    const keys: { matchKey: string; stagedContactId: number }[] = [];
    batch.forEach((incoming, index) => {
      const stagedContactId = incoming.source.id!;
      const incomingKeys = keysOf[index]!;
      const existingCandidates = new Set<PreparedProfile>();
      const stagedCandidates = new Set<PreparedProfile>(batchIndex.candidatesFor(incoming, incomingKeys));
      for (const key of incomingKeys) {
        for (const id of existing.idsByKey.get(key) ?? []) {
          const candidate = existingPrepared.get(id);
          if (candidate) existingCandidates.add(candidate);
        }
        for (const id of earlier.idsByKey.get(key) ?? []) {
          const candidate = earlierPrepared.get(id);
          if (candidate) stagedCandidates.add(candidate);
        }
      }
      const identified = new Set<NewStagedMatch>();
      const stored = (
        match: NewStagedMatch & { identifiedBy?: DuplicateKey | undefined },
      ): NewStagedMatch => {
        const { identifiedBy, ...row } = match;
        if (identifiedBy) identified.add(row);
        return row;
      };
      const found: NewStagedMatch[] = [
        ...findMatches(incoming, existingCandidates, identify)
          .map((match) => ({
            stagedContactId,
            contactId: match.candidate.source.id!,
            otherStagedContactId: null,
            score: match.score,
            band: match.band!,
            explanation: JSON.stringify(match.explanation),
            identifiedBy: match.explanation.identifiedBy,
          }))
          .map(stored),
        ...findMatches(incoming, stagedCandidates, identify)
          .map((match) => ({
            stagedContactId,
            contactId: null,
            otherStagedContactId: match.candidate.source.id!,
            score: match.score,
            band: match.band!,
            explanation: JSON.stringify(match.explanation),
            identifiedBy: match.explanation.identifiedBy,
          }))
          .map(stored),
      ];
      matches.push(...found);
      // A match a chosen key identified comes before any that only scores.
      const stronger = (match: NewStagedMatch, best: NewStagedMatch) => {
        const [isKey, bestIsKey] = [identified.has(match), identified.has(best)];
        return isKey !== bestIsKey ? isKey : match.score > best.score;
      };
      const strongest = found.reduce<NewStagedMatch | undefined>(
        (best, match) => (!best || stronger(match, best) ? match : best),
        undefined,
      );
      if (strongest) selections.push(strongest);
      batchIndex.add(incoming, incomingKeys);
      stagedCache.set(stagedContactId, incoming);
      // Legacy keys are unique within a job: no later staged contact can share one.
      for (const matchKey of incomingKeys)
        if (!matchKey.startsWith('l:')) keys.push({ matchKey, stagedContactId });
    });

    cursor = batch[batch.length - 1]!.source.id!;
    await repositories.matching.saveMatchBatch({ jobId, cursor, matches, keys, selections });
    result.stagedContacts += batch.length;
    result.matched += selections.length;
    await input.afterBatch?.();
  }
  return result;
}
