import { describe, expect, it } from 'vitest';
import {
  completeProfile,
  type MatchProfile,
  prepareProfile,
} from '../../src/pipeline/match/match-profile.js';
import { scoreMatch } from '../../src/pipeline/match/score-match.js';

const robert: MatchProfile = completeProfile({
  id: 1,
  kind: 'person',
  title: 'Mr',
  firstName: 'Robert',
  lastName: 'Smith',
  birthDate: '1970-05-12',
  emails: ['robert.smith@example.com'],
  phones: ['+12125550123'],
  addresses: [
    { street: '12 Main Street', city: 'Springfield', postalCode: '10001', country: 'United States' },
  ],
});

const score = (incoming: Partial<MatchProfile>, existing: MatchProfile = robert) =>
  scoreMatch(prepareProfile({ ...existing, id: 2, ...incoming }), prepareProfile(existing));

const fieldOf = (result: ReturnType<typeof score>, field: string) =>
  result.explanation.fields.find((comparison) => comparison.field === field);

describe('scoring a pair of contacts', () => {
  it('rates an exact copy High', () => {
    expect(score({}).band).toBe('High');
  });

  it('agrees on the nickname Bob for Robert', () => {
    const result = score({ firstName: 'Bob', emails: [], phones: [] });
    expect(fieldOf(result, 'firstName')).toMatchObject({ outcome: 'partial', level: 'nickname' });
    expect(result.band).toBe('High');
  });

  it('finds swapped first and last names', () => {
    const result = score({ firstName: 'Smith', lastName: 'Robert' });
    expect(result.explanation.namesTransposed).toBe(true);
    expect(fieldOf(result, 'firstName')?.level).toBe('exact');
    expect(result.band).toBe('High');
  });

  it('forgives a typo, dropped accents, upper case and a formatted phone', () => {
    const accented: MatchProfile = { ...robert, firstName: 'Hélène', lastName: 'Müller' };
    const result = score(
      { firstName: 'HELENE', lastName: 'Muler', emails: [], phones: ['(212) 555-0123'] },
      accented,
    );
    expect(fieldOf(result, 'lastName')?.level).toBe('similar');
    expect(fieldOf(result, 'phone')?.outcome).toBe('agreed');
    expect(result.band).toBe('High');
  });

  it('accepts day and month swapped or the year off by one, with less weight', () => {
    const exact = score({ emails: [], phones: [] });
    const transposed = score({ birthDate: '1970-12-05', emails: [], phones: [] });
    const offByOne = score({ birthDate: '1971-05-12', emails: [], phones: [] });
    expect(fieldOf(transposed, 'birthDate')?.level).toBe('transposed');
    expect(fieldOf(offByOne, 'birthDate')?.level).toBe('near');
    expect(transposed.score).toBeLessThan(exact.score);
    expect(offByOne.band).not.toBeUndefined();
  });

  it('explains every field with its outcome and contribution, and adds them up to the score', () => {
    const result = score({ emails: ['bob@elsewhere.org'], birthDate: null });
    expect(fieldOf(result, 'email')).toMatchObject({ outcome: 'disagreed' });
    expect(fieldOf(result, 'birthDate')).toMatchObject({ outcome: 'missing', weight: 0 });
    const sum = result.explanation.fields.reduce((total, field) => total + field.weight, 0);
    expect(Math.abs(result.score - sum)).toBeLessThanOrEqual(0.05);
  });

  it('never puts family members at the same address and phone in the High band', () => {
    const wife = score({
      title: 'Mrs',
      firstName: 'Mary',
      birthDate: '1972-09-30',
      emails: ['mary.smith@example.com'],
    });
    expect(wife.band === undefined || wife.band === 'Low').toBe(true);
    expect(wife.explanation.fields.find((field) => field.field === 'phone')?.level).toBe('sameInHousehold');
  });

  it('does not rate a relative with a similar first name at the same phone High', () => {
    const sister = score({ firstName: 'Roberta', birthDate: null, emails: [], addresses: [] });
    expect(sister.explanation.fields.find((field) => field.field === 'phone')?.outcome).toBe('agreed');
    expect(sister.band).toBe('Medium');
    const soundsAlike = score(
      { firstName: 'Dora', birthDate: null, emails: [] },
      { ...robert, firstName: 'Troy' },
    );
    expect(soundsAlike.band === undefined || soundsAlike.band === 'Low').toBe(true);
  });

  it('does not let a shared phone alone make a match', () => {
    const stranger = score({
      firstName: 'Anna',
      lastName: 'Kowalski',
      birthDate: null,
      emails: [],
      addresses: [],
    });
    expect(fieldOf(stranger, 'phone')?.outcome).toBe('agreed');
    expect(stranger.band === undefined || stranger.band === 'Low').toBe(true);
  });

  it('keeps a junior apart from his father at the same address', () => {
    const junior = score({ suffix: 'Jr.', birthDate: '1998-02-01', emails: ['bobby.jr@example.com'] });
    expect(junior.band === undefined || junior.band === 'Low').toBe(true);
  });

  it('does not rate a namesake with nothing else in common above Low', () => {
    const namesake = score({
      birthDate: null,
      emails: ['robert.smith@other.org'],
      phones: [],
      addresses: [],
    });
    expect(namesake.band === undefined || namesake.band === 'Low').toBe(true);
  });

  it('gives strong evidence to the same legacy key and the same email', () => {
    const reimport = score(
      { legacyKeys: ['A-17'], phones: [], addresses: [], birthDate: null },
      { ...robert, legacyKeys: ['A-17'] },
    );
    expect(fieldOf(reimport, 'legacyKey')).toMatchObject({ outcome: 'agreed' });
    expect(reimport.band).toBe('High');
  });

  it('never matches a person with a company', () => {
    const company: MatchProfile = completeProfile({
      id: 3,
      kind: 'company',
      companyName: 'Smith Robert Inc',
      phones: ['+12125550123'],
    });
    expect(scoreMatch(prepareProfile(company), prepareProfile(robert)).band).toBeUndefined();
  });

  it('matches companies by name without their legal form', () => {
    const acme = completeProfile({
      id: 4,
      kind: 'company',
      companyName: 'Acme GmbH',
      emails: ['info@acme.de'],
    });
    const result = scoreMatch(prepareProfile({ ...acme, id: 5, companyName: 'ACME' }), prepareProfile(acme));
    expect(result.band).toBe('High');
  });
});
