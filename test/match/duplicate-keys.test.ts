import { describe, expect, it } from 'vitest';
import { parseDuplicateKeys, sharedDuplicateKey } from '../../src/pipeline/match/duplicate-keys.js';
import { findMatches } from '../../src/pipeline/match/find-matches.js';
import {
  completeProfile,
  type MatchProfile,
  prepareProfile,
} from '../../src/pipeline/match/match-profile.js';

const existing = completeProfile({
  id: 1,
  kind: 'person',
  firstName: 'Robert',
  lastName: 'Smith',
  birthDate: '1970-05-12',
  emails: ['robert.smith@example.com'],
  phones: ['+12125550123'],
  legacyKeys: ['CUST-1'],
  sourcedLegacyKeys: [{ legacyKey: 'CUST-1', source: 'crm.zip' }],
});

const matchesOf = (
  incoming: MatchProfile,
  identifyBy: Parameters<typeof findMatches>[2],
  candidate = existing,
) => findMatches(prepareProfile(incoming), [prepareProfile(candidate)], identifyBy);

describe('duplicate keys chosen for Match', () => {
  // Only the email is strong evidence: the names differ, so the score alone caps it at Low.
  const sameEmail = completeProfile({
    id: 2,
    kind: 'person',
    firstName: 'Maria',
    lastName: 'Jones',
    emails: ['Robert.Smith@example.com'],
  });

  it('makes a shared email High with identifyBy email, and leaves the score alone without it', () => {
    // The score alone: the different names outweigh the email, below Low — no match at all.
    expect(matchesOf(sameEmail, undefined)).toEqual([]);
    expect(matchesOf(sameEmail, { identifyBy: [] })).toEqual([]);

    const [identified] = matchesOf(sameEmail, { identifyBy: ['email'] });
    expect(identified?.band).toBe('High');
    expect(identified?.score).toBeLessThan(8);
    expect(identified?.explanation.identifiedBy).toBe('email');
    expect(identified?.explanation.bandLimitedBy).toBeUndefined();
    // Another key chosen: the email is no reason.
    expect(matchesOf(sameEmail, { identifyBy: ['phone'] })).toEqual([]);
  });

  it('identifies by the same normalised first and last name and birth date, not by a near one', () => {
    const twin = completeProfile({
      id: 3,
      kind: 'person',
      firstName: 'ROBERT',
      lastName: 'Smith',
      birthDate: '1970-05-12',
    });
    const [found] = matchesOf(twin, { identifyBy: ['nameAndBirthDate'] });
    expect(found?.explanation.identifiedBy).toBe('nameAndBirthDate');
    expect(found?.band).toBe('High');
    const nearBirth = { ...twin, birthDate: '1971-05-12' };
    expect(
      matchesOf(nearBirth, { identifyBy: ['nameAndBirthDate'] })[0]?.explanation.identifiedBy,
    ).toBeUndefined();
    const nickname = { ...twin, firstName: 'Bob' };
    expect(
      matchesOf(nickname, { identifyBy: ['nameAndBirthDate'] })[0]?.explanation.identifiedBy,
    ).toBeUndefined();
  });

  it('identifies by legacy key only within the same source', () => {
    const reimport = completeProfile({
      id: 4,
      kind: 'person',
      firstName: 'Zed',
      lastName: 'Quill',
      legacyKeys: ['CUST-1'],
    });
    const [same] = matchesOf(reimport, { identifyBy: ['legacyKey'], legacySource: 'crm.zip' });
    expect(same).toMatchObject({ band: 'High', explanation: { identifiedBy: 'legacyKey' } });
    const other = matchesOf(reimport, { identifyBy: ['legacyKey'], legacySource: 'other.zip' });
    expect(other[0]?.explanation.identifiedBy).toBeUndefined();
  });

  it('has no effect across kinds: a company never shares a key with a person', () => {
    const company = completeProfile({
      id: 5,
      kind: 'company',
      companyName: 'Smith Consulting',
      emails: ['robert.smith@example.com'],
      phones: ['+12125550123'],
    });
    expect(matchesOf(company, { identifyBy: ['email', 'phone', 'legacyKey', 'nameAndBirthDate'] })).toEqual(
      [],
    );
    expect(
      sharedDuplicateKey(prepareProfile(company), prepareProfile(existing), {
        identifyBy: ['email', 'phone'],
      }),
    ).toBeUndefined();
  });

  it('puts an identified match first, before a candidate that only scores higher', () => {
    const exactCopy = { ...existing, id: 6, emails: [], legacyKeys: [], sourcedLegacyKeys: [] };
    const byEmail = { ...sameEmail, id: 7 };
    const incoming = { ...existing, id: 8, emails: ['robert.smith@example.com'], legacyKeys: [] };
    const found = findMatches(
      prepareProfile(incoming),
      [prepareProfile(exactCopy), prepareProfile(byEmail)],
      {
        identifyBy: ['email'],
      },
    );
    expect(found.map((match) => match.candidate.id)).toEqual([7, 6]);
  });

  it('reads the stored choice, dropping unknown keys', () => {
    expect(parseDuplicateKeys(null)).toEqual([]);
    expect(parseDuplicateKeys('["phone","shoeSize","email"]')).toEqual(['email', 'phone']);
  });
});
