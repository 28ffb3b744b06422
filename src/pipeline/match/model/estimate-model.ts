/**
 * Estimates a job's match model from its own data, as Splink and fastLink do:
 *
 * - u, the chance that two different contacts agree at a level, is counted over random pairs of
 *   the job's contacts (two contacts drawn at random are almost never the same person);
 * - m, the chance of a level when two records are the same contact, is estimated by
 *   expectation–maximisation over the job's candidate pairs (those sharing a blocking key): a
 *   mixture of "same contact" and "different contacts" whose shares and level probabilities are
 *   refined in turn until they settle;
 * - how often each first and last name occurs among the contacts, for term-frequency adjustment.
 *
 * The default model is the prior: each estimate is drawn towards it by pseudo-counts, so a job
 * with little evidence scores much like the default, and a job under minContacts uses it as is.
 * The estimate is deterministic: the same contacts in the same order and the same candidate
 * pairs in any order give the same model.
 */
import { blockingKeysOfPrepared, fieldsOfBlockingKey } from '../blocking-keys.js';
import type { PreparedProfile } from '../match-profile.js';
import { type BandThresholds, bandThresholds, type LevelWeight, type MatchField } from '../match-weights.js';
import { type ComparedFields, compareFields, type FieldLevels } from '../score-match.js';
import {
  defaultMatchModel,
  type MatchModel,
  type ModelWeights,
  type NameFrequencies,
  weightFrom,
} from './match-model.js';

export interface EstimateOptions {
  /** Under this many contacts the default model scores: too few to estimate from. */
  minContacts?: number;
  /** Under this many candidate pairs likewise. */
  minCandidatePairs?: number;
  /**
   * Most candidate pairs the EM reads, the first ones given: the mixture settles on a few
   * thousand, and a million-contact job should not compare its pairs twice.
   */
  maxCandidatePairs?: number;
  /** Random pairs drawn to count chance agreements (u). */
  sampledPairs?: number;
  /** Most names kept per name part for term frequencies (the commonest). */
  namesKept?: number;
  /** The job's size, for the Medium threshold (mediumThreshold); without it the default holds. */
  comparisonSpace?: ComparisonSpace;
  /** Told each candidate pair's comparison (not the random pairs'), as it is made. */
  onCandidatePairCompared?: PairComparisonListener;
}

/**
 * A candidate pair: the incoming contact, the candidate, and, when the caller knows them, the
 * blocking keys the pair was met through (carried by both, under the per-key cap). Without them
 * the keys the two share are worked out here, too common ones included.
 */
export type CandidatePair =
  | readonly [PreparedProfile, PreparedProfile]
  | readonly [PreparedProfile, PreparedProfile, readonly string[]];

/** How many contacts a job compares: what the prior chance of a match depends on. */
export interface ComparisonSpace {
  /** The job's staged contacts, all of them. */
  incoming: number;
  /** Existing contacts the on-behalf-of user may see. */
  existing: number;
  /** How many of the profiles given to the estimate are staged ones (the sample the pairs came from). */
  sampledIncoming: number;
  /** The candidate pairs that sample met, all of them (the estimate may read fewer). */
  sampledCandidatePairs: number;
}

/**
 * Pseudo-counts of the default model: its u weighs as much as this many random pairs, its m as
 * much as this many matched pairs. They keep a thin estimate near the default and bound how far
 * a level with no chance agreement at all can move (log2((n + 2000) / 2000) bits at most).
 */
const priorRandomPairs = 2000;
const priorMatchedPairs = 50;
const maxIterations = 200;
const settled = 1e-9;

/** The fields with a full set of levels; the legacy key and gender keep their default weights. */
const estimatedFields = [
  'email',
  'phone',
  'address',
  'firstName',
  'middleName',
  'lastName',
  'birthDate',
  'employer',
  'companyName',
] as const satisfies readonly (MatchField & keyof FieldLevels)[];

type Levels = readonly (readonly string[])[];

/** Each estimated field's level names, in the default model's order. */
const levelNames: Levels = estimatedFields.map((field) => Object.keys(defaultMatchModel.weights[field]));

/** A default distribution over a field's levels (m or u), normalised to sum to 1. */
function defaultDistribution(fieldIndex: number, of: 'm' | 'u'): number[] {
  const levels = defaultMatchModel.weights[estimatedFields[fieldIndex]!];
  const values = levelNames[fieldIndex]!.map((level) => levels[level]![of]);
  const total = values.reduce((sum, value) => sum + value, 0);
  return values.map((value) => value / total);
}

/** Hears each candidate pair's comparison, made once for the estimate (the scorer reuses it). */
export type PairComparisonListener = (
  incoming: PreparedProfile,
  existing: PreparedProfile,
  compared: ComparedFields,
) => void;

/** A pair as the index of its level in each estimated field, -1 where not compared or missing. */
function levelIndices(
  incoming: PreparedProfile,
  existing: PreparedProfile,
  heard?: PairComparisonListener,
): number[] {
  const compared = compareFields(incoming, existing);
  heard?.(incoming, existing, compared);
  const { levels } = compared;
  return estimatedFields.map((field, index) => {
    const level = levels[field];
    return level === undefined || level === 'missing' ? -1 : levelNames[index]!.indexOf(level);
  });
}

/** A small deterministic generator (xorshift32): the same draws on every run. */
function randomIndices(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state;
  };
}

/**
 * How often each level is seen by chance: counted over random pairs, drawn towards the default u.
 * A random pair the blocking put together is left out: the true duplicates are among those, and
 * in a package that repeats many existing contacts they would pass for chance agreements.
 */
function chanceAgreements(
  profiles: readonly PreparedProfile[],
  blocked: ReadonlySet<number>,
  wanted: number,
): { u: number[][]; pairs: number } {
  const counts = levelNames.map((levels) => levels.map(() => 0));
  const next = randomIndices(0x9e3779b9);
  let pairs = 0;
  for (let attempt = 0; attempt < wanted * 3 && pairs < wanted; attempt++) {
    const firstIndex = next() % profiles.length;
    const secondIndex = next() % profiles.length;
    const [first, second] = [profiles[firstIndex]!, profiles[secondIndex]!];
    if (first === second || first.kind !== second.kind) continue;
    if (blocked.has(pairNumber(firstIndex, secondIndex, profiles.length))) continue;
    pairs++;
    levelIndices(first, second).forEach((level, field) => {
      if (level >= 0) counts[field]![level]! += 1;
    });
  }
  const u = counts.map((fieldCounts, field) => {
    const prior = defaultDistribution(field, 'u');
    const seen = fieldCounts.reduce((sum, count) => sum + count, 0);
    return fieldCounts.map(
      (count, level) => (count + priorRandomPairs * prior[level]!) / (seen + priorRandomPairs),
    );
  });
  return { u, pairs };
}

/** One number per unordered pair of positions in the profiles. */
const pairNumber = (first: number, second: number, count: number): number =>
  first < second ? first * count + second : second * count + first;

interface Pattern {
  levels: number[];
  count: number;
}

/**
 * Which estimated fields may speak for a pair in the EM: those that some key the pair was met
 * through is not made of (as Splink estimates a field's m only from pairs blocked by rules without
 * it). A pair met only through keys made of a field agrees on it because blocking chose the pair
 * for it, not because it is one contact: among a million contacts most pairs met through a name
 * key alone are namesakes. A pair met through no key (not found by blocking) keeps every field.
 */
function fieldsFreeOfBlocking(metThrough: readonly string[]): readonly boolean[] {
  if (metThrough.length === 0) return estimatedFields.map(() => true);
  const free = estimatedFields.map(() => false);
  for (const key of metThrough) {
    const madeOf = fieldsOfBlockingKey(key);
    if (!madeOf) continue;
    estimatedFields.forEach((field, index) => {
      if (!madeOf.includes(field)) free[index] = true;
    });
  }
  return free;
}

/**
 * The candidate pairs grouped by their levels, in a fixed order: the EM's input; and the pairs as
 * numbers of their positions in the profiles, to leave out of the chance sample.
 */
function patternsOf(
  profiles: readonly PreparedProfile[],
  pairs: Iterable<CandidatePair>,
  most: number,
  heard?: PairComparisonListener,
): { patterns: Pattern[]; blocked: Set<number> } {
  const positions = new Map<PreparedProfile, number>();
  for (const [position, profile] of profiles.entries()) positions.set(profile, position);
  const blocked = new Set<number>();
  const byKey = new Map<string, Pattern>();
  const keysOf = new Map<PreparedProfile, readonly string[]>();
  const keysFor = (profile: PreparedProfile) => {
    let keys = keysOf.get(profile);
    if (!keys) {
      keys = blockingKeysOfPrepared(profile);
      keysOf.set(profile, keys);
    }
    return keys;
  };
  const sharedKeys = (incoming: PreparedProfile, existing: PreparedProfile) => {
    const theirs = keysFor(existing);
    return keysFor(incoming).filter((key) => theirs.includes(key));
  };
  let read = 0;
  for (const [incoming, existing, metThrough] of pairs) {
    if (read++ >= most) break;
    if (incoming.kind !== existing.kind) continue;
    const [first, second] = [positions.get(incoming), positions.get(existing)];
    if (first !== undefined && second !== undefined) blocked.add(pairNumber(first, second, profiles.length));
    const free = fieldsFreeOfBlocking(metThrough ?? sharedKeys(incoming, existing));
    const levels = levelIndices(incoming, existing, heard).map((level, field) => (free[field] ? level : -1));
    const key = levels.join(',');
    const found = byKey.get(key);
    if (found) found.count++;
    else byKey.set(key, { levels, count: 1 });
  }
  const patterns = [...byKey.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, pattern]) => pattern);
  return { patterns, blocked };
}

/**
 * Expectation–maximisation of a two-class mixture over the patterns: m for "same contact", and
 * the candidates' own u for "different contacts that share a key" (not the chance u: candidates
 * are alike by construction), each drawn towards the default by pseudo-counts.
 */
function expectationMaximisation(patterns: readonly Pattern[]): {
  m: number[][];
  matchShare: number;
  iterations: number;
} {
  const mPrior = levelNames.map((_, field) => defaultDistribution(field, 'm'));
  const uPrior = levelNames.map((_, field) => defaultDistribution(field, 'u'));
  let m = mPrior.map((values) => [...values]);
  let u = uPrior.map((values) => [...values]);
  let share = 0.5;
  let iterations = 0;
  const total = patterns.reduce((sum, pattern) => sum + pattern.count, 0);
  while (iterations < maxIterations) {
    iterations++;
    const mCounts = levelNames.map((levels) => levels.map(() => 0));
    const uCounts = levelNames.map((levels) => levels.map(() => 0));
    let matched = 0;
    // Each level's log ratio once per iteration, not once per pattern (the same values, summed alike).
    const logRatios = m.map((values, field) =>
      values.map((value, level) => Math.log(value / u[field]![level]!)),
    );
    const prior = Math.log(share / (1 - share));
    for (const pattern of patterns) {
      let logRatio = prior;
      pattern.levels.forEach((level, field) => {
        if (level >= 0) logRatio += logRatios[field]![level]!;
      });
      const same = 1 / (1 + Math.exp(-logRatio));
      matched += same * pattern.count;
      pattern.levels.forEach((level, field) => {
        if (level < 0) return;
        mCounts[field]![level]! += same * pattern.count;
        uCounts[field]![level]! += (1 - same) * pattern.count;
      });
    }
    const update = (counts: number[][], prior: number[][]) =>
      counts.map((fieldCounts, field) => {
        const seen = fieldCounts.reduce((sum, count) => sum + count, 0);
        return fieldCounts.map(
          (count, level) => (count + priorMatchedPairs * prior[field]![level]!) / (seen + priorMatchedPairs),
        );
      });
    const nextM = update(mCounts, mPrior);
    const nextU = update(uCounts, uPrior);
    const nextShare = Math.min(0.999, Math.max(0.001, matched / total));
    let change = Math.abs(nextShare - share);
    for (const [field, values] of nextM.entries())
      for (const [level, value] of values.entries())
        change = Math.max(change, Math.abs(value - m[field]![level]!));
    m = nextM;
    u = nextU;
    share = nextShare;
    if (change < settled) break;
  }
  return { m, matchShare: share, iterations };
}

/** How often each name occurs among the persons, the commonest `kept` names listed. */
function nameFrequencies(names: readonly (string | undefined)[], kept: number): NameFrequencies {
  const counts = new Map<string, number>();
  let contacts = 0;
  for (const name of names) {
    if (!name) continue;
    contacts++;
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  const repeated = [...counts].filter(([, count]) => count >= 2);
  repeated.sort(([a, countA], [b, countB]) => countB - countA || (a < b ? -1 : a > b ? 1 : 0));
  const listed = repeated.slice(0, kept);
  const floor = repeated.length > kept ? listed.at(-1)![1] : 1;
  return { contacts, counts: new Map(listed), floor };
}

/**
 * Levels whose chance agreement (u) is never taken lower than the default's. Random pairs see how
 * often unrelated people's values coincide, not namesakes: two contacts with one name meet by
 * that name far more often than random pairs say. So a name's agreement weighs more than the
 * default only when the job's duplicates show it more often (m), never because random pairs
 * rarely share it (full names alone stay below Medium); the term frequencies may still make a
 * common name count less.
 */
const chanceNotBelowDefault: Readonly<Record<string, readonly string[]>> = {
  firstName: ['exact', 'nickname', 'similar', 'typos', 'phonetic', 'initial'],
  lastName: ['exact', 'similar', 'typos', 'phonetic', 'partOfCompound'],
  middleName: ['same'],
};

/**
 * Levels that keep the default weight: the local part of an email and a phone shared at one
 * address mostly repeat the name and the address, so the duplicates show them often (m) whatever
 * they add; the two-class mixture, which takes fields as independent, would count them twice.
 */
const keptAsDefault: Readonly<Record<string, readonly string[]>> = {
  email: ['sameLocalPart'],
  phone: ['sameInHousehold'],
};

/** How far an estimated weight may move from the default, in bits: the data leads, within reason. */
const weightBounds = { below: 6, above: 4 } as const;

function boundedWeight(field: MatchField, level: string, m: number, u: number): LevelWeight {
  const usual = defaultMatchModel.weights[field][level]!;
  if (keptAsDefault[field]?.includes(level)) return usual;
  const chance = chanceNotBelowDefault[field]?.includes(level) ? Math.max(u, usual.u) : u;
  const estimated = weightFrom(m, chance);
  const upper = usual.weight + weightBounds.above;
  const lower = usual.weight - weightBounds.below;
  if (estimated.weight > upper) return { ...estimated, weight: upper };
  if (estimated.weight < lower) return { ...estimated, weight: lower };
  return estimated;
}

/**
 * The Medium threshold for a job of this size, in bits. A score is the likelihood ratio of "same
 * contact" over "different contacts"; whether a pair is probably the same contact also depends on
 * the prior odds — the expected matches of an incoming contact over the contacts it is compared
 * with. Where those odds are 1 in 2^t, a score of t bits makes a pair as likely the same as not:
 * that is where Medium ("probably the same: look at it") begins. In a job of 500 contacts, full
 * names and a town in common are rarely chance; among a million contacts they often are.
 *
 * Bounded: never above the default (17 bits, chosen for large databases, whose recall the default
 * keeps), never within a bit of Low. High is not moved: merging in bulk wants evidence that does
 * not lean on the size of the job.
 */
export function mediumThreshold(
  space: ComparisonSpace,
  matchShare: number,
): { thresholds: BandThresholds; comparedPerIncoming: number; expectedMatchesPerIncoming: number } {
  const comparedPerIncoming = Math.max(1, space.existing + (space.incoming - 1) / 2);
  const expectedMatchesPerIncoming =
    (matchShare * space.sampledCandidatePairs) / Math.max(1, space.sampledIncoming);
  const evenOdds = Math.log2(comparedPerIncoming / Math.max(expectedMatchesPerIncoming, 1e-6));
  const medium = Math.min(bandThresholds.Medium, Math.max(bandThresholds.Low + 1, evenOdds));
  return {
    thresholds: { ...bandThresholds, Medium: Math.round(medium * 10) / 10 },
    comparedPerIncoming: Math.round(comparedPerIncoming),
    expectedMatchesPerIncoming: Math.round(expectedMatchesPerIncoming * 1000) / 1000,
  };
}

/**
 * A job's model from its contacts (the staged ones and the existing candidates they met, each
 * once, in a stable order) and its candidate pairs (made of those very profile objects).
 *
 * @example const model = estimateJobModel(profiles, pairs); scoreCandidates(incoming, candidates, undefined, model)
 */
export function estimateJobModel(
  profiles: readonly PreparedProfile[],
  candidatePairs: Iterable<CandidatePair>,
  options: EstimateOptions = {},
): MatchModel {
  const {
    minContacts = 500,
    minCandidatePairs = 100,
    maxCandidatePairs = 50_000,
    sampledPairs = 30_000,
    namesKept = 5_000,
    comparisonSpace,
    onCandidatePairCompared,
  } = options;
  if (profiles.length < minContacts) return defaultMatchModel;
  const { patterns, blocked } = patternsOf(
    profiles,
    candidatePairs,
    maxCandidatePairs,
    onCandidatePairCompared,
  );
  const candidates = patterns.reduce((sum, pattern) => sum + pattern.count, 0);
  if (candidates < minCandidatePairs) return defaultMatchModel;
  const chance = chanceAgreements(profiles, blocked, sampledPairs);
  const { m, matchShare, iterations } = expectationMaximisation(patterns);
  const weights: Record<string, Record<string, LevelWeight>> = { ...defaultMatchModel.weights };
  estimatedFields.forEach((field, fieldIndex) => {
    const levels: Record<string, LevelWeight> = {};
    levelNames[fieldIndex]!.forEach((level, levelIndex) => {
      levels[level] = boundedWeight(
        field,
        level,
        m[fieldIndex]![levelIndex]!,
        chance.u[fieldIndex]![levelIndex]!,
      );
    });
    weights[field] = levels;
  });
  const persons = profiles.filter((profile) => profile.kind === 'person');
  const sized = comparisonSpace ? mediumThreshold(comparisonSpace, matchShare) : undefined;
  return {
    source: 'estimated',
    weights: weights as unknown as ModelWeights,
    firstNames: nameFrequencies(
      persons.map((profile) => profile.name.first?.joined),
      namesKept,
    ),
    lastNames: nameFrequencies(
      persons.map((profile) => profile.name.last?.joined),
      namesKept,
    ),
    evidence: {
      contacts: profiles.length,
      candidatePairs: candidates,
      sampledPairs: chance.pairs,
      matchShare,
      iterations,
      ...(sized
        ? {
            comparedPerIncoming: sized.comparedPerIncoming,
            expectedMatchesPerIncoming: sized.expectedMatchesPerIncoming,
          }
        : {}),
    },
    thresholds: sized?.thresholds ?? bandThresholds,
  };
}
