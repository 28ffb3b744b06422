/**
 * The Fellegi–Sunter scorer: compares two prepared profiles field by field, sums the weights of
 * the agreement levels found (match-weights.ts) into a score in bits, and puts the pair in a
 * band. Every field's outcome and contribution is kept, so a reviewer sees why.
 */
import { compareBirthDates } from './birth-date.js';
import { compareMiddleNames, compareNames, type NameAgreement } from './compare-names.js';
import type { DuplicateKey } from './duplicate-keys.js';
import type { PreparedProfile } from './match-profile.js';
import type { BandThresholds, MatchBand, MatchField, matchWeights } from './match-weights.js';
import {
  defaultMatchModel,
  type MatchModel,
  termFrequencyBits,
  termFrequencyBounds,
} from './model/match-model.js';
import { type AddressAgreement, compareAddresses } from './postal-address.js';
import { similarityAtLeast, withinOneSlip } from './string-similarity.js';
import { shareAValue } from './value-fingerprint.js';

export type FieldOutcome = 'agreed' | 'partial' | 'disagreed' | 'missing';

export interface FieldComparison {
  field: MatchField;
  outcome: FieldOutcome;
  /** The agreement level of matchWeights (exact, nickname, transposed …); "missing" when a side has no value. */
  level: string;
  /** Contribution to the score, in bits (the term-frequency adjustment included). */
  weight: number;
  /**
   * With an estimated model, the bits an exactly shared first or last name gained (rare in the
   * job) or lost (common) for how often it occurs among the job's contacts.
   */
  termFrequency?: number;
}

export interface MatchExplanation {
  fields: FieldComparison[];
  /** The incoming record's first and last names were swapped. */
  namesTransposed: boolean;
  /** Why the band is lower than the score alone would give. */
  bandLimitedBy?: string;
  /** A duplicate key chosen for the run that the two share exactly: the match is High for it. */
  identifiedBy?: DuplicateKey;
  /** "estimated" when the weights were estimated from the job's own data, absent for the default model. */
  model?: 'estimated';
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

type LevelOf<F extends MatchField> = keyof (typeof matchWeights)[F] & string;
type Compared<F extends MatchField> = LevelOf<F> | 'missing';

/**
 * Each field's agreement level for one pair, 'missing' where a side has no value, undefined
 * where the field is not compared at all (a company has no first name; the legacy key and the
 * gender count only when they are shared or in conflict).
 */
export interface FieldLevels {
  legacyKey: 'same' | undefined;
  email: Compared<'email'>;
  phone: Compared<'phone'>;
  address: Compared<'address'>;
  firstName: Compared<'firstName'> | undefined;
  lastName: Compared<'lastName'> | undefined;
  middleName: Compared<'middleName'> | undefined;
  birthDate: Compared<'birthDate'> | undefined;
  employer: Compared<'employer'> | undefined;
  gender: 'different' | undefined;
  companyName: Compared<'companyName'> | undefined;
}

/** The order fields are summed and explained in. */
const fieldOrder = [
  'legacyKey',
  'email',
  'phone',
  'address',
  'firstName',
  'lastName',
  'middleName',
  'birthDate',
  'employer',
  'gender',
  'companyName',
] as const satisfies readonly MatchField[];

/**
 * A pair's score without its explanation: the matcher scores every candidate but explains
 * only the matches, and most candidates are not (explanationOf builds it when wanted).
 */
export interface PairScore {
  score: number;
  band: MatchBand | undefined;
  bandLimitedBy: string | undefined;
  namesTransposed: boolean;
  levels: FieldLevels;
  model: MatchModel;
  /** Term-frequency bits of an exactly shared first and last name (0 otherwise, or with no frequencies). */
  firstNameFrequency: number;
  lastNameFrequency: number;
}

const bandOrder: (MatchBand | undefined)[] = [undefined, 'Low', 'Medium', 'High'];

function bandOf(score: number, thresholds: BandThresholds): MatchBand | undefined {
  if (score >= thresholds.High) return 'High';
  if (score >= thresholds.Medium) return 'Medium';
  if (score >= thresholds.Low) return 'Low';
  return undefined;
}

const lower = (band: MatchBand | undefined, limit: MatchBand): MatchBand | undefined =>
  bandOrder.indexOf(band) > bandOrder.indexOf(limit) ? limit : band;

const shareEmail = (incoming: PreparedProfile, existing: PreparedProfile): boolean =>
  shareAValue(incoming.emails, incoming.emailsPrint, existing.emails, existing.emailsPrint);
const shareEmailLocalPart = (incoming: PreparedProfile, existing: PreparedProfile): boolean =>
  shareAValue(
    incoming.emailLocalParts,
    incoming.emailLocalPartsPrint,
    existing.emailLocalParts,
    existing.emailLocalPartsPrint,
  );
const sharePhone = (incoming: PreparedProfile, existing: PreparedProfile): boolean =>
  shareAValue(incoming.phones, incoming.phonesPrint, existing.phones, existing.phonesPrint);
const shareLegacyKey = (incoming: PreparedProfile, existing: PreparedProfile): boolean =>
  shareAValue(incoming.legacyKeys, incoming.legacyKeysPrint, existing.legacyKeys, existing.legacyKeysPrint);

const addressRank: Record<AddressAgreement, number> = {
  same: 5,
  sameStreet: 4,
  samePlace: 3,
  otherNumber: 2,
  nearby: 1,
  different: 0,
};

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
      if (addressRank[found] > addressRank[best]) best = found;
    }
  }
  return best;
}

const weightOf = (model: MatchModel, field: MatchField, level: string | undefined): number =>
  level === undefined || level === 'missing'
    ? 0
    : ((model.weights[field] as Record<string, { weight: number } | undefined>)[level]?.weight ?? 0);

function emailLevel(incoming: PreparedProfile, existing: PreparedProfile): Compared<'email'> {
  if (incoming.emails.length === 0 || existing.emails.length === 0) return 'missing';
  if (shareEmail(incoming, existing)) return 'same';
  if (shareEmailLocalPart(incoming, existing)) return 'sameLocalPart';
  return 'different';
}

function phoneLevel(
  incoming: PreparedProfile,
  existing: PreparedProfile,
  address: AddressAgreement | undefined,
  shared = sharePhone(incoming, existing),
): Compared<'phone'> {
  if (incoming.phones.length === 0 || existing.phones.length === 0) return 'missing';
  if (shared) return address === 'same' ? 'sameInHousehold' : 'same';
  return 'different';
}

function companyNameLevel(name: string | undefined, otherName: string | undefined): Compared<'companyName'> {
  if (!name || !otherName) return 'missing';
  if (name === otherName) return 'exact';
  return similarityAtLeast(name, otherName, 0.92) || withinOneSlip(name, otherName) ? 'similar' : 'different';
}

const namesOf = (incoming: PreparedProfile, existing: PreparedProfile): NameAgreement =>
  compareNames(incoming.name, incoming.preferred, existing.name, existing.preferred);

const birthDateLevel = (incoming: PreparedProfile, existing: PreparedProfile): Compared<'birthDate'> =>
  incoming.birthDate && existing.birthDate
    ? compareBirthDates(incoming.birthDate, existing.birthDate)
    : 'missing';

/**
 * The comparisons of two people that scorePairFromLow makes to bound their score: scorePair takes
 * them over rather than making them again.
 */
interface BoundingComparisons {
  names: NameAgreement;
  legacyKeyShared: boolean;
  email: Compared<'email'>;
  phoneShared: boolean;
  birthDate: Compared<'birthDate'>;
}

function boundingComparisons(incoming: PreparedProfile, existing: PreparedProfile): BoundingComparisons {
  return {
    names: namesOf(incoming, existing),
    legacyKeyShared: shareLegacyKey(incoming, existing),
    email: emailLevel(incoming, existing),
    phoneShared: sharePhone(incoming, existing),
    birthDate: birthDateLevel(incoming, existing),
  };
}

/** What compareFields finds for a pair: it depends on the two profiles only, not on a model. */
export interface ComparedFields {
  levels: FieldLevels;
  namesTransposed: boolean;
}

/**
 * Every field's level for the pair; the names are tried in both orders (compareNames). The model
 * estimation counts these levels over a job's pairs.
 */
export function compareFields(
  incoming: PreparedProfile,
  existing: PreparedProfile,
  bounding?: BoundingComparisons,
): ComparedFields {
  const address = bestAddressAgreement(incoming, existing);
  const legacyKeyShared = bounding?.legacyKeyShared ?? shareLegacyKey(incoming, existing);
  const levels: FieldLevels = {
    legacyKey: legacyKeyShared ? 'same' : undefined,
    email: bounding?.email ?? emailLevel(incoming, existing),
    phone: phoneLevel(incoming, existing, address, bounding?.phoneShared),
    address: address ?? 'missing',
    firstName: undefined,
    lastName: undefined,
    middleName: undefined,
    birthDate: undefined,
    employer: undefined,
    gender: undefined,
    companyName: undefined,
  };
  if (incoming.kind !== 'person') {
    levels.companyName = companyNameLevel(incoming.company, existing.company);
    return { levels, namesTransposed: false };
  }
  const { first, last, transposed } = bounding?.names ?? namesOf(incoming, existing);
  levels.firstName = first ?? 'missing';
  levels.lastName = last ?? 'missing';
  const middle = incoming.name.middle;
  const otherMiddle = existing.name.middle;
  levels.middleName = middle && otherMiddle ? compareMiddleNames(middle, otherMiddle) : 'missing';
  levels.birthDate = bounding?.birthDate ?? birthDateLevel(incoming, existing);
  const employer = incoming.company;
  const otherEmployer = existing.company;
  levels.employer =
    employer && otherEmployer ? (employer === otherEmployer ? 'same' : 'different') : 'missing';
  const gender = incoming.name.gender;
  const otherGender = existing.name.gender;
  if (gender && otherGender && gender !== otherGender) levels.gender = 'different';
  return { levels, namesTransposed: transposed };
}

/** First-name levels that say "the same first name, perhaps mistyped". */
const firstNameAgrees = new Set(['exact', 'nickname', 'similar', 'typos']);
/** Last-name levels that say "the same family name, perhaps mistyped". */
const lastNameAgrees = new Set(['exact', 'similar', 'typos', 'phonetic', 'partOfCompound']);
/** A birth date is a person's own: these levels say two records were born on one day. */
const birthDateAgrees = new Set(['exact', 'transposed', 'near']);
/** Birth dates this many years apart are two generations: a parent and a child of one name. */
const generationYears = 15;

/**
 * Why the band must be lower than the score alone gives, strongest reason first. Each cap is a
 * hypothesis the pair's own evidence supports, not one field that differs: "another member of
 * the household" needs a different first name that no birth date contradicts; "a parent and a
 * child of one name" needs birth dates a generation apart.
 */
function bandLimits(
  incoming: PreparedProfile,
  existing: PreparedProfile,
  levels: FieldLevels,
): [MatchBand, string][] {
  const limits: [MatchBand, string][] = [];
  if (incoming.kind === 'person') {
    const firstName = levels.firstName;
    const sameFamily = lastNameAgrees.has(levels.lastName ?? '');
    const sameDay = birthDateAgrees.has(levels.birthDate ?? '');
    // Relatives share a surname, an address, a phone and often an email: a different first name
    // marks another member of the household, unless the two were also born on the same day — then
    // it is one person whose first name was replaced, or twins: a reviewer decides (Medium). A
    // birth date written exactly alike is a person's own whatever the surname says (a replaced
    // or missing surname is no sign of a relative); a merely near one needs the surname as well.
    const ownDay = levels.birthDate === 'exact' || levels.birthDate === 'transposed';
    if (firstName === 'different') {
      if (ownDay || (sameDay && sameFamily)) limits.push(['Medium', 'first names differ; born the same day']);
      else limits.push(['Low', 'first names differ']);
    }
    if (levels.birthDate === 'different') {
      const apart = Math.abs((incoming.birthDate?.year ?? 0) - (existing.birthDate?.year ?? 0));
      // A generational suffix on either side (Jr, Sr, III) backs the parent-and-child reading.
      const suffixed = incoming.name.generation !== undefined || existing.name.generation !== undefined;
      if (apart >= generationYears && suffixed) limits.push(['Low', 'birth dates a generation apart']);
      // A first name one side lacks is unknown, not a different one: it does not make them relatives.
      else if ((firstNameAgrees.has(firstName ?? '') || firstName === 'missing') && sameFamily)
        limits.push(['Medium', 'birth dates differ']);
      else limits.push(['Low', 'birth dates differ']);
    }
    const generation = incoming.name.generation;
    const otherGeneration = existing.name.generation;
    if (generation && otherGeneration && generation !== otherGeneration)
      limits.push(['Low', 'generations differ (Jr/Sr)']);
    if (levels.lastName === 'different') limits.push(['Medium', 'last names differ']);
    // Maria and Marta at one address or phone are sisters more often than one person with a
    // typo; Troy and Dora only sound alike.
    const household = levels.address === 'same' || levels.phone.startsWith('same');
    // A family shares a mailbox too; only a birth date is a person's own.
    const ownBirthDate = levels.birthDate === 'exact' || levels.birthDate === 'transposed';
    if (household && (firstName === 'phonetic' || firstName === 'typos') && !ownBirthDate)
      limits.push(['Low', 'first names only roughly alike, in one household']);
    if (
      household &&
      (firstName === 'phonetic' ||
        firstName === 'typos' ||
        firstName === 'initial' ||
        (firstName === 'similar' && !ownBirthDate))
    ) {
      limits.push(['Medium', 'a relative at the same address or phone may have a similar first name']);
    }
    if (levels.gender === 'different') limits.push(['Medium', 'titles say different genders']);
    if (!incoming.name.first && !incoming.name.last) limits.push(['Low', 'no name to compare']);
  } else if (levels.companyName === 'different') {
    limits.push(['Low', 'company names differ']);
  }
  return limits;
}

/** The most a middle name and an address can add to a pair's score, per model. */
const bestWeightsOf = new WeakMap<MatchModel, { middleName: number; address: number; phone: number }>();

function bestWeights(model: MatchModel): { middleName: number; address: number; phone: number } {
  let best = bestWeightsOf.get(model);
  if (!best) {
    // A missing field adds nothing: no field's best is below 0.
    const bestOf = (field: MatchField) =>
      Math.max(
        0,
        ...Object.values(model.weights[field] as Record<string, { weight: number }>).map(
          ({ weight }) => weight,
        ),
      );
    best = {
      middleName: bestOf('middleName'),
      address: bestOf('address'),
      phone: Math.max(weightOf(model, 'phone', 'same'), weightOf(model, 'phone', 'sameInHousehold')),
    };
    bestWeightsOf.set(model, best);
  }
  return best;
}

/** Allowance for summing the same weights in another order. */
const roundingAllowance = 0.05;

/**
 * scorePair for the matcher, which keeps only pairs from the Low band up: undefined for two
 * people whose names and cheaply compared fields leave them below Low even with the middle name
 * and the address at their best, so their addresses are never compared (45% of the candidate
 * pairs of the generator's 100,000 set, in memory; 5% of those of the smaller sets in
 * test/match/score-from-low.test.ts). Any other pair is scored by scorePair, with the same result.
 */
export function scorePairFromLow(
  incoming: PreparedProfile,
  existing: PreparedProfile,
  model: MatchModel = defaultMatchModel,
): PairScore | undefined {
  if (incoming.kind !== 'person' || existing.kind !== 'person') return scorePair(incoming, existing, model);
  const compared = boundingComparisons(incoming, existing);
  const best = bestWeights(model);
  // A shared name's term frequency adds at most termFrequencyBounds.upper.
  let bound =
    weightOf(model, 'firstName', compared.names.first) +
    weightOf(model, 'lastName', compared.names.last) +
    2 * Math.max(0, termFrequencyBounds.upper);
  if (compared.legacyKeyShared) bound += weightOf(model, 'legacyKey', 'same');
  bound += weightOf(model, 'email', compared.email);
  if (incoming.phones.length > 0 && existing.phones.length > 0) {
    bound += compared.phoneShared ? best.phone : weightOf(model, 'phone', 'different');
  }
  if (incoming.addresses.length > 0 && existing.addresses.length > 0) bound += best.address;
  if (incoming.name.middle && existing.name.middle) bound += best.middleName;
  bound += weightOf(model, 'birthDate', compared.birthDate);
  const employer = incoming.company;
  const otherEmployer = existing.company;
  if (employer && otherEmployer)
    bound += weightOf(model, 'employer', employer === otherEmployer ? 'same' : 'different');
  const gender = incoming.name.gender;
  const otherGender = existing.name.gender;
  if (gender && otherGender && gender !== otherGender) bound += weightOf(model, 'gender', 'different');
  if (bound + roundingAllowance < model.thresholds.Low) return undefined;
  return scorePair(incoming, existing, model, compared);
}

/**
 * Scores an incoming profile against an existing one (or another incoming one), without the
 * explanation: see scoreMatch. People are compared with people and companies with companies;
 * a person never matches a company.
 */
export function scorePair(
  incoming: PreparedProfile,
  existing: PreparedProfile,
  model: MatchModel = defaultMatchModel,
  bounding?: BoundingComparisons,
  compared: ComparedFields = compareFields(incoming, existing, bounding),
): PairScore {
  const { levels, namesTransposed } = compared;
  let total = 0;
  for (const field of fieldOrder) total += weightOf(model, field, levels[field]);
  let firstNameFrequency = 0;
  let lastNameFrequency = 0;
  if (model.firstNames && levels.firstName === 'exact') {
    firstNameFrequency = sharedNameBits(
      model,
      'firstName',
      incoming.name.first?.joined,
      (namesTransposed ? existing.name.last : existing.name.first)?.joined,
    );
  }
  if (model.lastNames && levels.lastName === 'exact') {
    lastNameFrequency = sharedNameBits(
      model,
      'lastName',
      incoming.name.last?.joined,
      (namesTransposed ? existing.name.first : existing.name.last)?.joined,
    );
  }
  total += firstNameFrequency + lastNameFrequency;
  let band = bandOf(total, model.thresholds);
  let bandLimitedBy: string | undefined;
  if (incoming.kind !== existing.kind) {
    band = undefined;
    bandLimitedBy = 'a person never matches a company';
  } else if (band !== undefined) {
    for (const [limit, reason] of bandLimits(incoming, existing, levels)) {
      const limited = lower(band, limit);
      if (limited !== band) {
        band = limited;
        bandLimitedBy ??= reason;
      }
    }
  }
  return {
    score: Math.round(total * 10) / 10,
    band,
    bandLimitedBy,
    namesTransposed,
    levels,
    model,
    firstNameFrequency,
    lastNameFrequency,
  };
}

/**
 * The term-frequency bits of a name both sides share as written; 0 when the exact agreement came
 * another way (a preferred name), whose frequency was not counted.
 */
function sharedNameBits(
  model: MatchModel,
  field: 'firstName' | 'lastName',
  name: string | undefined,
  otherName: string | undefined,
): number {
  const frequencies = field === 'firstName' ? model.firstNames : model.lastNames;
  if (!frequencies || name === undefined || name !== otherName) return 0;
  return termFrequencyBits(frequencies, name, model.weights[field].exact!.u);
}

/** Every compared field's outcome and contribution, for the reviewer. */
export function explanationOf(pair: PairScore): MatchExplanation {
  const fields: FieldComparison[] = [];
  for (const field of fieldOrder) {
    const level = pair.levels[field];
    if (level === undefined) continue;
    const weight = weightOf(pair.model, field, level);
    const frequency =
      field === 'firstName' ? pair.firstNameFrequency : field === 'lastName' ? pair.lastNameFrequency : 0;
    fields.push({
      field,
      outcome: outcomes[level] ?? 'partial',
      level,
      weight: frequency === 0 ? weight : Math.round((weight + frequency) * 100) / 100,
      ...(frequency === 0 ? {} : { termFrequency: frequency }),
    });
  }
  return {
    fields,
    namesTransposed: pair.namesTransposed,
    ...(pair.bandLimitedBy ? { bandLimitedBy: pair.bandLimitedBy } : {}),
    ...(pair.model.source === 'estimated' ? { model: 'estimated' as const } : {}),
  };
}

/**
 * Scores an incoming profile against an existing one (or another incoming one) and explains
 * the score field by field.
 *
 * @example scoreMatch(prepareProfile(staged), prepareProfile(existing)).band // "High"
 */
export function scoreMatch(
  incoming: PreparedProfile,
  existing: PreparedProfile,
  model: MatchModel = defaultMatchModel,
): MatchScore {
  const pair = scorePair(incoming, existing, model);
  return { score: pair.score, band: pair.band, explanation: explanationOf(pair) };
}
