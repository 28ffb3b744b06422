/**
 * The Fellegi–Sunter scorer: compares two prepared profiles field by field, sums the weights of
 * the agreement levels found (match-weights.ts) into a score in bits, and puts the pair in a
 * band. Every field's outcome and contribution is kept, so a reviewer sees why.
 */
import { compareBirthDates } from './birth-date.js';
import { compareMiddleNames, compareNames } from './compare-names.js';
import type { DuplicateKey } from './duplicate-keys.js';
import type { PreparedProfile } from './match-profile.js';
import { bandThresholds, type MatchBand, type MatchField, matchWeights } from './match-weights.js';
import { type AddressAgreement, compareAddresses } from './postal-address.js';
import { similarity, withinOneSlip } from './string-similarity.js';

export type FieldOutcome = 'agreed' | 'partial' | 'disagreed' | 'missing';

export interface FieldComparison {
  field: MatchField;
  outcome: FieldOutcome;
  /** The agreement level of matchWeights (exact, nickname, transposed …); "missing" when a side has no value. */
  level: string;
  /** Contribution to the score, in bits. */
  weight: number;
}

export interface MatchExplanation {
  fields: FieldComparison[];
  /** The incoming record's first and last names were swapped. */
  namesTransposed: boolean;
  /** Why the band is lower than the score alone would give. */
  bandLimitedBy?: string;
  /** A duplicate key chosen for the run that the two share exactly: the match is High for it. */
  identifiedBy?: DuplicateKey;
}

export interface MatchScore {
  /** Sum of the fields' weights, in bits, rounded to one decimal. */
  score: number;
  /** Undefined below the Low threshold: not a match. */
  band: MatchBand | undefined;
  explanation: MatchExplanation;
}

const outcomes: Record<string, FieldOutcome> = {
  exact: 'agreed',
  same: 'agreed',
  sameInHousehold: 'agreed',
  different: 'disagreed',
  missing: 'missing',
};

const bandOrder: (MatchBand | undefined)[] = [undefined, 'Low', 'Medium', 'High'];

function bandOf(score: number): MatchBand | undefined {
  if (score >= bandThresholds.High) return 'High';
  if (score >= bandThresholds.Medium) return 'Medium';
  if (score >= bandThresholds.Low) return 'Low';
  return undefined;
}

const lower = (band: MatchBand | undefined, limit: MatchBand): MatchBand | undefined =>
  bandOrder.indexOf(band) > bandOrder.indexOf(limit) ? limit : band;

const intersects = (first: readonly string[], second: readonly string[]): boolean =>
  first.some((value) => second.includes(value));

function bestAddressAgreement(
  incoming: PreparedProfile,
  existing: PreparedProfile,
): AddressAgreement | undefined {
  if (incoming.addresses.length === 0 || existing.addresses.length === 0) return undefined;
  let best: AddressAgreement = 'different';
  for (const first of incoming.addresses) {
    for (const second of existing.addresses) {
      const found = compareAddresses(first, second);
      if (found === 'same') return found;
      if (found === 'nearby') best = found;
    }
  }
  return best;
}

/**
 * Scores an incoming profile against an existing one (or another incoming one). People are
 * compared with people and companies with companies; a person never matches a company.
 *
 * @example scoreMatch(prepareProfile(staged), prepareProfile(existing)).band // "High"
 */
export function scoreMatch(incoming: PreparedProfile, existing: PreparedProfile): MatchScore {
  const fields: FieldComparison[] = [];
  const add = <F extends MatchField>(field: F, levelName: keyof (typeof matchWeights)[F] | 'missing') => {
    const levels = matchWeights[field] as Record<string, { weight: number }>;
    const name = String(levelName);
    const weight = name === 'missing' ? 0 : (levels[name]?.weight ?? 0);
    fields.push({ field, outcome: outcomes[name] ?? 'partial', level: name, weight });
  };
  const levelOf = (field: MatchField) => fields.find((comparison) => comparison.field === field)?.level;

  if (intersects(incoming.legacyKeys, existing.legacyKeys)) add('legacyKey', 'same');

  if (incoming.emails.length === 0 || existing.emails.length === 0) add('email', 'missing');
  else if (intersects(incoming.emails, existing.emails)) add('email', 'same');
  else if (intersects(incoming.emailLocalParts, existing.emailLocalParts)) add('email', 'sameLocalPart');
  else add('email', 'different');

  const address = bestAddressAgreement(incoming, existing);
  if (incoming.phones.length === 0 || existing.phones.length === 0) add('phone', 'missing');
  else if (intersects(incoming.phones, existing.phones))
    add('phone', address === 'same' ? 'sameInHousehold' : 'same');
  else add('phone', 'different');
  add('address', address ?? 'missing');

  let namesTransposed = false;
  if (incoming.kind === 'person') {
    const names = compareNames(incoming.name, incoming.preferred, existing.name, existing.preferred);
    namesTransposed = names.transposed;
    add('firstName', names.first ?? 'missing');
    add('lastName', names.last ?? 'missing');
    const [middle, otherMiddle] = [incoming.name.middle, existing.name.middle];
    add('middleName', middle && otherMiddle ? compareMiddleNames(middle, otherMiddle) : 'missing');
    const [born, otherBorn] = [incoming.birthDate, existing.birthDate];
    add('birthDate', born && otherBorn ? compareBirthDates(born, otherBorn) : 'missing');
    const [employer, otherEmployer] = [incoming.company, existing.company];
    add(
      'employer',
      employer && otherEmployer ? (employer === otherEmployer ? 'same' : 'different') : 'missing',
    );
    const [gender, otherGender] = [incoming.name.gender, existing.name.gender];
    if (gender && otherGender && gender !== otherGender) add('gender', 'different');
  } else {
    const [name, otherName] = [incoming.company, existing.company];
    if (!name || !otherName) add('companyName', 'missing');
    else if (name === otherName) add('companyName', 'exact');
    else
      add(
        'companyName',
        similarity(name, otherName) >= 0.92 || withinOneSlip(name, otherName) ? 'similar' : 'different',
      );
  }

  const total = fields.reduce((sum, comparison) => sum + comparison.weight, 0);
  let band = bandOf(total);
  let bandLimitedBy: string | undefined;
  const limit = (to: MatchBand, reason: string) => {
    const limited = lower(band, to);
    if (limited !== band) {
      band = limited;
      bandLimitedBy ??= reason;
    }
  };
  if (incoming.kind !== existing.kind) {
    band = undefined;
    bandLimitedBy = 'a person never matches a company';
  } else if (incoming.kind === 'person') {
    // Relatives share a surname, an address, a phone and often an email: a different first name,
    // birth date or generation (Jr/Sr) marks another member of the household, not this person.
    if (levelOf('firstName') === 'different') limit('Low', 'first names differ');
    if (levelOf('birthDate') === 'different') limit('Low', 'birth dates differ');
    const [generation, otherGeneration] = [incoming.name.generation, existing.name.generation];
    if (generation && otherGeneration && generation !== otherGeneration)
      limit('Low', 'generations differ (Jr/Sr)');
    if (levelOf('lastName') === 'different') limit('Medium', 'last names differ');
    // Maria and Marta at one address or phone are sisters more often than one person with a
    // typo; Troy and Dora only sound alike.
    const household = levelOf('address') === 'same' || levelOf('phone')?.startsWith('same') === true;
    const firstName = levelOf('firstName');
    // A family shares a mailbox too; only a birth date is a person's own.
    const ownBirthDate = levelOf('birthDate') === 'exact' || levelOf('birthDate') === 'transposed';
    if (household && firstName === 'phonetic' && !ownBirthDate)
      limit('Low', 'first names only sound alike, in one household');
    if (
      household &&
      (firstName === 'phonetic' || firstName === 'initial' || (firstName === 'similar' && !ownBirthDate))
    ) {
      limit('Medium', 'a relative at the same address or phone may have a similar first name');
    }
    if (levelOf('gender') === 'different') limit('Medium', 'titles say different genders');
    if (!incoming.name.first && !incoming.name.last) limit('Low', 'no name to compare');
  } else if (levelOf('companyName') === 'different') {
    limit('Low', 'company names differ');
  }
  return {
    score: Math.round(total * 10) / 10,
    band,
    explanation: { fields, namesTransposed, ...(bandLimitedBy ? { bandLimitedBy } : {}) },
  };
}
