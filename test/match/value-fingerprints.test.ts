import { describe, expect, it } from 'vitest';
import { prepareProfile } from '../../src/pipeline/match/match-profile.js';
import { fingerprintOf, shareAValue } from '../../src/pipeline/match/value-fingerprint.js';

/** Phone-like values: many share a long prefix, as numbers of one area do. */
function* listPairs(count: number): Generator<[string[], string[]]> {
  let seed = 11;
  const random = (below: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return Math.floor((seed / 2147483648) * below);
  };
  const value = () => `+1303${String(random(60)).padStart(7, '0')}`;
  const list = () => Array.from({ length: random(4) }, value);
  for (let index = 0; index < count; index++) yield [list(), list()];
}

describe('value fingerprints', () => {
  it('never say "nothing shared" when a value is shared, and agree with comparing every value', () => {
    let shared = 0;
    let answeredByPrints = 0;
    for (const [first, second] of listPairs(50_000)) {
      const expected = first.some((value) => second.includes(value));
      const [firstPrint, secondPrint] = [fingerprintOf(first), fingerprintOf(second)];
      expect(shareAValue(first, firstPrint, second, secondPrint), `${first} / ${second}`).toBe(expected);
      if (expected) shared++;
      if ((firstPrint & secondPrint) === 0) answeredByPrints++;
    }
    expect(shared).toBeGreaterThan(100);
    // The fingerprints alone settle most pairs (the point of them).
    expect(answeredByPrints).toBeGreaterThan(25_000);
  });

  it('are part of every prepared profile, for the lists the scorer compares', () => {
    const profile = prepareProfile({
      kind: 'person',
      firstName: 'Ann',
      middleName: null,
      lastName: 'Lee',
      preferredName: null,
      birthDate: null,
      companyName: null,
      emails: ['Ann.Lee@Example.com'],
      phones: ['+12025550143'],
      postalCodes: [],
      legacyKeys: ['A-1'],
    });
    expect(profile.emailsPrint).toBe(fingerprintOf(profile.emails));
    expect(profile.emailLocalPartsPrint).toBe(fingerprintOf(profile.emailLocalParts));
    expect(profile.phonesPrint).toBe(fingerprintOf(profile.phones));
    expect(profile.legacyKeysPrint).toBe(fingerprintOf(['A-1']));
    expect(fingerprintOf([])).toBe(0);
  });
});
