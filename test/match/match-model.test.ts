import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CandidateIndex } from '../../src/pipeline/match/candidate-index.js';
import { findMatches, scoreCandidates } from '../../src/pipeline/match/find-matches.js';
import {
  completeProfile,
  type PreparedProfile,
  prepareProfile,
} from '../../src/pipeline/match/match-profile.js';
import { estimateJobModel } from '../../src/pipeline/match/model/estimate-model.js';
import {
  defaultMatchModel,
  type MatchModel,
  matchModelFromJson,
  matchModelToJson,
  termFrequencyBits,
} from '../../src/pipeline/match/model/match-model.js';
import { scoreMatch } from '../../src/pipeline/match/score-match.js';
import { readFebrl } from '../../src/sample/febrl-records.js';

/** A small job: FEBRL dataset1's duplicates matched against its originals, as the stage meets them. */
function smallJob() {
  const records = readFebrl(
    fs.readFileSync(new URL('../fixtures/febrl/dataset1.csv', import.meta.url), 'utf8'),
  );
  const index = new CandidateIndex();
  const originals = records
    .filter((record) => record.original)
    .map((record) => prepareProfile(record.profile));
  for (const original of originals) index.add(original);
  const incoming = records
    .filter((record) => !record.original)
    .map((record) => {
      const prepared = prepareProfile(record.profile);
      return { prepared, candidates: index.candidatesFor(prepared) };
    });
  const met = new Map<number, PreparedProfile>();
  for (const { candidates } of incoming)
    for (const candidate of candidates) met.set(candidate.id!, candidate);
  const profiles = [
    ...incoming.map(({ prepared }) => prepared),
    ...[...met.values()].sort((a, b) => a.id! - b.id!),
  ];
  const pairs = incoming.flatMap(({ prepared, candidates }) =>
    candidates.map((candidate) => [prepared, candidate] as const),
  );
  return { incoming, profiles, pairs };
}

const bandsUnder = (job: ReturnType<typeof smallJob>, model: MatchModel) =>
  job.incoming.map(({ prepared, candidates }) =>
    scoreCandidates(prepared, candidates, undefined, model).map(
      (match) => `${match.candidate.id}:${match.band}:${match.pair.score}`,
    ),
  );

describe('a match model estimated from a job', () => {
  const job = smallJob();
  const model = estimateJobModel(job.profiles, job.pairs);

  it('is estimated from the job, not the default, and says what it saw', () => {
    expect(model.source).toBe('estimated');
    expect(model.evidence).toMatchObject({ contacts: job.profiles.length, candidatePairs: job.pairs.length });
    // Nearly every candidate pair of this job is a duplicate and its original.
    expect(model.evidence!.matchShare).toBeGreaterThan(0.9);
  });

  it('gives the same bands on a rerun: estimated again, or read back from the job', () => {
    const again = estimateJobModel(job.profiles, [...job.pairs].reverse());
    expect(matchModelToJson(again)).toBe(matchModelToJson(model));
    const stored = matchModelFromJson(matchModelToJson(model));
    expect(bandsUnder(job, stored)).toEqual(bandsUnder(job, model));
    expect(bandsUnder(job, again)).toEqual(bandsUnder(job, model));
  });

  it('scores differently from the default on this job, and finds more of its duplicates at Medium or above', () => {
    const confident = (bands: string[][]) => bands.flat().filter((band) => !band.includes(':Low:')).length;
    expect(confident(bandsUnder(job, model))).toBeGreaterThan(confident(bandsUnder(job, defaultMatchModel)));
  });

  it('explains each match with the model and the bits a common name lost', () => {
    const white = job.incoming.find(({ prepared }) => prepared.name.last?.joined === 'white')!;
    const [match] = findMatches(white.prepared, white.candidates, undefined, model);
    expect(match!.explanation.model).toBe('estimated');
    const lastName = match!.explanation.fields.find((field) => field.field === 'lastName')!;
    expect(lastName.level).toBe('exact');
    expect(lastName.termFrequency).toBeLessThan(0);
    expect(lastName.weight).toBeCloseTo(model.weights.lastName.exact!.weight + lastName.termFrequency!, 2);
  });

  it('keeps the default model for a job too small to estimate from', () => {
    expect(estimateJobModel(job.profiles.slice(0, 100), job.pairs.slice(0, 50))).toBe(defaultMatchModel);
    expect(matchModelToJson(defaultMatchModel)).toBeUndefined();
    expect(matchModelFromJson(null)).toBe(defaultMatchModel);
  });

  it('never lets names count more than the default: full names alone stay below Medium', () => {
    const person = completeProfile({ id: 1, kind: 'person', firstName: 'Ottilie', lastName: 'Quarrington' });
    const namesake = prepareProfile({ ...person, id: 2 });
    const result = scoreMatch(namesake, prepareProfile(person), model);
    expect(result.band).toBe('Low');
    expect(model.weights.firstName.exact!.weight).toBeLessThanOrEqual(
      defaultMatchModel.weights.firstName.exact!.weight,
    );
    expect(model.weights.lastName.exact!.weight).toBeLessThanOrEqual(
      defaultMatchModel.weights.lastName.exact!.weight,
    );
  });
});

describe('term-frequency adjustment', () => {
  const frequencies = {
    contacts: 1000,
    counts: new Map([
      ['smith', 50],
      ['jones', 4],
    ]),
    floor: 1,
  };

  it('takes bits from a common name, more the commoner it is, and none from a rare one', () => {
    const smith = termFrequencyBits(frequencies, 'smith', 0.002);
    const jones = termFrequencyBits(frequencies, 'jones', 0.002);
    expect(smith).toBeLessThan(jones);
    expect(jones).toBeLessThan(0);
    expect(termFrequencyBits(frequencies, 'quarrington', 0.002)).toBe(0);
  });

  it('takes at most four bits, however common the name', () => {
    expect(termFrequencyBits({ ...frequencies, counts: new Map([['smith', 900]]) }, 'smith', 0.0001)).toBe(
      -4,
    );
  });

  it('does not adjust a name shared through a preferred name only', () => {
    const model: MatchModel = {
      ...defaultMatchModel,
      source: 'estimated',
      firstNames: { contacts: 100, counts: new Map([['robert', 50]]), floor: 1 },
      evidence: { contacts: 100, candidatePairs: 100, sampledPairs: 100, matchShare: 0.5, iterations: 1 },
    };
    const bob = completeProfile({
      id: 1,
      kind: 'person',
      firstName: 'Bob',
      preferredName: 'Robert',
      lastName: 'Lee',
    });
    const robert = completeProfile({ id: 2, kind: 'person', firstName: 'Robert', lastName: 'Lee' });
    const viaPreferred = scoreMatch(prepareProfile(bob), prepareProfile(robert), model);
    const first = viaPreferred.explanation.fields.find((field) => field.field === 'firstName')!;
    expect(first.termFrequency).toBeUndefined();
    const asWritten = scoreMatch(prepareProfile({ ...robert, id: 3 }), prepareProfile(robert), model);
    expect(
      asWritten.explanation.fields.find((field) => field.field === 'firstName')!.termFrequency,
    ).toBeLessThan(0);
  });
});
