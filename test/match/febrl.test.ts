import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CandidateIndex } from '../../src/pipeline/match/candidate-index.js';
import { findMatches } from '../../src/pipeline/match/find-matches.js';
import { prepareProfile } from '../../src/pipeline/match/match-profile.js';
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
