/**
 * The Match stage's computing half: prepares staged contacts, gives their blocking keys, and
 * scores each batch against the candidates the database half found, keeping the matches. It
 * holds no connection and does no I/O, so it can run in a thread of its own (scoring-thread.ts)
 * while the stage reads the next batch and writes the last one (match-stage.ts).
 *
 * Staged contacts meet the earlier staged contacts of their package here when the scorer
 * remembers the whole package (rememberWholePackage, for packages up to a size); otherwise those
 * of batches already committed come through the database lookup, and those the database may not
 * show yet (the batch scored just before, whose write may still be under way, and the earlier
 * contacts of the same batch) through the window kept here.
 */
import type { KeyHits, NewStagedMatch, StagedKeyHits } from '../../db/repositories/matching.repository.js';
import type { ProfileTexts } from '../../format/match-profile.js';
import { blockingKeysOfPrepared } from './blocking-keys.js';
import type { IdentifyOptions } from './duplicate-keys.js';
import { explanationTextOf, type ScoredMatch, scoreCandidates } from './find-matches.js';
import { type PreparedProfile, prepareProfile } from './match-profile.js';
import type { MatchModel } from './model/match-model.js';
import { ModelSample } from './model/model-sample.js';
import { none as noKeyNumber, PackageMates } from './package-mates.js';
import type { ComparedFields } from './score-match.js';
import { SharedKeyFilter } from './shared-key-filter.js';
import { profileFromStoredText } from './stored-profile.js';

export interface BatchScorerOptions {
  /** A key more profiles than this share is too common to tell anyone apart (CandidateIndex). */
  maxPerKey: number;
  identify?: IdentifyOptions | undefined;
  /**
   * Keep every scored staged contact of the package by key, so staged contacts meet all the
   * earlier ones here and the stage neither writes nor reads staged_match_keys (for packages
   * small enough to hold; see match-stage.ts). Otherwise only the last batch is kept.
   */
  rememberWholePackage?: boolean | undefined;
  /** The package's staged contacts, to size what rememberWholePackage keeps. */
  packageSize?: number | undefined;
  /** The job's estimated model (job-model.ts); absent: the default model, unless estimateModel()
   * gives one. Crosses to the scoring thread by structured clone (Maps included). */
  model?: MatchModel | undefined;
}

/** The existing candidates of a keyed batch, as the database half found them. */
export interface BatchCandidates {
  /** The batch given to key() before. */
  batchId: number;
  /** Existing contacts the on-behalf-of user may see, by position in the batch's keys. */
  existing: KeyHits;
  /** Texts (stored-profile.ts) of the existing candidates the scorer was not sent before. */
  existingProfileTexts: Map<number, string>;
}

export interface EstimateRequest {
  /** The job's first keyed batches, in order, enough for the sample (model-sample.ts). Their
   * profile texts are not sent again when they are scored. */
  batches: BatchCandidates[];
  /** All the job's staged contacts, and all the existing contacts the on-behalf-of user may see. */
  comparisonSpace: { incoming: number; existing: number };
}

export interface ScoreRequest extends BatchCandidates {
  /** Staged contacts of the job's committed batches, by position in the batch's keys. */
  staged: StagedKeyHits;
  /** Profiles (as text) of the staged candidates the scorer was not sent (or did not key) before. */
  stagedProfileTexts: ProfileTexts;
  /**
   * The stage forgot which profiles the scorer holds (its record grew past its bound): the
   * scorer forgets them too, before this request, so the two records never disagree.
   */
  forgetProfiles: boolean;
}

/** What key() answers: the batch's distinct keys, and which of them to look up among staged contacts. */
export interface BatchKeyList {
  keys: string[];
  /**
   * Positions (ascending) of the keys another staged contact of the package may carry: legacy
   * keys left out (unique within a job), and after noteKeys() the keys no other contact of the
   * package carries. Only these are written to and looked up in staged_match_keys.
   */
  sharedPositions: number[];
}

export interface ScoredBatch {
  matches: NewStagedMatch[];
  /** The strongest match of each staged contact that has one: the pre-selected match. */
  selections: NewStagedMatch[];
  /**
   * Who in the batch carries which of its keys (positions in the list key() gave, ascending: the
   * list's order, which is not key order), for the staged contacts after it. Legacy keys are left
   * out: they are unique within a job, so no later staged contact can share one.
   */
  keyCarriers: KeyHits;
}

/** A batch's distinct keys and each contact's positions in them. */
interface BatchKeys {
  keys: string[];
  positionsOf: number[][];
  /** With the whole package remembered: the key number at each position (PackageMates). */
  numbers?: number[];
}

function batchKeysOf(keysOfContacts: readonly (readonly string[])[]): BatchKeys {
  const keys: string[] = [];
  const positionOf = new Map<string, number>();
  const positionsOf = keysOfContacts.map((own) =>
    own.map((key) => {
      let position = positionOf.get(key);
      if (position === undefined) {
        position = keys.push(key) - 1;
        positionOf.set(key, position);
      }
      return position;
    }),
  );
  return { keys, positionsOf };
}

/**
 * Hits grouped by key position, in two flat arrays (a batch has some 36,000 keys, most with no
 * hit: an array per key was most of the scorer's garbage): the ids carrying the key at
 * position p are ids[start[p]] … ids[start[p + 1] − 1], in ascending order. The order a database
 * returns a key's carriers in depends on its plan (PostgreSQL's changes with its statistics), and
 * candidates are met in this order: two equally strong matches are pre-selected, and the model's
 * sample is taken, the same way on every database.
 */
class IdsByPosition {
  readonly #start: Int32Array;
  readonly #ids: Float64Array;

  constructor(hits: KeyHits, keyCount: number) {
    const start = new Int32Array(keyCount + 1);
    for (const position of hits.positions) start[position + 1]!++;
    for (let position = 0; position < keyCount; position++) start[position + 1]! += start[position]!;
    const next = start.slice(0, keyCount);
    const ids = new Float64Array(hits.ids.length);
    hits.positions.forEach((position, hit) => {
      ids[next[position]!++] = hits.ids[hit]!;
    });
    for (let position = 0; position < keyCount; position++) {
      if (start[position + 1]! - start[position]! > 1)
        ids.subarray(start[position], start[position + 1]).sort();
    }
    this.#start = start;
    this.#ids = ids;
  }

  /** The first hit of the key at `position`; its hits run up to end(position). */
  start(position: number): number {
    return this.#start[position]!;
  }

  end(position: number): number {
    return this.#start[position + 1]!;
  }

  id(hit: number): number {
    return this.#ids[hit]!;
  }
}

const none: readonly PreparedProfile[] = [];

/** A batch key() prepared, waiting for score(). */
interface KeyedBatch {
  batch: PreparedProfile[];
  keys: BatchKeys;
  shared: number[];
}

const idOf = (profile: PreparedProfile): number => profile.id!;

/** A staged contact's profile from its text (ProfileTexts), prepared. */
const preparedFromText = (id: number, text: string): PreparedProfile =>
  prepareProfile(profileFromStoredText(id, text));

/** What one batch's contacts are scored against. */
interface Lookups {
  existing: IdsByPosition;
  staged: IdsByPosition;
  /** 1 at the positions of keys too many committed staged contacts carry: no one is met by them. */
  tooCommon: Uint8Array;
  /** The batch's contacts scored so far, by position of their keys. */
  currentBatch: (PreparedProfile[] | undefined)[];
  /** The contacts of the batch scored before, by position of the keys in this batch. */
  previousBatch: (PreparedProfile[] | undefined)[];
}

export class BatchScorer {
  readonly #options: BatchScorerOptions;
  /** Prepared profiles by id, one map per id space; bounded by the stage (forgetProfiles). */
  readonly #existing = new Map<number, PreparedProfile>();
  /** Staged candidates the database lookup finds by id: unused when the whole package is kept. */
  readonly #staged = new Map<number, PreparedProfile>();
  readonly #keyed = new Map<number, KeyedBatch>();
  /**
   * Staged contacts of the last batch scored, by key: the window the database may not show yet.
   * A scorer that remembers the whole package keeps all of them in #packageMates instead.
   */
  #scoredBefore = new Map<string, PreparedProfile[]>();
  readonly #packageMates: PackageMates | undefined;
  /** The keys more than one contact of the package carries, once noteKeys() saw the package. */
  #sharedKeys: SharedKeyFilter | undefined;
  #model: MatchModel | undefined;
  /**
   * The model's estimate compared the sample's staged contacts with their existing candidates:
   * those comparisons, by staged contact, until the contact is scored.
   */
  readonly #comparedInSample = new Map<PreparedProfile, Map<PreparedProfile, ComparedFields>>();

  constructor(options: BatchScorerOptions) {
    this.#options = options;
    this.#model = options.model;
    this.#packageMates = options.rememberWholePackage ? new PackageMates(options.packageSize) : undefined;
  }

  /**
   * Prepares a batch of staged contacts and returns the blocking keys they carry, distinct: the
   * list whose positions score() is answered in.
   */
  key(batchId: number, profileTexts: ProfileTexts): BatchKeyList {
    const batch = Array.from(profileTexts, ([id, text]) => preparedFromText(id, text));
    const keysOfContacts = batch.map(blockingKeysOfPrepared);
    const keys = this.#packageMates?.listBatchKeys(keysOfContacts) ?? batchKeysOf(keysOfContacts);
    if (!this.#packageMates) for (const profile of batch) this.#staged.set(idOf(profile), profile);
    const shared = this.#sharedPositionsOf(keys.keys);
    this.#keyed.set(batchId, { batch, keys, shared });
    return { keys: keys.keys, sharedPositions: shared };
  }

  #sharedPositionsOf(keys: readonly string[]): number[] {
    const shared: number[] = [];
    keys.forEach((key, position) => {
      if (key.startsWith('l:')) return;
      if (!this.#sharedKeys || this.#sharedKeys.maybeShared(key)) shared.push(position);
    });
    return shared;
  }

  /**
   * Counts the keys of (a batch of) the whole package, before any batch is keyed: from then on
   * only keys that more than one contact of the package carries go through staged_match_keys.
   */
  noteKeys(profileTexts: ProfileTexts): void {
    this.#sharedKeys ??= new SharedKeyFilter();
    for (const [id, text] of profileTexts) {
      for (const key of new Set(blockingKeysOfPrepared(preparedFromText(id, text)))) {
        if (!key.startsWith('l:')) this.#sharedKeys.note(key);
      }
    }
  }

  /**
   * A resumed stage's staged contacts matched before the crash, in id order: remembered as if
   * scored here (rememberWholePackage), so the later ones meet them.
   */
  recall(profileTexts: ProfileTexts): void {
    const mates = this.#packageMates;
    if (!mates) throw new Error('recall() is for a scorer that remembers the whole package');
    for (const [id, text] of profileTexts) {
      const prepared = preparedFromText(id, text);
      const keys = blockingKeysOfPrepared(prepared);
      // Legacy keys are unique within a job: no later staged contact can share one.
      mates.add(
        prepared,
        keys.filter((key) => !key.startsWith('l:')).map((key) => mates.numberOf(key)),
      );
    }
  }

  /**
   * Estimates the job's model from its first staged contacts, keyed here already, and the
   * existing candidates found for them (model-sample.ts), and scores every batch with it from now
   * on. Called once, before the first score().
   */
  estimateModel(request: EstimateRequest): MatchModel {
    const sample = new ModelSample(this.#options.maxPerKey);
    for (const { batchId, existing, existingProfileTexts } of request.batches) {
      const keyed = this.#keyedBatch(batchId);
      this.#prepareExisting(existingProfileTexts);
      const carriers = new IdsByPosition(existing, keyed.keys.keys.length);
      for (const [index, incoming] of keyed.batch.entries()) {
        if (sample.full) break;
        const positions = keyed.keys.positionsOf[index]!;
        sample.add(
          incoming,
          positions.map((position) => keyed.keys.keys[position]!),
          (keyIndex) => this.#carriersAt(carriers, positions[keyIndex]!),
        );
      }
    }
    this.#model = sample.estimate(request.comparisonSpace, this.#comparedInSample);
    return this.#model;
  }

  *#carriersAt(carriers: IdsByPosition, position: number): Generator<PreparedProfile> {
    for (let hit = carriers.start(position); hit < carriers.end(position); hit++) {
      const candidate = this.#existing.get(carriers.id(hit));
      if (candidate) yield candidate;
    }
  }

  #keyedBatch(batchId: number) {
    const keyed = this.#keyed.get(batchId);
    if (!keyed) throw new Error(`Batch ${batchId} was not keyed before scoring`);
    return keyed;
  }

  #prepareExisting(profileTexts: Map<number, string>): void {
    const keepSourcedKeys = this.#options.identify?.identifyBy.includes('legacyKey') ?? false;
    for (const [id, text] of profileTexts) {
      const profile = profileFromStoredText(id, text);
      // An existing contact's legacy keys by source serve only an identification by legacy key:
      // kept for every candidate the scorer holds, they would be a tenth of its memory.
      if (!keepSourcedKeys) profile.sourcedLegacyKeys = undefined;
      this.#existing.set(id, prepareProfile(profile));
    }
  }

  score(request: ScoreRequest): ScoredBatch {
    const keyed = this.#keyedBatch(request.batchId);
    this.#keyed.delete(request.batchId);
    if (request.forgetProfiles) {
      this.#existing.clear();
      this.#staged.clear();
    }
    this.#prepareExisting(request.existingProfileTexts);
    const mates = this.#packageMates;
    return mates ? this.#scoreWithPackageMates(keyed, request, mates) : this.#scoreWithWindow(keyed, request);
  }

  /** Scores a batch against the whole package scored before it and its own contacts scored so far. */
  #scoreWithPackageMates(keyed: KeyedBatch, request: ScoreRequest, mates: PackageMates): ScoredBatch {
    const { keys, positionsOf, numbers } = keyed.keys;
    if (!numbers) throw new Error(`Batch ${request.batchId} was keyed without key numbers`);
    const existing = new IdsByPosition(request.existing, keys.length);
    const scored: ScoredBatch = { matches: [], selections: [], keyCarriers: { positions: [], ids: [] } };
    keyed.batch.forEach((incoming, index) => {
      const positions = positionsOf[index]!;
      this.#scoreOne(
        incoming,
        this.#existingCandidates(positions, existing),
        this.#earlierPackageMates(positions, numbers, mates).values(),
        scored,
      );
      // The contact joins its package mates for the contacts after it.
      const own: number[] = [];
      for (const position of positions) if (numbers[position] !== noKeyNumber) own.push(numbers[position]!);
      mates.add(incoming, own);
    });
    return scored;
  }

  /**
   * Scores a batch against the committed staged contacts the database found, the batch scored
   * before it (the window) and its own contacts scored so far; gives who carries its shared keys.
   */
  #scoreWithWindow(keyed: KeyedBatch, request: ScoreRequest): ScoredBatch {
    const { keys, positionsOf } = keyed.keys;
    for (const [id, text] of request.stagedProfileTexts) this.#staged.set(id, preparedFromText(id, text));
    // A keyed batch is its own first staged candidates: forgetting must not lose it.
    for (const profile of keyed.batch) this.#staged.set(idOf(profile), profile);
    const lookups: Lookups = {
      existing: new IdsByPosition(request.existing, keys.length),
      staged: new IdsByPosition(request.staged, keys.length),
      tooCommon: new Uint8Array(keys.length),
      currentBatch: new Array(keys.length),
      previousBatch: keys.map((key) => this.#scoredBefore.get(key)),
    };
    for (const position of request.staged.tooCommon) lookups.tooCommon[position] = 1;
    const scored: ScoredBatch = { matches: [], selections: [], keyCarriers: { positions: [], ids: [] } };
    keyed.batch.forEach((incoming, index) => {
      const positions = positionsOf[index]!;
      this.#scoreOne(
        incoming,
        this.#existingCandidates(positions, lookups.existing),
        this.#stagedCandidates(positions, lookups).values(),
        scored,
      );
      for (const position of positions) {
        const scoredSoFar = lookups.currentBatch[position];
        if (scoredSoFar) scoredSoFar.push(incoming);
        else lookups.currentBatch[position] = [incoming];
      }
    });
    // The batch's contacts by key, as scored: the carriers later batches look up, and the window.
    this.#scoredBefore = new Map();
    lookups.currentBatch.forEach((profiles, position) => {
      if (profiles) this.#scoredBefore.set(keys[position]!, profiles);
    });
    for (const position of keyed.shared) {
      for (const profile of lookups.currentBatch[position] ?? none) {
        scored.keyCarriers.positions.push(position);
        scored.keyCarriers.ids.push(idOf(profile));
      }
    }
    return scored;
  }

  #existingCandidates(positions: readonly number[], existing: IdsByPosition): Set<PreparedProfile> {
    const candidates = new Set<PreparedProfile>();
    for (const position of positions) {
      for (let hit = existing.start(position); hit < existing.end(position); hit++) {
        const candidate = this.#existing.get(existing.id(hit));
        if (candidate) candidates.add(candidate);
      }
    }
    return candidates;
  }

  /** Earlier staged contacts of the package sharing a key, in the order they were scored. */
  #earlierPackageMates(
    positions: readonly number[],
    numbers: readonly number[],
    mates: PackageMates,
  ): Map<number, PreparedProfile> {
    const candidates = new Map<number, PreparedProfile>();
    const add = (candidate: PreparedProfile) => candidates.set(idOf(candidate), candidate);
    for (const position of positions) {
      const number = numbers[position]!;
      if (number === noKeyNumber) continue;
      const sharing = mates.count(number);
      if (sharing === 0 || sharing > this.#options.maxPerKey) continue;
      mates.forEachCarrier(number, add);
    }
    return candidates;
  }

  /** Earlier staged contacts sharing a key: committed ones, the previous batch, this batch so far. */
  #stagedCandidates(positions: readonly number[], lookups: Lookups): Map<number, PreparedProfile> {
    const candidates = new Map<number, PreparedProfile>();
    for (const position of positions) {
      // The committed contacts alone carry it more than maxPerKey times: the batches not yet
      // committed cannot make it tell anyone apart (the package-mates path skips it alike).
      if (lookups.tooCommon[position]) continue;
      const { staged } = lookups;
      const first = staged.start(position);
      const end = staged.end(position);
      const windows = [lookups.previousBatch[position] ?? none, lookups.currentBatch[position] ?? none];
      const sharing = end - first + windows[0]!.length + windows[1]!.length;
      if (sharing === 0) continue;
      // The sources do not overlap (the window holds what was not committed when the lookup ran),
      // so their lengths add up to the contacts sharing the key, unless a resumed run re-read some.
      if (sharing > this.#options.maxPerKey) {
        const distinct = new Set(windows.flat().map(idOf));
        for (let hit = first; hit < end; hit++) distinct.add(staged.id(hit));
        if (distinct.size > this.#options.maxPerKey) continue;
      }
      for (let hit = first; hit < end; hit++) {
        const id = staged.id(hit);
        const candidate = this.#staged.get(id);
        // A staged candidate whose row is gone (deleted in review) is no candidate.
        if (candidate) candidates.set(id, candidate);
      }
      for (const window of windows)
        for (const candidate of window) candidates.set(idOf(candidate), candidate);
    }
    return candidates;
  }

  /** Scores a staged contact against its existing and its staged candidates; keeps its matches. */
  #scoreOne(
    incoming: PreparedProfile,
    existingCandidates: Iterable<PreparedProfile>,
    stagedCandidates: Iterable<PreparedProfile>,
    scored: ScoredBatch,
  ): void {
    const { identify } = this.#options;
    const model = this.#model;
    // The strongest match is pre-selected; a match a chosen key identified beats any that only scores.
    let strongest: NewStagedMatch | undefined;
    let strongestIdentified = false;
    const keep = (match: ScoredMatch, contactId: number | null, otherStagedContactId: number | null) => {
      const row: NewStagedMatch = {
        stagedContactId: idOf(incoming),
        contactId,
        otherStagedContactId,
        score: match.pair.score,
        band: match.band,
        explanation: explanationTextOf(match),
      };
      scored.matches.push(row);
      const identified = match.identifiedBy !== undefined;
      const stronger =
        identified !== strongestIdentified ? identified : !strongest || row.score > strongest.score;
      if (stronger) [strongest, strongestIdentified] = [row, identified];
    };
    const comparedBefore = this.#comparedInSample.get(incoming);
    if (comparedBefore) this.#comparedInSample.delete(incoming);
    for (const match of scoreCandidates(incoming, existingCandidates, identify, model, comparedBefore))
      keep(match, idOf(match.candidate), null);
    for (const match of scoreCandidates(incoming, stagedCandidates, identify, model))
      keep(match, null, idOf(match.candidate));
    if (strongest) scored.selections.push(strongest);
  }
}
