import { describe, expect, it } from 'vitest';
import { compareBirthDates, parseBirthDate } from '../../src/pipeline/match/birth-date.js';
import { compareFirstNames, looksLikeSeveralTypos } from '../../src/pipeline/match/compare-names.js';
import { matchWeights } from '../../src/pipeline/match/match-weights.js';
import { normalisePersonName } from '../../src/pipeline/match/person-name.js';
import { compareAddresses, normaliseAddress } from '../../src/pipeline/match/postal-address.js';
import { editDistance } from '../../src/pipeline/match/string-similarity.js';

const dates = (first: string, second: string) =>
  compareBirthDates(parseBirthDate(first)!, parseBirthDate(second)!);
const addresses = (
  first: { street?: string; city?: string; postalCode?: string },
  second: { street?: string; city?: string; postalCode?: string },
) => compareAddresses(normaliseAddress(first)!, normaliseAddress(second)!);
const firstNames = (first: string, second: string) =>
  compareFirstNames(
    normalisePersonName({ firstName: first }).first!,
    normalisePersonName({ firstName: second }).first!,
  );

describe('edit distance with a limit', () => {
  it('counts drops, additions, replacements and swapped neighbours as one slip each', () => {
    expect(editDistance('jariui', 'jairus', 3)).toBe(2);
    expect(editDistance('martha', 'marhta', 3)).toBe(1);
    expect(editDistance('ann', 'anne', 3)).toBe(1);
    expect(editDistance('same', 'same', 0)).toBe(0);
  });

  it('handles empty strings and stops past the limit with limit + 1', () => {
    expect(editDistance('', 'abc', 3)).toBe(3);
    expect(editDistance('', 'abcdef', 2)).toBe(3);
    expect(editDistance('abcdefgh', 'zyxwvuts', 2)).toBe(3);
  });

  it('gives the same answer after a longer pair grew its scratch rows', () => {
    editDistance('a'.repeat(200), 'b'.repeat(200), 2);
    expect(editDistance('jariui', 'jairus', 2)).toBe(2);
  });
});

describe('names with several typos', () => {
  it('meets a six-letter first name with two slips', () => {
    expect(looksLikeSeveralTypos('jariui', 'jairus')).toBe(true);
    expect(firstNames('Jariui', 'Jairus')).toBe('typos');
  });

  it('never calls short names typos of each other, nor long names with little in common', () => {
    expect(looksLikeSeveralTypos('mia', 'max')).toBe(false);
    expect(looksLikeSeveralTypos('anna', 'emma')).toBe(false);
    expect(looksLikeSeveralTypos('petreece', 'ethan')).toBe(false);
    expect(firstNames('Luke', 'Mia')).toBe('different');
  });
});

describe('birth dates as data entry gets them wrong', () => {
  it('keeps the exact, transposed and one-slip levels', () => {
    expect(dates('1980-03-04', '1980-03-04')).toBe('exact');
    expect(dates('1980-03-04', '1980-04-03')).toBe('transposed');
    expect(dates('1980-03-14', '1980-03-15')).toBe('near');
    expect(dates('1980-03-04', '1981-03-04')).toBe('near');
  });

  it('tells a mistyped day or month from a different date', () => {
    expect(dates('1936-12-18', '1936-12-06')).toBe('sameYearAndMonth');
    expect(dates('1936-02-18', '1936-11-18')).toBe('sameYearAndDay');
    expect(dates('1936-12-18', '1930-12-06')).toBe('different');
  });

  it('keeps a father and son on the same day decades apart different', () => {
    expect(dates('1946-05-12', '1976-05-12')).toBe('different');
  });
});

describe('addresses by street, house number, postcode and city', () => {
  const home = { street: '78 Baseby Place', city: 'East Branxton', postalCode: '6214' };

  it('is the same address with the street spelled another way', () => {
    expect(addresses(home, { ...home, street: '78 Baseby Pl' })).toBe('same');
    expect(addresses(home, { ...home, city: 'east bran xton' })).toBe('same');
  });

  it('reads a postcode one slip off at the same street and number as a typo, not a move', () => {
    expect(addresses(home, { ...home, postalCode: '6241' })).toBe('sameStreet');
  });

  it('counts a missing street as unknown, not as different', () => {
    expect(addresses(home, { city: 'East Branxton', postalCode: '6214' })).toBe('samePlace');
    expect(addresses(home, { street: '78', city: 'East Branxton', postalCode: '6214' })).toBe('samePlace');
  });

  it('compares the house number: another number in the same street is a level of its own', () => {
    expect(addresses(home, { ...home, street: '80 Baseby Place' })).toBe('otherNumber');
    // A typo in the street too, still the same street.
    expect(addresses(home, { ...home, street: '80 Basby Place' })).toBe('otherNumber');
    // Another number in the same street of another place is only nearby.
    expect(addresses(home, { street: '80 Baseby Place', city: 'Albion Park', postalCode: '6214' })).toBe(
      'nearby',
    );
  });

  it('weighs another house number as nearby under the default model', () => {
    expect(matchWeights.address.otherNumber.weight).toBe(matchWeights.address.nearby.weight);
  });

  it('finds nothing in common between two places', () => {
    expect(addresses(home, { street: '5 Foxlow Close', city: 'Albion Park', postalCode: '3216' })).toBe(
      'different',
    );
  });
});
