/**
 * A match model: the Fellegi–Sunter m and u probabilities of every field's agreement levels, and,
 * when estimated from a job's own contacts, how common each first and last name is among them
 * (term frequencies), so that a shared common name counts less than a shared rare one.
 *
 * The default model (match-weights.ts) scores small jobs and any job no model was estimated for;
 * estimateJobModel (estimate-model.ts) makes one from a job's data. A model is plain data: it is
 * stored on the job as JSON (matchModelToJson) so that a resumed or repeated Match scores with
 * the very same weights.
 */
import {
  type BandThresholds,
  bandThresholds,
  type LevelWeight,
  type MatchField,
  matchWeights,
} from '../match-weights.js';

export type ModelWeights = { readonly [F in MatchField]: Readonly<Record<string, LevelWeight>> };

/** How often each name occurs among the contacts a model was estimated on. */
export interface NameFrequencies {
  /** Contacts that have this name part at all. */
  contacts: number;
  /** Names seen at least twice, as compared (folded, joined). */
  counts: ReadonlyMap<string, number>;
  /** The count assumed for a name not in counts: 1, or the least kept count when the list was cut. */
  floor: number;
}

export interface ModelEvidence {
  /** Contacts the name frequencies and the chance agreements (u) were counted on. */
  contacts: number;
  /** Candidate pairs the m probabilities were estimated on by expectation–maximisation. */
  candidatePairs: number;
  /** Random pairs of contacts the u probabilities were counted on. */
  sampledPairs: number;
  /** Share of the candidate pairs the estimate takes for the same contact. */
  matchShare: number;
  iterations: number;
  /**
   * The comparison space the Medium threshold was set for: how many contacts each incoming one
   * is compared with (the existing contacts the on-behalf-of user may see, and half its package
   * mates) and how many of them are expected to be the same contact. Absent when the estimate was
   * not told the job's size: the default thresholds hold.
   */
  comparedPerIncoming?: number;
  expectedMatchesPerIncoming?: number;
}

export interface MatchModel {
  source: 'default' | 'estimated';
  weights: ModelWeights;
  firstNames: NameFrequencies | undefined;
  lastNames: NameFrequencies | undefined;
  evidence: ModelEvidence | undefined;
  /** The lowest score of each band, in bits (an estimated model may lower Medium: see estimate-model.ts). */
  thresholds: BandThresholds;
}

export const defaultMatchModel: MatchModel = {
  source: 'default',
  weights: matchWeights as unknown as ModelWeights,
  firstNames: undefined,
  lastNames: undefined,
  evidence: undefined,
  thresholds: bandThresholds,
};

/** log2(m / u) rounded to hundredths, as the default model's weights are. */
export const weightFrom = (m: number, u: number): LevelWeight => ({
  m,
  u,
  weight: Math.round(Math.log2(m / u) * 100) / 100,
});

/**
 * A name's frequency moves an exact agreement's weight by at most this much, in bits: down for
 * a name so common it says little (Smith, Mary); never up, because namesakes and relatives
 * share rare names too, and full names alone must stay below Medium.
 */
export const termFrequencyBounds = { lower: -4, upper: 0 } as const;

/**
 * The bits a shared name adds to (or takes from) its level's weight: log2(u / f), where u is the
 * chance two contacts' names agree exactly at all and f the share of contacts with this name —
 * the chance that another contact has it.
 */
export function termFrequencyBits(frequencies: NameFrequencies, name: string, exactChance: number): number {
  const count = frequencies.counts.get(name);
  // Most names are not listed (seen once): their bits are the floor's, worked out once.
  if (count === undefined) {
    let floorBits = floorBitsOf.get(frequencies);
    if (floorBits === undefined || floorBits[0] !== exactChance) {
      floorBits = [exactChance, boundedBits(frequencies, frequencies.floor, exactChance)];
      floorBitsOf.set(frequencies, floorBits);
    }
    return floorBits[1];
  }
  return boundedBits(frequencies, count, exactChance);
}

const floorBitsOf = new WeakMap<NameFrequencies, [exactChance: number, bits: number]>();

function boundedBits(frequencies: NameFrequencies, count: number, exactChance: number): number {
  const bits = Math.log2((exactChance * frequencies.contacts) / count);
  const bounded = Math.min(termFrequencyBounds.upper, Math.max(termFrequencyBounds.lower, bits));
  return Math.round(bounded * 100) / 100;
}

interface NameFrequenciesJson {
  contacts: number;
  floor: number;
  counts: [string, number][];
}

export interface MatchModelJson {
  version: 1;
  source: 'estimated';
  weights: Record<string, Record<string, LevelWeight>>;
  firstNames: NameFrequenciesJson | null;
  lastNames: NameFrequenciesJson | null;
  evidence: ModelEvidence;
  /** Absent in models stored before thresholds were estimated: the default thresholds. */
  thresholds?: BandThresholds;
}

const frequenciesToJson = (frequencies: NameFrequencies | undefined): NameFrequenciesJson | null =>
  frequencies
    ? { contacts: frequencies.contacts, floor: frequencies.floor, counts: [...frequencies.counts] }
    : null;

const frequenciesFromJson = (json: NameFrequenciesJson | null): NameFrequencies | undefined =>
  json ? { contacts: json.contacts, floor: json.floor, counts: new Map(json.counts) } : undefined;

/**
 * The model as JSON text to store on the job; undefined for the default model (nothing to store:
 * the code holds it). The weights are kept as estimated (bounded), not recomputed on reading, so
 * a resumed job scores with exactly the weights it began with.
 */
export function matchModelToJson(model: MatchModel): string | undefined {
  if (model.source === 'default' || !model.evidence) return undefined;
  const weights: MatchModelJson['weights'] = {};
  for (const [field, levels] of Object.entries(model.weights)) {
    weights[field] = {};
    for (const [level, { m, u, weight }] of Object.entries(levels)) weights[field]![level] = { m, u, weight };
  }
  const json: MatchModelJson = {
    version: 1,
    source: 'estimated',
    weights,
    firstNames: frequenciesToJson(model.firstNames),
    lastNames: frequenciesToJson(model.lastNames),
    evidence: model.evidence,
    thresholds: model.thresholds,
  };
  return JSON.stringify(json);
}

/** Reads what matchModelToJson wrote; no text (nothing stored) is the default model. */
export function matchModelFromJson(text: string | null | undefined): MatchModel {
  if (!text) return defaultMatchModel;
  const json = JSON.parse(text) as MatchModelJson;
  if (json.version !== 1) throw new Error(`match model version ${String(json.version)} is not known`);
  const weights: Record<string, Record<string, LevelWeight>> = {};
  for (const [field, levels] of Object.entries(json.weights)) {
    weights[field] = {};
    for (const [level, { m, u, weight }] of Object.entries(levels)) weights[field]![level] = { m, u, weight };
  }
  return {
    source: 'estimated',
    weights: weights as unknown as ModelWeights,
    firstNames: frequenciesFromJson(json.firstNames),
    lastNames: frequenciesFromJson(json.lastNames),
    evidence: json.evidence,
    thresholds: json.thresholds ?? bandThresholds,
  };
}
