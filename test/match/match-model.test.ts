import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { blockingKeysOfPrepared } from '../../src/pipeline/match/blocking-keys.js';
import { CandidateIndex } from '../../src/pipeline/match/candidate-index.js';
import { findMatches, scoreCandidates } from '../../src/pipeline/match/find-matches.js';
import {
  completeProfile,
  type MatchProfile,
  type PreparedProfile,
  prepareProfile,
} from '../../src/pipeline/match/match-profile.js';
import { bandThresholds } from '../../src/pipeline/match/match-weights.js';
import { estimateJobModel, mediumThreshold } from '../../src/pipeline/match/model/estimate-model.js';
import {
  defaultMatchModel,
  type MatchModel,
  matchModelFromJson,
  matchModelToJson,
  termFrequencyBits,
} from '../../src/pipeline/match/model/match-model.js';
import { ModelSample } from '../../src/pipeline/match/model/model-sample.js';
import { scoreMatch } from '../../src/pipeline/match/score-match.js';
import { readFebrl } from '../../src/sample/febrl-records.js';

/**
 * FEBRL dataset1's duplicates matched against its originals, as the stage meets them; `others`
 * are stored beside the originals (made from them), and the duplicates meet them too.
 */
function febrlJob(others: (originals: readonly MatchProfile[]) => MatchProfile[] = () => []) {
  const records = readFebrl(
    fs.readFileSync(new URL('../fixtures/febrl/dataset1.csv', import.meta.url), 'utf8'),
  );
  const originals = records.filter((record) => record.original);
  const originalIdOf = new Map(originals.map((record) => [record.person, record.profile.id!]));
  const stored = originals.map((record) => record.profile);
  const index = new CandidateIndex();
  for (const profile of [...stored, ...others(stored)]) index.add(prepareProfile(profile));
  const incoming = records
    .filter((record) => !record.original)
    .map((record) => {
      const prepared = prepareProfile(record.profile);
      return {
        prepared,
        originalId: originalIdOf.get(record.person),
        candidates: index.candidatesFor(prepared),
      };
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

/** A small job: FEBRL dataset1 alone. */
const smallJob = () => febrlJob();

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

/**
 * A large database as blocking meets it: besides each original, the incoming duplicate's name key
 * finds namesakes (same first and last name, another address and birth date), eight for each
 * original, so most candidate pairs are two different people met through their name only.
 */
function namesakesOf(originals: readonly MatchProfile[]): MatchProfile[] {
  return originals.flatMap((original, index) =>
    Array.from({ length: 8 }, (_, copy) => {
      // Born the day another original was, living where a third one lives: nobody's duplicate.
      const bornAs = originals[(index + 1 + copy * 37) % originals.length]!;
      const livesAs = originals[(index + 2 + copy * 53) % originals.length]!;
      const id = 10_000 + index * 8 + copy;
      return {
        ...original,
        id,
        legacyKeys: [`namesake-${id}`],
        birthDate: bornAs.birthDate,
        addresses: livesAs.addresses,
        postalCodes: livesAs.postalCodes,
      };
    }),
  );
}

const jobAmongNamesakes = () => febrlJob(namesakesOf);

describe('a model estimated where most candidate pairs are namesakes', () => {
  const job = jobAmongNamesakes();
  const isNamesake = (id: number) => id >= 10_000;
  const namesakePairs = job.pairs.filter(([, candidate]) => isNamesake(candidate.id!)).length;
  const model = estimateJobModel(job.profiles, job.pairs);
  const confident = job.incoming.flatMap(({ prepared, candidates, originalId }) =>
    scoreCandidates(prepared, candidates, undefined, model)
      .filter((match) => match.band !== 'Low')
      .map((match) => ({ id: match.candidate.id!, originalId })),
  );

  it('is met mostly through names: the job this is about', () => {
    expect(namesakePairs).toBeGreaterThan(job.pairs.length * 0.75);
  });

  it("does not take a shared name for the same contact: the share it estimates is near the duplicates'", () => {
    // About one candidate pair in seven is a duplicate and its original.
    expect(model.evidence!.matchShare).toBeLessThan(0.3);
  });

  it('suggests hardly any namesake at Medium or above, and still finds the duplicates', () => {
    // A namesake reaches Medium only by coincidence: born near the day, living near the original
    // (as full names and one corroborating value should); 2 of some 6,000 here.
    expect(confident.filter(({ id }) => isNamesake(id)).length).toBeLessThan(namesakePairs * 0.001);
    const found = confident.filter(({ id, originalId }) => id === originalId).length;
    expect(found).toBeGreaterThan(job.incoming.length * 0.9);
  });

  it('still counts a different address or birth date against a pair', () => {
    for (const field of ['address', 'birthDate'] as const)
      expect(model.weights[field].different!.weight).toBeLessThan(-1.5);
  });
});

/**
 * The namesakes' job as the Match stage samples it (ModelSample), everyone giving one office
 * switchboard number: its key is far too common to meet anyone through, yet every pair carries it.
 */
function sampledAmongNamesakesOfOneSwitchboard(maxPerKey = 50) {
  const switchboard = (profile: MatchProfile): MatchProfile => ({ ...profile, phones: ['+61 2 9999 0000'] });
  const records = readFebrl(
    fs.readFileSync(new URL('../fixtures/febrl/dataset1.csv', import.meta.url), 'utf8'),
  );
  const originals = records.filter((record) => record.original).map((record) => record.profile);
  const carriers = new Map<string, PreparedProfile[]>();
  for (const profile of [...originals, ...namesakesOf(originals)].map(switchboard)) {
    const prepared = prepareProfile(profile);
    for (const key of blockingKeysOfPrepared(prepared))
      carriers.set(key, [...(carriers.get(key) ?? []), prepared]);
  }
  const sample = new ModelSample(maxPerKey);
  for (const record of records.filter((record) => !record.original)) {
    const incoming = prepareProfile(switchboard(record.profile));
    const keys = blockingKeysOfPrepared(incoming);
    // As the stage's lookup: a key more contacts carry than maxPerKey meets nobody.
    sample.add(incoming, keys, (index) => {
      const carrying = carriers.get(keys[index]!) ?? [];
      return carrying.length > maxPerKey ? [] : carrying;
    });
  }
  return { model: sample.estimate({ incoming: 500, existing: originals.length * 9 }), carriers };
}

describe("a model estimated from the Match stage's sample, among namesakes of one switchboard", () => {
  const { model, carriers } = sampledAmongNamesakesOfOneSwitchboard();

  it('is a job where every pair shares a key too common to meet through', () => {
    const phoneKeys = [...carriers.keys()].filter((key) => key.startsWith('p:'));
    expect(phoneKeys).toHaveLength(1);
    expect(carriers.get(phoneKeys[0]!)!.length).toBe(4500);
  });

  it('counts the names of a pair only when it was met through a key not made of them', () => {
    // Had the switchboard's key counted as a key the pairs were met through, the names of every
    // namesake pair would speak, and the estimate would take most namesakes for duplicates.
    expect(model.evidence!.matchShare).toBeLessThan(0.3);
    for (const field of ['address', 'birthDate'] as const)
      expect(model.weights[field].different!.weight).toBeLessThan(-1.5);
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

describe("the Medium threshold follows the job's size", () => {
  const job = smallJob();
  // This job as the stage sees it: 500 duplicates staged against the 500 originals.
  const space = {
    incoming: 500,
    existing: 500,
    sampledIncoming: 500,
    sampledCandidatePairs: job.pairs.length,
  };
  const sized = estimateJobModel(job.profiles, job.pairs, { comparisonSpace: space });
  const namesakes = () => {
    const person = completeProfile({ id: 1, kind: 'person', firstName: 'Ottilie', lastName: 'Quarrington' });
    return [prepareProfile({ ...person, id: 2 }), prepareProfile(person)] as const;
  };

  it('begins Medium where a pair is as likely the same contact as not: lower in a small job', () => {
    // Each incoming contact is compared with 500 existing ones and 249.5 package mates, and about
    // one of them is its original: even odds at log2(750) ≈ 9.5 bits.
    expect(sized.thresholds.Medium).toBeCloseTo(
      Math.log2(749.5 / sized.evidence!.expectedMatchesPerIncoming!),
      1,
    );
    expect(sized.thresholds.Medium).toBeLessThan(bandThresholds.Medium);
    expect(sized.thresholds.High).toBe(bandThresholds.High);
    expect(sized.thresholds.Low).toBe(bandThresholds.Low);
    expect(sized.evidence).toMatchObject({ comparedPerIncoming: 750 });
  });

  it('keeps the default among a million contacts, and never comes within a bit of Low', () => {
    const large = {
      incoming: 100_000,
      existing: 1_000_000,
      sampledIncoming: 10_000,
      sampledCandidatePairs: 12_000,
    };
    expect(mediumThreshold(large, 0.6).thresholds.Medium).toBe(bandThresholds.Medium);
    const tiny = { incoming: 20, existing: 10, sampledIncoming: 20, sampledCandidatePairs: 30 };
    expect(mediumThreshold(tiny, 0.9).thresholds.Medium).toBe(bandThresholds.Low + 1);
    // A package that repeats nobody: no evidence that any pair is the same contact.
    const unrelated = {
      incoming: 5_000,
      existing: 5_000,
      sampledIncoming: 5_000,
      sampledCandidatePairs: 2_000,
    };
    expect(mediumThreshold(unrelated, 0.001).thresholds.Medium).toBe(bandThresholds.Medium);
  });

  it('makes full names alone Medium in a small job, and Low in a large database', () => {
    const [namesake, person] = namesakes();
    expect(scoreMatch(namesake, person, sized).band).toBe('Medium');
    const large = estimateJobModel(job.profiles, job.pairs, {
      comparisonSpace: { ...space, existing: 1_000_000 },
    });
    expect(large.thresholds.Medium).toBe(bandThresholds.Medium);
    expect(scoreMatch(namesake, person, large).band).toBe('Low');
  });

  it('is stored with the model, so a resumed job bands as it began; a model stored before keeps the default', () => {
    const stored = matchModelFromJson(matchModelToJson(sized));
    expect(stored.thresholds).toEqual(sized.thresholds);
    expect(bandsUnder(job, stored)).toEqual(bandsUnder(job, sized));
    const { thresholds: _dropped, ...older } = JSON.parse(matchModelToJson(sized)!);
    expect(matchModelFromJson(JSON.stringify(older)).thresholds).toEqual(bandThresholds);
  });
});
