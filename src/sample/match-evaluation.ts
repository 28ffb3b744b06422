/**
 * Precision, recall and F1 of a matcher's suggestions against the ground truth of
 * generateMatchTruth. Counted over suggested pairs: every suggestion of a band that does not
 * point at the incoming contact's original is a false match, even when the original is
 * suggested too, because a reviewer would see it.
 */
import type { MatchBand } from '../pipeline/match/match-weights.js';
import type { MatchExplanation } from '../pipeline/match/score-match.js';
import type { MatchTruth } from './match-truth.js';

export interface SuggestedMatch {
  incomingId: number;
  existingId: number;
  score: number;
  band: MatchBand;
  explanation: MatchExplanation;
}

export interface QualityFigures {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface MatchQuality {
  high: QualityFigures;
  highAndMedium: QualityFigures;
  /** Suggestions at Medium or above that are wrong. */
  falseMatches: SuggestedMatch[];
  /** Incoming duplicates whose original was not suggested at Medium or above, with the suggestion it got, if any. */
  missedMatches: { incomingId: number; originalId: number; best: SuggestedMatch | undefined }[];
}

function figures(
  truth: MatchTruth,
  suggestions: readonly SuggestedMatch[],
  bands: readonly MatchBand[],
): QualityFigures {
  let truePositives = 0;
  let falsePositives = 0;
  for (const suggestion of suggestions) {
    if (!bands.includes(suggestion.band)) continue;
    if (truth.originalOf[suggestion.incomingId] === suggestion.existingId) truePositives++;
    else falsePositives++;
  }
  const duplicates = truth.originalOf.filter((id) => id >= 0).length;
  const falseNegatives = duplicates - truePositives;
  const precision =
    truePositives + falsePositives === 0 ? 1 : truePositives / (truePositives + falsePositives);
  const recall = duplicates === 0 ? 1 : truePositives / duplicates;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { truePositives, falsePositives, falseNegatives, precision, recall, f1 };
}

export function evaluateMatches(truth: MatchTruth, suggestions: readonly SuggestedMatch[]): MatchQuality {
  const confident = suggestions.filter((suggestion) => suggestion.band !== 'Low');
  const found = new Set(
    confident
      .filter((suggestion) => truth.originalOf[suggestion.incomingId] === suggestion.existingId)
      .map((suggestion) => suggestion.incomingId),
  );
  const bestOf = new Map<number, SuggestedMatch>();
  for (const suggestion of suggestions) {
    const best = bestOf.get(suggestion.incomingId);
    if (!best || suggestion.score > best.score) bestOf.set(suggestion.incomingId, suggestion);
  }
  const missedMatches: MatchQuality['missedMatches'] = [];
  truth.originalOf.forEach((originalId, incomingId) => {
    if (originalId >= 0 && !found.has(incomingId)) {
      missedMatches.push({ incomingId, originalId, best: bestOf.get(incomingId) });
    }
  });
  return {
    high: figures(truth, suggestions, ['High']),
    highAndMedium: figures(truth, suggestions, ['High', 'Medium']),
    falseMatches: confident.filter(
      (suggestion) => truth.originalOf[suggestion.incomingId] !== suggestion.existingId,
    ),
    missedMatches,
  };
}
