/**
 * Scores an incoming profile against its candidates and keeps the matches (Low band or better),
 * strongest first: the first one is the match to pre-select.
 */
import type { PreparedProfile } from './match-profile.js';
import { type MatchScore, scoreMatch } from './score-match.js';

export interface FoundMatch extends MatchScore {
  candidate: PreparedProfile;
}

export function findMatches(incoming: PreparedProfile, candidates: Iterable<PreparedProfile>): FoundMatch[] {
  const matches: FoundMatch[] = [];
  for (const candidate of candidates) {
    if (candidate.kind !== incoming.kind) continue;
    const scored = scoreMatch(incoming, candidate);
    if (scored.band) matches.push({ candidate, ...scored });
  }
  return matches.sort((first, second) => second.score - first.score);
}
