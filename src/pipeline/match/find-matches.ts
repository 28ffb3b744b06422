/**
 * Scores an incoming profile against its candidates and keeps the matches (Low band or better),
 * strongest first: the first one is the match to pre-select.
 */
import { type DuplicateKey, type IdentifyOptions, sharedDuplicateKey } from './duplicate-keys.js';
import type { PreparedProfile } from './match-profile.js';
import type { MatchBand } from './match-weights.js';
import type { MatchModel } from './model/match-model.js';
import {
  type ComparedFields,
  explanationOf,
  type MatchExplanation,
  type MatchScore,
  type PairScore,
  scorePair,
  scorePairFromLow,
} from './score-match.js';

export interface FoundMatch extends MatchScore {
  candidate: PreparedProfile;
}

/** A match before it is explained: the Match stage stores only the explanation's text. */
export interface ScoredMatch {
  candidate: PreparedProfile;
  pair: PairScore;
  band: MatchBand;
  /** The chosen duplicate key the two share, which makes the match High. */
  identifiedBy: DuplicateKey | undefined;
}

/**
 * findMatches without the explanations: explain each with explanationOfMatch or
 * explanationTextOf. Without a model, the default model scores.
 */
export function scoreCandidates(
  incoming: PreparedProfile,
  candidates: Iterable<PreparedProfile>,
  identify?: IdentifyOptions,
  model?: MatchModel,
  comparedBefore?: ReadonlyMap<PreparedProfile, ComparedFields>,
): ScoredMatch[] {
  const matches: ScoredMatch[] = [];
  for (const candidate of candidates) {
    if (candidate.kind !== incoming.kind) continue;
    const key = identify?.identifyBy.length ? sharedDuplicateKey(incoming, candidate, identify) : undefined;
    const compared = comparedBefore?.get(candidate);
    // A pair no chosen key identifies is kept only from the Low band up. (A pair compared before
    // is scored in full: one under Low has no band either, as the bound only spares the work.)
    const pair =
      key || compared
        ? scorePair(incoming, candidate, model, undefined, compared)
        : scorePairFromLow(incoming, candidate, model);
    if (!pair) continue;
    // The key decides the band: no cap of the score applies.
    if (key) matches.push({ candidate, pair, band: 'High', identifiedBy: key });
    else if (pair.band) matches.push({ candidate, pair, band: pair.band, identifiedBy: undefined });
  }
  const identified = (match: ScoredMatch) => (match.identifiedBy ? 1 : 0);
  return matches.sort(
    (first, second) => identified(second) - identified(first) || second.pair.score - first.pair.score,
  );
}

export function explanationOfMatch({ pair, identifiedBy }: ScoredMatch): MatchExplanation {
  const explanation = explanationOf(pair);
  if (!identifiedBy) return explanation;
  const { bandLimitedBy: _capped, ...uncapped } = explanation;
  return { ...uncapped, identifiedBy };
}

/**
 * The explanation as the JSON text staged_matches stores. Pairs fall into a few thousand
 * combinations of field levels, so the text of each is built once (a Match stage would
 * otherwise build and serialise some 100,000 explanation objects).
 */
export function explanationTextOf(match: ScoredMatch): string {
  const { pair } = match;
  // The same levels weigh differently under another model: the texts kept belong to one model.
  if (pair.model !== explanationModel) {
    explanationTexts.clear();
    explanationModel = pair.model;
  }
  const combination = combinationOf(match);
  if (combination === undefined) return JSON.stringify(explanationOfMatch(match));
  let text = explanationTexts.get(combination);
  if (text === undefined) {
    text = JSON.stringify(explanationOfMatch(match));
    if (explanationTexts.size >= explanationTextsKept) explanationTexts.clear();
    explanationTexts.set(combination, text);
  }
  return text;
}

const explanationTexts = new Map<string, string>();
/**
 * A small number for each level name and band reason met (a few dozen, all written in the code),
 * 0 for none; under 64, so that five make one small integer. NaN past 63 of them.
 */
const textCodes = new Map<string, number>();
function codeOf(text: string | undefined): number {
  if (text === undefined) return 0;
  let code = textCodes.get(text);
  if (code === undefined) {
    if (textCodes.size >= 63) return Number.NaN;
    code = textCodes.size + 1;
    textCodes.set(text, code);
  }
  return code;
}

/** Five codes (codeOf) as one number under 64^5. */
const fiveCodes = (
  a: string | undefined,
  b: string | undefined,
  c: string | undefined,
  d: string | undefined,
  e: string | undefined,
): number => codeOf(a) + 64 * (codeOf(b) + 64 * (codeOf(c) + 64 * (codeOf(d) + 64 * codeOf(e))));

/**
 * What an explanation's text depends on, as a memo key: the levels as small numbers, five to a
 * part (the level names themselves were most of the cost of a longer key), the band's reason,
 * and the names' term-frequency bits.
 */
function combinationOf({ pair, identifiedBy }: ScoredMatch): string | undefined {
  const { levels } = pair;
  const first = fiveCodes(levels.legacyKey, levels.email, levels.phone, levels.address, levels.firstName);
  const second = fiveCodes(
    levels.lastName,
    levels.middleName,
    levels.birthDate,
    levels.employer,
    levels.gender,
  );
  const third =
    codeOf(levels.companyName) +
    64 *
      (codeOf(identifiedBy ?? pair.bandLimitedBy) +
        64 * ((pair.namesTransposed ? 1 : 0) + 2 * (identifiedBy !== undefined ? 1 : 0)));
  // More names than codes (not so in this code): no key, the text is built afresh.
  if (Number.isNaN(first + second + third)) return undefined;
  return `${first}|${second}|${third}|${pair.firstNameFrequency}|${pair.lastNameFrequency}`;
}

let explanationModel: MatchModel | undefined;
const explanationTextsKept = 20_000;

/**
 * With `identify` keys chosen, a candidate that shares one exactly is a High match whatever its
 * score (explanation.identifiedBy names the key), and comes before the matches that only score.
 */
export function findMatches(
  incoming: PreparedProfile,
  candidates: Iterable<PreparedProfile>,
  identify?: IdentifyOptions,
  model?: MatchModel,
): FoundMatch[] {
  return scoreCandidates(incoming, candidates, identify, model).map((match) => ({
    candidate: match.candidate,
    score: match.pair.score,
    band: match.band,
    explanation: explanationOfMatch(match),
  }));
}
