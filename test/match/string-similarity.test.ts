import fs from 'node:fs';
import { jaroWinkler } from '@skyra/jaro-winkler';
import { describe, expect, it } from 'vitest';
import { foldText } from '../../src/format/fold-text.js';
import { similarity, similarityAtLeast, withinOneSlip } from '../../src/pipeline/match/string-similarity.js';
import { readFebrl } from '../../src/sample/febrl-records.js';

/** A deterministic stream of folded names and their slips, for comparing with the library. */
function* namePairs(count: number): Generator<[string, string]> {
  let seed = 7;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const letters = 'abcdefghijklmnopqrstuvwxyz 0123456789';
  const word = () =>
    Array.from({ length: 1 + Math.floor(random() * 12) }, () => letters[Math.floor(random() * 27)]).join('');
  for (let index = 0; index < count; index++) {
    const first = word();
    const chars = [...first];
    const at = Math.floor(random() * chars.length);
    const damage = Math.floor(random() * 5);
    if (damage === 0) chars.splice(at, 1);
    else if (damage === 1) chars.splice(at, 0, letters[Math.floor(random() * 26)]!);
    else if (damage === 2) chars[at] = letters[Math.floor(random() * 26)]!;
    else if (damage === 3 && at + 1 < chars.length) [chars[at], chars[at + 1]] = [chars[at + 1]!, chars[at]!];
    yield [first, damage === 4 ? word() : chars.join('')];
  }
}

describe('Jaro–Winkler similarity of folded text', () => {
  it('gives exactly what @skyra/jaro-winkler gives, on 20,000 pairs of names and slips', () => {
    let compared = 0;
    for (const [first, second] of namePairs(20_000)) {
      if (first === second || first === '' || second === '') continue;
      expect(similarity(first, second), `${first} / ${second}`).toBe(jaroWinkler(first, second));
      compared++;
    }
    expect(compared).toBeGreaterThan(15_000);
  });

  it('rates names and their typos as the matcher expects', () => {
    expect(similarity('martha', 'marhta')).toBeCloseTo(0.961, 3);
    expect(similarity(foldText('Dwayne'), foldText('Duane'))).toBeCloseTo(0.84, 2);
    expect(similarity('smith', 'smith')).toBe(1);
    expect(similarity('smith', '')).toBe(0);
    expect(similarity('abc', 'xyz')).toBe(0);
    // Longer strings than any before (the scratch flags grow) and back again.
    expect(similarity('a'.repeat(300), `${'a'.repeat(299)}b`)).toBe(
      jaroWinkler('a'.repeat(300), `${'a'.repeat(299)}b`),
    );
    expect(similarity('jon', 'john')).toBe(jaroWinkler('jon', 'john'));
  });
});

describe('one keyboard slip apart', () => {
  it.each([
    ['andy', 'audy', true],
    ['andy', 'nady', true],
    ['andy', 'anyd', true],
    ['andy', 'and', true],
    ['and', 'andy', true],
    ['andy', 'ady', true],
    ['andy', 'xandy', true],
    ['andy', 'andy', true],
    ['andy', 'xndz', false],
    ['andy', 'an', false],
    ['andy', 'dnay', false],
    ['a', '', true],
    ['ab', 'ba', true],
  ])('%s and %s: %s', (first, second, expected) => {
    expect(withinOneSlip(first, second)).toBe(expected);
  });
});

describe('similarityAtLeast: the matcher\'s "at least T" question, with its shortcut', () => {
  /** FEBRL's people: real-looking names, streets and towns with the generator's typos. */
  const febrlWords = readFebrl(
    fs.readFileSync(new URL('../fixtures/febrl/dataset1.csv', import.meta.url), 'utf8'),
  ).flatMap(({ profile }) =>
    [profile.firstName, profile.lastName, profile.addresses?.[0]?.street, profile.addresses?.[0]?.city]
      .map((text) => foldText(text ?? '').replaceAll(' ', ''))
      .filter((word) => word !== ''),
  );
  /** Each FEBRL word against its neighbours in the file: duplicates, namesakes and strangers. */
  function* febrlPairs(): Generator<[string, string]> {
    for (let index = 0; index < febrlWords.length; index++)
      for (const step of [1, 4, 97, 1000])
        yield [febrlWords[index]!, febrlWords[(index + step) % febrlWords.length]!];
  }

  it('answers as similarity(a, b) >= T does, for the thresholds the matcher uses', () => {
    let skippable = 0;
    let compared = 0;
    for (const [first, second] of [...namePairs(20_000), ...febrlPairs()]) {
      const score = similarity(first, second);
      for (const threshold of [0.88, 0.9, 0.92]) {
        expect(similarityAtLeast(first, second, threshold), `${first} / ${second} at ${threshold}`).toBe(
          score >= threshold,
        );
        compared++;
        if (score < threshold) skippable++;
      }
    }
    expect(compared).toBeGreaterThan(80_000);
    // Most of what the matcher asks is "no": the case the shortcut exists for.
    expect(skippable / compared).toBeGreaterThan(0.5);
  });

  it('is exact at the threshold itself, where a rounding slip would show', () => {
    for (const [first, second] of febrlPairs()) {
      const score = similarity(first, second);
      expect(similarityAtLeast(first, second, score), `${first} / ${second}`).toBe(true);
      expect(similarityAtLeast(first, second, score + 1e-7), `${first} / ${second}`).toBe(false);
    }
  });

  it('handles the empty and the equal', () => {
    expect(similarityAtLeast('', '', 0.9)).toBe(true);
    expect(similarityAtLeast('anna', '', 0.9)).toBe(false);
    expect(similarityAtLeast('', 'anna', 0)).toBe(true);
    expect(similarityAtLeast('anna', 'anna', 0.9)).toBe(true);
    expect(similarityAtLeast('jon', 'xyz', 0.1)).toBe(false);
  });
});
