/**
 * The FEBRL sets of bench:match, matched in memory the way the Match stage matches (each
 * incoming record against the existing contacts and the package's earlier records that share a
 * blocking key): (a) dataset2 as one package, (b) dataset1's originals as existing contacts and
 * its duplicates as the package. Figures are over pairs: a suggestion at a band is right when
 * both records are the same person; recall counts the true pairs found.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CandidateIndex } from '../dist/pipeline/match/candidate-index.js';
import { findMatches } from '../dist/pipeline/match/find-matches.js';
import { prepareProfile } from '../dist/pipeline/match/match-profile.js';
import { estimateJobModel } from '../dist/pipeline/match/model/estimate-model.js';
import { defaultMatchModel } from '../dist/pipeline/match/model/match-model.js';
import { pairKey, readFebrl, truePairsOf } from '../dist/sample/febrl-records.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fixtures', 'febrl');

export const readFebrlSet = (name) => readFebrl(fs.readFileSync(path.join(fixtures, name), 'utf8'));

function figures(found, truePairs) {
  let right = 0;
  for (const pair of found) if (truePairs.has(pair)) right++;
  const wrong = found.size - right;
  const precision = found.size === 0 ? 1 : right / found.size;
  const recall = truePairs.size === 0 ? 1 : right / truePairs.size;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return {
    truePositives: right,
    falsePositives: wrong,
    falseNegatives: truePairs.size - right,
    precision,
    recall,
    f1,
  };
}

/**
 * Matches `incoming` against `existing` and against the earlier incoming records, as the stage
 * does, and measures the suggestions against the true pairs among all records. With
 * `estimate`, a first pass finds every candidate pair and the job's model is estimated from them
 * (estimateJobModel) before the second pass scores; otherwise the default model scores.
 */
export function matchFebrl(existingRecords, incomingRecords, { estimate = true } = {}) {
  const all = [...existingRecords, ...incomingRecords];
  const truePairs = truePairsOf(all);
  // Only pairs with an incoming record can be found: existing contacts are not matched together.
  const existingIds = new Set(existingRecords.map((record) => record.profile.id));
  for (const pair of [...truePairs]) {
    const [first, second] = pair.split('-').map(Number);
    if (existingIds.has(first) && existingIds.has(second)) truePairs.delete(pair);
  }
  const existing = new CandidateIndex();
  for (const record of existingRecords) existing.add(prepareProfile(record.profile));
  const staged = new CandidateIndex();
  const candidatePairs = new Set();
  const suggestions = [];
  const started = process.hrtime.bigint();
  // The first pass: each incoming record's candidates, as the stage would look them up.
  const incoming = [];
  for (const record of incomingRecords) {
    const prepared = prepareProfile(record.profile);
    const candidates = [...existing.candidatesFor(prepared), ...staged.candidatesFor(prepared)];
    for (const candidate of candidates) candidatePairs.add(pairKey(prepared.id, candidate.id));
    incoming.push({ prepared, candidates });
    staged.add(prepared);
  }
  let model = defaultMatchModel;
  if (estimate) {
    const met = new Map();
    for (const { prepared, candidates } of incoming) {
      met.set(prepared.id, prepared);
      for (const candidate of candidates) met.set(candidate.id, candidate);
    }
    const profiles = [...met.values()].sort((a, b) => a.id - b.id);
    const pairs = incoming.flatMap(({ prepared, candidates }) =>
      candidates.map((candidate) => [prepared, candidate]),
    );
    model = estimateJobModel(profiles, pairs, {
      comparisonSpace: {
        incoming: incomingRecords.length,
        existing: existingRecords.length,
        sampledIncoming: incomingRecords.length,
        sampledCandidatePairs: pairs.length,
      },
    });
  }
  for (const { prepared, candidates } of incoming) {
    for (const match of findMatches(prepared, candidates, undefined, model)) {
      suggestions.push({
        pair: pairKey(prepared.id, match.candidate.id),
        incomingId: prepared.id,
        existingId: match.candidate.id,
        band: match.band,
        score: match.score,
        explanation: match.explanation,
      });
    }
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const at = (bands) => new Set(suggestions.filter((s) => bands.includes(s.band)).map((s) => s.pair));
  let blocked = 0;
  for (const pair of truePairs) if (candidatePairs.has(pair)) blocked++;
  const confident = at(['High', 'Medium']);
  const bestOf = new Map();
  for (const s of suggestions)
    if (truePairs.has(s.pair) && !(bestOf.get(s.pair)?.score >= s.score)) bestOf.set(s.pair, s);
  return {
    model,
    records: all,
    truePairs,
    candidatePairs: candidatePairs.size,
    pairCompleteness: truePairs.size === 0 ? 1 : blocked / truePairs.size,
    high: figures(at(['High']), truePairs),
    highAndMedium: figures(confident, truePairs),
    falseMatches: suggestions.filter((s) => s.band !== 'Low' && !truePairs.has(s.pair)),
    missedPairs: [...truePairs]
      .filter((pair) => !confident.has(pair))
      .map((pair) => ({ pair, blocked: candidatePairs.has(pair), best: bestOf.get(pair) })),
    seconds,
  };
}

/** Set (a): dataset2 as one package. */
export const febrlOnePackage = (options) => matchFebrl([], readFebrlSet('dataset2.csv'), options);

/** Set (b): dataset1's originals existing, its duplicates incoming. */
export function febrlExistingAndIncoming(options) {
  const records = readFebrlSet('dataset1.csv');
  return matchFebrl(
    records.filter((r) => r.original),
    records.filter((r) => !r.original),
    options,
  );
}
