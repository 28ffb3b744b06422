import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CandidateIndex } from '../../src/pipeline/match/candidate-index.js';
import { findMatches } from '../../src/pipeline/match/find-matches.js';
import { type PreparedProfile, prepareProfile } from '../../src/pipeline/match/match-profile.js';
import { estimateJobModel } from '../../src/pipeline/match/model/estimate-model.js';
import type { MatchModel } from '../../src/pipeline/match/model/match-model.js';
import { pairKey, readFebrl, truePairsOf } from '../../src/sample/febrl-records.js';

const records = readFebrl(
  fs.readFileSync(new URL('../fixtures/febrl/dataset1.csv', import.meta.url), 'utf8'),
);

describe('FEBRL dataset1: originals existing, duplicates incoming', () => {
  it('reads 500 originals and 500 duplicates, leaving the national id out', () => {
    expect(records.filter((record) => record.original)).toHaveLength(500);
    expect(truePairsOf(records).size).toBe(500);
    expect(JSON.stringify(records[0]!.profile)).not.toMatch(/soc_sec|6988048/);
  });

  const index = new CandidateIndex();
  for (const record of records) if (record.original) index.add(prepareProfile(record.profile));
  const truePairs = truePairsOf(records);
  const duplicates = records
    .filter((record) => !record.original)
    .map((record) => prepareProfile(record.profile));

  it('blocks at least 99.5% of the true pairs together (pair completeness)', () => {
    let blocked = 0;
    for (const duplicate of duplicates)
      for (const candidate of index.candidatesFor(duplicate))
        if (truePairs.has(pairKey(duplicate.id!, candidate.id!))) blocked++;
    expect(blocked / truePairs.size).toBeGreaterThanOrEqual(0.995);
  });

  const confidentMatches = (model?: MatchModel) => {
    let right = 0;
    let wrong = 0;
    for (const duplicate of duplicates) {
      for (const match of findMatches(duplicate, index.candidatesFor(duplicate), undefined, model)) {
        if (match.band === 'Low') continue;
        if (truePairs.has(pairKey(duplicate.id!, match.candidate.id!))) right++;
        else wrong++;
      }
    }
    return { right, wrong };
  };

  it('finds more duplicates with the model estimated from the job, still none wrong', () => {
    const met = new Map<number, PreparedProfile>();
    const pairs = duplicates.flatMap((duplicate) =>
      index.candidatesFor(duplicate).map((candidate) => {
        met.set(candidate.id!, candidate);
        return [duplicate, candidate] as const;
      }),
    );
    const profiles = [...duplicates, ...[...met.values()].sort((a, b) => a.id! - b.id!)];
    const model = estimateJobModel(profiles, pairs);
    const { right, wrong } = confidentMatches(model);
    expect(wrong).toBe(0);
    // The default model finds 467 of 500; the estimated one 480 (0.960). The floor guards it.
    expect(right).toBeGreaterThan(confidentMatches().right);
    expect(right / truePairs.size).toBeGreaterThanOrEqual(0.95);
    // Told the job's size (500 against 500), the model begins Medium at even odds (about 9.5
    // bits): 493 of 500 (0.986), still none wrong. Issue 16 asks for 0.98 and precision 0.99.
    const sized = estimateJobModel(profiles, pairs, {
      comparisonSpace: {
        incoming: 500,
        existing: 500,
        sampledIncoming: 500,
        sampledCandidatePairs: pairs.length,
      },
    });
    const found = confidentMatches(sized);
    expect(found.wrong).toBe(0);
    expect(found.right / truePairs.size).toBeGreaterThanOrEqual(0.98);
  });

  it('suggests no wrong contact at Medium or above, and finds most duplicates there', () => {
    let right = 0;
    let wrong = 0;
    for (const duplicate of duplicates) {
      for (const match of findMatches(duplicate, index.candidatesFor(duplicate))) {
        if (match.band === 'Low') continue;
        if (truePairs.has(pairKey(duplicate.id!, match.candidate.id!))) right++;
        else wrong++;
      }
    }
    expect(wrong).toBe(0);
    // Before the comparators for real errors: 418 of 500 (0.836). Now 467; the floor guards it.
    expect(right / truePairs.size).toBeGreaterThanOrEqual(0.93);
  });
});
