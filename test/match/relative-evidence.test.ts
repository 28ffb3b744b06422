import { describe, expect, it } from 'vitest';
import {
  completeProfile,
  type MatchProfile,
  prepareProfile,
} from '../../src/pipeline/match/match-profile.js';
import { scoreMatch } from '../../src/pipeline/match/score-match.js';

// A record with no email or phone, as FEBRL's and many legacy exports are: names, birth date, address.
const imogen: MatchProfile = completeProfile({
  id: 1,
  kind: 'person',
  firstName: 'Imogen',
  lastName: 'Muehlberg',
  birthDate: '1930-05-18',
  addresses: [{ street: '17 Reuther Street', city: 'Parramatta', postalCode: '3300' }],
});

const score = (incoming: Partial<MatchProfile>, existing: MatchProfile = imogen) =>
  scoreMatch(prepareProfile({ ...existing, id: 2, ...incoming }), prepareProfile(existing));

describe('caps that need evidence', () => {
  it('does not let a replaced first name alone force Low when birth date, surname and address agree', () => {
    const result = score({ firstName: 'Harriet' });
    expect(result.band).toBe('Medium');
    expect(result.explanation.bandLimitedBy).toBe('first names differ; born the same day');
  });

  it('lets both names replaced reach Medium, not High, when the birth date and address agree exactly', () => {
    // A replaced or missing surname is no sign of a relative: the exact birth date is the person's own.
    const withEmail = { ...imogen, emails: ['imogen.m@example.com'] };
    for (const lastName of ['Reid', null]) {
      const result = score({ firstName: 'Harriet', lastName }, withEmail);
      expect(result.score).toBeGreaterThanOrEqual(22);
      expect(result.band).toBe('Medium');
      expect(result.explanation.bandLimitedBy).toBe('first names differ; born the same day');
    }
  });

  it('reads a first name missing on one side as unknown: a differing birth date caps at Medium, not Low', () => {
    const withEmail = { ...imogen, emails: ['imogen.m@example.com'] };
    const result = score({ firstName: null, birthDate: '1958-02-11' }, withEmail);
    expect(result.band).toBe('Medium');
    expect(result.explanation.bandLimitedBy).toBe('birth dates differ');
    // Another first name with that birth date is a relative: Low.
    expect(score({ firstName: 'Jesse', birthDate: '1958-02-11' }, withEmail).band).toBe('Low');
  });

  it('keeps a different first name with a birth date only near, and another surname, Low', () => {
    const result = score({ firstName: 'Harriet', lastName: 'Reid', birthDate: '1930-05-19' });
    expect(result.band === undefined || result.band === 'Low').toBe(true);
  });

  it('keeps a relative Low: same surname and address, another first name and birth date', () => {
    // With the email shared too the score alone would be High: the cap decides.
    const shared = { ...imogen, emails: ['muehlberg@example.com'] };
    const result = score({ firstName: 'Jesse', birthDate: '1958-02-11' }, shared);
    expect(result.band).toBe('Low');
    expect(result.explanation.bandLimitedBy).toBe('first names differ');
  });

  it('keeps a relative Low when the birth date is unknown', () => {
    const shared = { ...imogen, emails: ['muehlberg@example.com'] };
    expect(score({ firstName: 'Jesse', birthDate: null }, shared).band).toBe('Low');
  });

  it('reads a generation apart with a Jr as parent and child, without one as a date to review', () => {
    const shared = { ...imogen, emails: ['muehlberg@example.com'] };
    const junior = score({ birthDate: '1958-05-18', suffix: 'Jr.' }, shared);
    expect(junior.band).toBe('Low');
    expect(junior.explanation.bandLimitedBy).toBe('birth dates a generation apart');
    const unsure = score({ birthDate: '1958-05-18' }, shared);
    expect(unsure.band).toBe('Medium');
    expect(unsure.explanation.bandLimitedBy).toBe('birth dates differ');
  });

  it('matches a copy with a mistyped day, a postcode one slip off and a misspelt suburb at Medium or above', () => {
    const result = score({
      birthDate: '1930-05-13',
      addresses: [{ street: '17 Reuther St', city: 'Paramatta', postalCode: '3030' }],
    });
    expect(['High', 'Medium']).toContain(result.band);
    const address = result.explanation.fields.find((field) => field.field === 'address');
    expect(address).toMatchObject({ level: 'sameStreet', outcome: 'partial' });
  });
});
