import { describe, expect, it } from 'vitest';
import { blockingKeysFor, fieldsOfBlockingKey } from '../../src/pipeline/match/blocking-keys.js';
import { CandidateIndex } from '../../src/pipeline/match/candidate-index.js';
import {
  completeProfile,
  type MatchProfile,
  prepareProfile,
} from '../../src/pipeline/match/match-profile.js';

const original: MatchProfile = completeProfile({
  id: 1,
  kind: 'person',
  firstName: 'Robert',
  lastName: 'Kowalski',
  birthDate: '1970-05-12',
  emails: ['robert.kowalski@example.com'],
  phones: ['+12125550123'],
  addresses: [{ street: '12 Main Street', postalCode: '10001', country: 'US' }],
  postalCodes: ['10001'],
  legacyKeys: ['A-1'],
});

const keysOf = (profile: MatchProfile) => blockingKeysFor(profile);
const sharesAKey = (first: MatchProfile, second: MatchProfile) => {
  const theirs = new Set(keysOf(second));
  return keysOf(first).some((key) => theirs.has(key));
};

describe('blocking keys', () => {
  it('are strings with a prefix that says what they are', () => {
    const keys = keysOf(original);
    expect(keys).toContain('e:robert.kowalski@example.com');
    expect(keys).toContain('p:+12125550123');
    expect(keys).toContain('l:A-1');
    expect(keys.some((key) => key.startsWith('n:'))).toBe(true);
    expect(keys.some((key) => key.startsWith('b:1970-05-12|'))).toBe(true);
    expect(keys.some((key) => key.startsWith('z:10001|'))).toBe(true);
  });

  it('say which fields each kind of key is made of, for every kind made', () => {
    const company = completeProfile({
      id: 2,
      kind: 'company',
      companyName: 'Kowalski Plumbing',
      addresses: [{ street: '12 Main Street', postalCode: '10001', country: 'US' }],
      postalCodes: ['10001'],
    });
    const inTown = { ...original, addresses: [{ ...original.addresses![0]!, city: 'New York' }] };
    const made = [...keysOf(inTown), ...keysOf(company)];
    const kinds = new Set(made.map((key) => key.slice(0, key.indexOf(':'))));
    expect([...kinds].sort()).toEqual(['a', 'b', 'c', 'cz', 'd', 'e', 'l', 'n', 'p', 't', 'z']);
    for (const key of made) expect(fieldsOfBlockingKey(key), key).toBeDefined();
    expect(fieldsOfBlockingKey('n:RPRT|KSLS')).toEqual(['firstName', 'lastName']);
    expect(fieldsOfBlockingKey('cz:10001|kow')).toEqual(['companyName', 'address']);
    expect(fieldsOfBlockingKey('x:unknown')).toBeUndefined();
  });

  it.each<[string, Partial<MatchProfile>]>([
    [
      'a nickname and no email, phone or address',
      { firstName: 'Bob', emails: [], phones: [], addresses: [], postalCodes: [], legacyKeys: [] },
    ],
    [
      'swapped names and nothing else',
      {
        firstName: 'Kowalski',
        lastName: 'Robert',
        emails: [],
        phones: [],
        addresses: [],
        postalCodes: [],
        birthDate: null,
        legacyKeys: [],
      },
    ],
    [
      'a surname typo and a new address',
      {
        lastName: 'Kowalsky',
        addresses: [{ street: '1 Elm St', postalCode: '99999' }],
        postalCodes: ['99999'],
        emails: [],
        phones: [],
        legacyKeys: [],
      },
    ],
    [
      'a formatted phone only',
      {
        firstName: 'X',
        lastName: 'Y',
        emails: [],
        phones: ['(212) 555-0123'],
        addresses: [],
        postalCodes: [],
        birthDate: null,
        legacyKeys: [],
      },
    ],
    [
      'dropped accents on a surname',
      { lastName: 'Kowalskí', emails: [], phones: [], birthDate: null, legacyKeys: [] },
    ],
  ])('still share a key with the original after %s', (_damage, changes) => {
    expect(sharesAKey({ ...original, id: 2, ...changes }, original)).toBe(true);
  });

  it('are capped: a key too many contacts share yields no candidates', () => {
    const index = new CandidateIndex({ maxPerKey: 3 });
    const switchboard = (id: number): MatchProfile =>
      completeProfile({
        id,
        kind: 'person',
        firstName: `P${id}`,
        lastName: `Q${id}x`,
        phones: ['+12125550000'],
      });
    for (let id = 0; id < 5; id++) index.add(prepareProfile(switchboard(id)));
    expect(index.candidatesFor(prepareProfile(switchboard(9)))).toEqual([]);
  });
});

describe('blocking keys that survive a replaced or missing name', () => {
  const noContact = { emails: [], phones: [], legacyKeys: [] };
  const home = {
    ...original,
    ...noContact,
    addresses: [{ street: '12 Main Street', city: 'Springfield', postalCode: '10001' }],
  };

  it('meets a copy whose first name was replaced and last name left out, by birth date and postcode', () => {
    const copy = { ...home, id: 2, firstName: 'Harriet', lastName: null };
    expect(sharesAKey(copy, home)).toBe(true);
    expect(keysOf(copy).filter((key) => keysOf(home).includes(key))).toContain('d:1970-05-12|10001');
  });

  it('meets a copy with no name, no birth date and a mistyped postcode, by house number and street', () => {
    const copy = {
      ...home,
      id: 2,
      firstName: null,
      lastName: null,
      birthDate: null,
      addresses: [{ street: '12 Main St', city: 'Springfield', postalCode: '10010' }],
      postalCodes: ['10010'],
    };
    expect(keysOf(copy).filter((key) => keysOf(home).includes(key))).toEqual(['a:12|main']);
  });

  it('meets a copy with a mistyped postcode and another first name, by city and the sound of the last name', () => {
    const copy = {
      ...home,
      id: 2,
      firstName: 'Harriet',
      birthDate: null,
      addresses: [{ street: 'Elm Road', city: 'Springfield', postalCode: '10010' }],
      postalCodes: ['10010'],
    };
    expect(keysOf(copy).some((key) => key.startsWith('t:springfield|') && keysOf(home).includes(key))).toBe(
      true,
    );
  });
});
