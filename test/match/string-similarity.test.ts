import { jaroWinkler } from '@skyra/jaro-winkler';
import { describe, expect, it } from 'vitest';
import { foldText } from '../../src/format/fold-text.js';
import { similarity, withinOneSlip } from '../../src/pipeline/match/string-similarity.js';

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
