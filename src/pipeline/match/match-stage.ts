/**
 * The Match stage: every staged contact of a job is compared with the existing contacts that
 * the job's on-behalf-of user may see and with the job's earlier staged contacts that share a
 * blocking key. A batch's matches, its keys, the pre-selected (strongest) match of each staged
 * contact and the stage's cursor are written in one transaction, so a crash resumes after the
 * last committed batch with nothing lost or written twice.
 *
 * The work is split in two halves that overlap: this module does the database work (read a
 * batch, look its candidates up, write its results) and a BatchScorer, usually in a thread of
 * its own (match-scorer.ts), prepares and scores. While batch N is scored, batch N+1 is read and
 * keyed and batch N−1 written, so the stage takes about as long as the slower half, not both.
 */
import type {
  MatchingRepository,
  StagedKeyHits,
  VisibleCandidates,
} from '../../db/repositories/matching.repository.js';
import type { ProfileTexts } from '../../format/match-profile.js';
import type { BatchKeyList, ScoredBatch } from './batch-scorer.js';
import type { DuplicateKey, IdentifyOptions } from './duplicate-keys.js';
import { type MatchScorer, openMatchScorer, type ScoringMode } from './match-scorer.js';
import type { MatchModel } from './model/match-model.js';
import { sampledStagedContacts } from './model/model-sample.js';

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
  /**
   * Packages of at most this many staged contacts are remembered whole by the scorer, which
   * then finds a staged contact's earlier package mates itself; larger ones go through
   * staged_match_keys, so memory stays bounded. Default packageInMemoryDefault.
   */
  packageInMemory?: number;
  /**
   * How many candidate profiles the scorer keeps before both halves forget them and read them
   * again when met (default profilesKeptAtMost): bounds the scorer's memory.
   */
  profilesKept?: number;
  /** Where scoring runs (match-scorer.ts); by default a thread where it pays. */
  scoring?: ScoringMode;
  /** The scoring thread's old generation at most, in MB (Config.matchScorerHeapMb; 0: V8's). */
  scorerHeapMb?: number;
  /** Called after each committed batch (the job runner's checkpoint). */
  afterBatch?: () => Promise<void>;
  /** The job's match model, stored on the job (a resumed run). Absent: the default model, or
   * the one estimated for keepEstimatedModel. */
  model?: MatchModel;
  /**
   * Estimate the job's model from its first staged contacts and the candidates they meet
   * (model-sample.ts) before the first batch is scored, and hand it here to be stored with the job
   * before any batch is committed (job-model.ts). The sample's batches are then scored without
   * being looked up again.
   */
  keepEstimatedModel?: (model: MatchModel) => Promise<void>;
}

export interface MatchStageResult {
  stagedContacts: number;
  /** Staged contacts with at least one match. */
  matched: number;
}

const defaultBatchSize = 1000;
/**
 * Up to this many staged contacts the scorer keeps the package in memory and the stage neither
 * writes nor reads staged keys. A prepared profile takes about 0.95 KB of heap (1.5 KB until
 * session 13), so this is about 285 MB of live heap at the limit. Measured against 100,000
 * existing contacts (session 11, with the larger profiles,
 * docs/matching.md section 6), the database path was no lighter: 200,000 staged contacts peaked
 * at about 1.2 GB RSS either way, 300,000 at 1.50 GB in memory against 1.42 GB, while the
 * database path took 70 % more CPU at 200,000 and twice as much at 300,000, for the same matches.
 * (It was 100,000 until then; 25,000 kept the peak RSS lower at 100k vs 100k for about 40 % more CPU.)
 */
export const packageInMemoryDefault = 300_000;
/** A key more contacts share than this tells no one apart (CandidateIndexOptions.maxPerKey). */
export const defaultMaxPerKey = 50;
/**
 * How many candidate profiles the scorer keeps before both halves forget them together (a
 * forgotten profile is simply read again): memory stays flat on a million-contact package.
 * About 0.95 KB of heap each since session 13, so 140,000 hold less than the 100,000 of 1.7 KB
 * this bound was set for. On a 200,000-contact package matched through staged_match_keys
 * (against 20,000 existing contacts) 140,000 took about 15 % less CPU and wall time than 100,000
 * (fewer profiles read, sent and prepared again after each forgetting; 60.9 against 71.0 CPU s,
 * 1.22 against 1.15 GB peak RSS, the same matches); 170,000 did no better than 140,000. (Earlier,
 * with the larger profiles, 20,000 saved about 250 MB of peak RSS at 100k vs 100k and cost about
 * 15 % more CPU.)
 */
const profilesKeptAtMost = 140_000;

/** The ids whose profiles the scorer holds, as this half must know them to not send them again. */
class ScorerHolds {
  readonly existing = new Set<number>();
  readonly staged = new Set<number>();

  constructor(private readonly keptAtMost: number) {}

  /** True when the record grew past its bound and was cleared: the scorer must clear too. */
  forgetIfFull(): boolean {
    if (this.existing.size + this.staged.size <= this.keptAtMost) return false;
    this.existing.clear();
    this.staged.clear();
    return true;
  }
}

/**
 * A promise this stage will await later, after other awaits: marked handled now so that a
 * failure meanwhile (the scoring thread died) is not an unhandled rejection that ends the
 * process; it still rejects where it is awaited.
 */
function awaitedLater<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => {});
  return promise;
}

/** The id of the last of `profiles`, read in id order: where the next read starts. */
function lastIdOf(profiles: ProfileTexts): number {
  let last = 0;
  for (const id of profiles.keys()) last = id;
  return last;
}

/** A resumed run's scorer is told the staged contacts matched before the crash, in id order. */
async function recallMatchedBefore(input: MatchStageInput, scorer: MatchScorer, batchSize: number) {
  let after = 0;
  while (after < input.startAfter) {
    const read = await input.repositories.matching.nextStagedProfileTexts(input.jobId, after, batchSize);
    const profiles: ProfileTexts = new Map([...read].filter(([id]) => id <= input.startAfter));
    if (profiles.size === 0) return;
    await scorer.recall(profiles);
    after = lastIdOf(profiles);
  }
}

/** Earlier staged contacts sharing one of the keys at `positions`, by position in all of `keys`. */
async function stagedCandidatesOf(
  matching: MatchingRepository,
  jobId: number,
  keys: readonly string[],
  positions: readonly number[],
  maxPerKey: number,
): Promise<StagedKeyHits> {
  const found = await matching.stagedCandidates(
    jobId,
    positions.map((position) => keys[position]!),
    maxPerKey,
  );
  return {
    positions: found.positions.map((index) => positions[index]!),
    ids: found.ids,
    tooCommon: found.tooCommon.map((index) => positions[index]!),
  };
}

interface KeyedBatch {
  batchId: number;
  profiles: ProfileTexts;
  /** The distinct keys the batch carries (BatchScorer.key). */
  keys: Promise<BatchKeyList>;
  /** Its existing candidates, when they were looked up for the model's estimate already. */
  existing?: VisibleCandidates;
}

/**
 * The whole package's keys counted by the scorer, so that only keys another staged contact
 * carries go through staged_match_keys (shared-key-filter.ts). Read in full on every run,
 * resumed or not: the count must cover the contacts matched before a crash too.
 */
async function noteWholePackage(input: MatchStageInput, scorer: MatchScorer, batchSize: number) {
  let noting: Promise<void> | undefined;
  let after = 0;
  for (;;) {
    const profiles = await input.repositories.matching.nextStagedProfileTexts(input.jobId, after, batchSize);
    // The next batch is read while the scorer counts this one.
    await noting;
    if (profiles.size === 0) return;
    noting = awaitedLater(scorer.noteKeys(profiles));
    after = lastIdOf(profiles);
  }
}

/** @example await matchStagedContacts({ jobId, onBehalfOfUserId, startAfter: job.stage_cursor, repositories }) */
export async function matchStagedContacts(input: MatchStageInput): Promise<MatchStageResult> {
  const { jobId, onBehalfOfUserId, repositories } = input;
  const { matching } = repositories;
  const batchSize = input.batchSize ?? defaultBatchSize;
  const maxPerKey = input.maxPerKey ?? defaultMaxPerKey;
  const identify: IdentifyOptions | undefined = input.identifyBy?.length
    ? {
        identifyBy: input.identifyBy,
        ...(input.legacySource !== undefined ? { legacySource: input.legacySource } : {}),
      }
    : undefined;
  const stagedCount = await matching.countStagedContacts(jobId);
  const wholePackage = stagedCount <= (input.packageInMemory ?? packageInMemoryDefault);

  // Opened first: the scoring thread starts (loads its modules) while earlier results are cleared.
  const scorer: MatchScorer = openMatchScorer(
    { maxPerKey, identify, rememberWholePackage: wholePackage, packageSize: stagedCount, model: input.model },
    input.scoring,
    input.scorerHeapMb,
  );
  const holds = new ScorerHolds(input.profilesKept ?? profilesKeptAtMost);
  const result: MatchStageResult = { stagedContacts: 0, matched: 0 };
  let batchCount = 0;

  const readAndKey = async (afterId: number): Promise<KeyedBatch | undefined> => {
    const profiles = await matching.nextStagedProfileTexts(jobId, afterId, batchSize);
    if (profiles.size === 0) return undefined;
    const batchId = ++batchCount;
    return { batchId, profiles, keys: awaitedLater(scorer.key(batchId, profiles)) };
  };
  const lookUpExisting = async (keys: readonly string[]): Promise<VisibleCandidates> => {
    const found = await matching.visibleCandidates(onBehalfOfUserId, keys, maxPerKey, (id) =>
      holds.existing.has(id),
    );
    for (const id of found.profileTexts.keys()) holds.existing.add(id);
    return found;
  };

  /** The first batches, keyed and looked up for the model's estimate: the next to score. */
  const sampled: KeyedBatch[] = [];
  const readNext = async (afterId: number) => sampled.shift() ?? (await readAndKey(afterId));
  const estimateModel = async (keep: (model: MatchModel) => Promise<void>): Promise<void> => {
    let after = input.startAfter;
    let contacts = 0;
    // All the sample's batches are read first, each handed to the scorer to key as soon as it is
    // read: the scorer keys one while the next is read, and the lookups follow its keys.
    while (contacts < sampledStagedContacts) {
      const batch = await readAndKey(after);
      if (!batch) break;
      sampled.push(batch);
      contacts += batch.profiles.size;
      after = lastIdOf(batch.profiles);
    }
    for (const batch of sampled) batch.existing = await lookUpExisting((await batch.keys).keys);
    const model = await scorer.estimateModel({
      batches: sampled.map((batch) => ({
        batchId: batch.batchId,
        existing: batch.existing!.hits,
        existingProfileTexts: batch.existing!.profileTexts,
      })),
      comparisonSpace: {
        incoming: stagedCount,
        existing: await matching.countVisibleContacts(onBehalfOfUserId),
      },
    });
    // The scorer holds the sample's candidates now: scoring the batches sends only their hits.
    for (const batch of sampled) batch.existing = { hits: batch.existing!.hits, profileTexts: new Map() };
    await keep(model);
  };

  const commit = async (cursor: number, keys: string[], scored: ScoredBatch): Promise<void> => {
    await matching.saveMatchBatch({ jobId, cursor, keys, ...scored });
    result.matched += scored.selections.length;
    await input.afterBatch?.();
  };

  try {
    if (input.startAfter === 0) await matching.clearJobMatches(jobId);
    if (wholePackage) await recallMatchedBefore(input, scorer, batchSize);
    else await noteWholePackage(input, scorer, batchSize);
    if (input.keepEstimatedModel) await estimateModel(input.keepEstimatedModel);
    let batch = await readNext(input.startAfter);
    let writing: { cursor: number; keys: string[]; scored: Promise<ScoredBatch> } | undefined;
    while (batch) {
      const { keys, sharedPositions } = await batch.keys;
      const cursor = lastIdOf(batch.profiles);
      // The next batch is keyed while this one's candidates are looked up.
      const next = await readNext(cursor);

      // A sampled batch's candidates were sent with the estimate: they must not be forgotten.
      const forgetProfiles = !batch.existing && holds.forgetIfFull();
      const existing = batch.existing ?? (await lookUpExisting(keys));
      // A scorer that remembers the whole package finds the earlier staged contacts itself.
      const earlier = wholePackage
        ? { positions: [], ids: [], tooCommon: [] }
        : await stagedCandidatesOf(matching, jobId, keys, sharedPositions, maxPerKey);
      const unsentEarlier = [...new Set(earlier.ids)].filter((id) => !holds.staged.has(id));
      const stagedProfileTexts = await matching.stagedProfileTexts(jobId, unsentEarlier);
      // Only a scorer that goes through the database is sent staged profiles by id.
      if (!wholePackage)
        for (const id of [...stagedProfileTexts.keys(), ...batch.profiles.keys()]) holds.staged.add(id);
      const scored = awaitedLater(
        scorer.score({
          batchId: batch.batchId,
          existing: existing.hits,
          existingProfileTexts: existing.profileTexts,
          staged: earlier,
          stagedProfileTexts,
          forgetProfiles,
        }),
      );
      // The previous batch is written while this one is scored.
      if (writing) await commit(writing.cursor, writing.keys, await writing.scored);
      writing = { cursor, keys, scored };
      result.stagedContacts += batch.profiles.size;
      batch = next;
    }
    if (writing) await commit(writing.cursor, writing.keys, await writing.scored);
  } finally {
    await scorer.close();
  }
  return result;
}
