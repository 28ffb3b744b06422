/**
 * Scores an incoming profile against its candidates and keeps the matches (Low band or better),
 * strongest first: the first one is the match to pre-select.
 */
import { type IdentifyOptions, sharedDuplicateKey } from './duplicate-keys.js';
import type { PreparedProfile } from './match-profile.js';
import { explanationOf, type MatchScore, scorePair } from './score-match.js';

export interface FoundMatch extends MatchScore {
  candidate: PreparedProfile;
}

/**
 * With `identify` keys chosen, a candidate that shares one exactly is a High match whatever its
 * score (explanation.identifiedBy names the key), and comes before the matches that only score.
 */
export function findMatches(
  incoming: PreparedProfile,
  candidates: Iterable<PreparedProfile>,
  identify?: IdentifyOptions,
): FoundMatch[] {
  const matches: FoundMatch[] = [];
  for (const candidate of candidates) {
    if (candidate.kind !== incoming.kind) continue;
    const pair = scorePair(incoming, candidate);
    const key = identify?.identifyBy.length ? sharedDuplicateKey(incoming, candidate, identify) : undefined;
    if (key) {
      // The key decides the band: no cap of the score applies.
      const { bandLimitedBy: _capped, ...explanation } = explanationOf(pair);
      matches.push({
        candidate,
        score: pair.score,
        band: 'High',
        explanation: { ...explanation, identifiedBy: key },
      });
    } else if (pair.band) {
      matches.push({ candidate, score: pair.score, band: pair.band, explanation: explanationOf(pair) });
    }
  }
  const identified = (match: FoundMatch) => (match.explanation.identifiedBy ? 1 : 0);
  return matches.sort(
    (first, second) => identified(second) - identified(first) || second.score - first.score,
  );
}
