import { describe, expect, it } from 'vitest';
import { CandidateIndex } from '../../src/pipeline/match/candidate-index.js';
import type { IdentifyOptions } from '../../src/pipeline/match/duplicate-keys.js';
import {
  explanationOfMatch,
  explanationTextOf,
  findMatches,
  scoreCandidates,
} from '../../src/pipeline/match/find-matches.js';
import { prepareProfile } from '../../src/pipeline/match/match-profile.js';
import { generateMatchTruth } from '../../src/sample/match-truth.js';

describe('the stored text of a match explanation', () => {
  const truth = generateMatchTruth({ existing: 3000, incoming: 3000, seed: 3 });
  const index = new CandidateIndex();
  for (const profile of truth.existing) index.add(prepareProfile(profile));
  const incoming = truth.incoming.map((profile) => prepareProfile(profile));

  it.each<[string, IdentifyOptions | undefined]>([
    ['scores alone', undefined],
    ['email and name with birth date identify', { identifyBy: ['email', 'nameAndBirthDate'] }],
  ])('is the explanation itself, serialised, for every match (%s)', (_, identify) => {
    const texts = new Set<string>();
    let matches = 0;
    for (const profile of incoming) {
      const candidates = index.candidatesFor(profile);
      const explained = findMatches(profile, candidates, identify);
      const scored = scoreCandidates(profile, candidates, identify);
      expect(scored.map((match) => match.candidate)).toEqual(explained.map((match) => match.candidate));
      scored.forEach((match, position) => {
        const text = explanationTextOf(match);
        expect(text).toBe(JSON.stringify(explanationOfMatch(match)));
        expect(JSON.parse(text)).toEqual(explained[position]!.explanation);
        texts.add(text);
        matches++;
      });
    }
    // Enough matches that combinations repeat, and enough kinds that a memo missing one would show.
    expect(matches).toBeGreaterThan(1000);
    expect(texts.size).toBeGreaterThan(100);
    expect(texts.size).toBeLessThan(matches);
  });
});
