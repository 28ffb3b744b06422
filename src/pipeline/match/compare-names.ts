/**
 * Agreement levels of first, middle and last names, and of a whole person name tried in both
 * orders, because exports swap first and last names ("Smith, John" typed into the wrong fields).
 */
import { areNicknames } from './nicknames.js';
import type { NormalisedName, NormalisedPersonName } from './person-name.js';
import { shareACode } from './phonetic-code.js';

import { editDistance, similarityAtLeast, withinOneSlip } from './string-similarity.js';

export type FirstNameLevel =
  | 'exact'
  | 'nickname'
  | 'similar'
  | 'typos'
  | 'phonetic'
  | 'initial'
  | 'different';
export type LastNameLevel = 'exact' | 'similar' | 'typos' | 'phonetic' | 'partOfCompound' | 'different';

const typoSimilarity = 0.88;

/** A typo: close by Jaro–Winkler, or one slip apart in a name long enough for that to be rare by chance. */
const looksLikeTypo = (first: string, second: string): boolean =>
  similarityAtLeast(first, second, typoSimilarity) ||
  (Math.min(first.length, second.length) >= 4 && withinOneSlip(first, second));

/**
 * Two or three slips in a name long enough that they leave most of it standing ("jariui" and
 * "jairus": two slips in six letters): at most one slip per three letters of the shorter name,
 * and at least five letters, so that short names (Ann, Jon, Mia) never meet by chance.
 */
export function looksLikeSeveralTypos(first: string, second: string): boolean {
  const shorter = Math.min(first.length, second.length);
  if (shorter < 5) return false;
  const limit = Math.min(3, Math.floor(shorter / 3));
  return editDistance(first, second, limit) <= limit;
}

const soundAlike = (first: NormalisedName, second: NormalisedName): boolean =>
  shareACode(first.phonetic, first.alternatePhonetic, second.phonetic, second.alternatePhonetic);

export function compareFirstNames(first: NormalisedName, second: NormalisedName): FirstNameLevel {
  if (first.joined === second.joined) return 'exact';
  if (first.joined.length === 1 || second.joined.length === 1) {
    return first.joined[0] === second.joined[0] ? 'initial' : 'different';
  }
  const firstWord = first.parts[0]!;
  const secondWord = second.parts[0]!;
  if (areNicknames(first.joined, second.joined) || areNicknames(firstWord, secondWord)) return 'nickname';
  // "Mary Ann" and "Mary", "Jean-Pierre" and "Jean": one written in full, one shortened.
  if (firstWord === secondWord) return 'similar';
  if (looksLikeTypo(first.joined, second.joined)) return 'similar';
  if (soundAlike(first, second)) return 'phonetic';
  if (looksLikeSeveralTypos(first.joined, second.joined)) return 'typos';
  return 'different';
}

export function compareLastNames(first: NormalisedName, second: NormalisedName): LastNameLevel {
  if (first.joined === second.joined) return 'exact';
  if (looksLikeTypo(first.joined, second.joined)) return 'similar';
  if (soundAlike(first, second)) return 'phonetic';
  if (looksLikeSeveralTypos(first.joined, second.joined)) return 'typos';
  if (
    (first.parts.length > 1 || second.parts.length > 1) &&
    first.parts.some((part) => second.parts.includes(part))
  ) {
    return 'partOfCompound';
  }
  return 'different';
}

/** Middle names agree when equal or when one is the other's initial. */
export function compareMiddleNames(first: NormalisedName, second: NormalisedName): 'same' | 'different' {
  if (first.joined === second.joined) return 'same';
  if ((first.joined.length === 1 || second.joined.length === 1) && first.joined[0] === second.joined[0])
    return 'same';
  return similarityAtLeast(first.joined, second.joined, typoSimilarity) ? 'same' : 'different';
}

/** Slots of a ComparedPairs table: twice the pairs it keeps, so that probes stay short. */
const slotBits = 19;
const slots = 1 << slotBits;
const pairsKept = slots / 2;
/** Names past this id (a process that made two billion names) are compared afresh each time. */
const largestId = 0x7fffffff;

/**
 * Levels of the name pairs compared so far, by the two names' ids (person-name.ts makes one
 * object, with one id, of each name written alike): common names meet each other in pair after
 * pair, and the comparisons that tell them apart (Jaro–Winkler, nicknames, sounds, edit distance)
 * cost far more than a lookup. The table is open addressing in typed arrays: the Map of Maps it
 * replaced spent about as long on its own entries (and their garbage) as the comparisons it
 * saved. Bounded: forgotten all at once when full, then learnt again.
 */
class ComparedPairs<Level extends string> {
  /**
   * Slot i at 4i: the first name's id, the second's, 1 + the level's index in `levels` (0 marks an
   * empty slot), and a spare: a probe reads one cache line, not one in each of three arrays.
   */
  readonly #table = new Int32Array(slots * 4);
  #size = 0;

  constructor(
    private readonly compare: (first: NormalisedName, second: NormalisedName) => Level,
    private readonly exact: Level,
    private readonly levels: readonly Level[],
  ) {}

  level(first: NormalisedName, second: NormalisedName): Level {
    if (first.joined === second.joined) return this.exact;
    const firstId = first.id;
    const secondId = second.id;
    if (firstId > largestId || secondId > largestId) return this.compare(first, second);
    const table = this.#table;
    let at = this.#find(firstId, secondId);
    const known = table[at + 2]!;
    if (known !== 0) return this.levels[known - 1]!;
    const level = this.compare(first, second);
    if (this.#size >= pairsKept) {
      table.fill(0);
      this.#size = 0;
      at = this.#find(firstId, secondId);
    }
    table[at] = firstId;
    table[at + 1] = secondId;
    table[at + 2] = this.levels.indexOf(level) + 1;
    this.#size++;
    return level;
  }

  /** Where the pair's slot starts in #table, or the empty slot where it belongs (linear probing from its hash). */
  #find(firstId: number, secondId: number): number {
    const table = this.#table;
    let slot =
      (Math.imul(firstId, 0x9e3779b1) ^ Math.imul(secondId + 0x7f4a7c15, 0x85ebca77)) >>> (32 - slotBits);
    while (table[slot * 4 + 2] !== 0 && (table[slot * 4] !== firstId || table[slot * 4 + 1] !== secondId)) {
      slot = (slot + 1) & (slots - 1);
    }
    return slot * 4;
  }
}

const firstNameLevels: readonly FirstNameLevel[] = [
  'exact',
  'nickname',
  'similar',
  'typos',
  'phonetic',
  'initial',
  'different',
];
const lastNameLevels: readonly LastNameLevel[] = [
  'exact',
  'similar',
  'typos',
  'phonetic',
  'partOfCompound',
  'different',
];
const firstNamePairs = new ComparedPairs(compareFirstNames, 'exact', firstNameLevels);
const lastNamePairs = new ComparedPairs(compareLastNames, 'exact', lastNameLevels);

export interface NameAgreement {
  first: FirstNameLevel | undefined;
  last: LastNameLevel | undefined;
  /** The second record's first and last names were compared the other way round. */
  transposed: boolean;
}

const firstRank: Record<FirstNameLevel, number> = {
  exact: 6,
  nickname: 5,
  similar: 4,
  typos: 3,
  phonetic: 2,
  initial: 1,
  different: 0,
};
const lastRank: Record<LastNameLevel, number> = {
  exact: 6,
  similar: 4,
  partOfCompound: 3,
  typos: 3,
  phonetic: 2,
  different: 0,
};

/**
 * The better first-name level of a name and its preferred form against the other side's first
 * name; undefined when a side has none. Ties keep the name itself.
 */
function bestFirstName(
  first: NormalisedName | undefined,
  preferred: NormalisedName | undefined,
  otherFirst: NormalisedName | undefined,
): FirstNameLevel | undefined {
  if (!otherFirst) return undefined;
  let level = first ? firstNamePairs.level(first, otherFirst) : undefined;
  if (preferred) {
    const found = firstNamePairs.level(preferred, otherFirst);
    if (level === undefined || firstRank[found] > firstRank[level]) level = found;
  }
  return level;
}

const rankOfFirst = (level: FirstNameLevel | undefined): number => (level ? firstRank[level] : 0);
const rankOfLast = (level: LastNameLevel | undefined): number => (level ? lastRank[level] : 0);
/** The highest rank a reading can have: both names exact. */
const bestRank = firstRank.exact + lastRank.exact;

/**
 * The better of the two readings: as written, or with the second record's first and last
 * names swapped. A preferred name counts as a first name ("Bob" preferred, "Robert" first).
 */
export function compareNames(
  first: NormalisedPersonName,
  firstPreferred: NormalisedName | undefined,
  second: NormalisedPersonName,
  secondPreferred: NormalisedName | undefined,
): NameAgreement {
  // Most candidate pairs are not matches: no arrays or objects per reading, and the swapped
  // reading's last names are compared only while that reading can still win.
  const last = first.last && second.last ? lastNamePairs.level(first.last, second.last) : undefined;
  const lastRankAsWritten = rankOfLast(last);
  let firstLevel = bestFirstName(first.first, firstPreferred, second.first);
  let rank = rankOfFirst(firstLevel) + lastRankAsWritten;
  if (secondPreferred && firstLevel !== 'exact') {
    const withPreferred = bestFirstName(first.first, firstPreferred, secondPreferred);
    const preferredRank = rankOfFirst(withPreferred) + lastRankAsWritten;
    if (preferredRank > rank) [firstLevel, rank] = [withPreferred, preferredRank];
  }
  // The swapped reading wins only by more than one rank.
  if (rank + 1 >= bestRank) return { first: firstLevel, last, transposed: false };
  const swappedFirst =
    first.first && second.last ? firstNamePairs.level(first.first, second.last) : undefined;
  if (rankOfFirst(swappedFirst) + lastRank.exact <= rank + 1)
    return { first: firstLevel, last, transposed: false };
  const swappedLast = first.last && second.first ? lastNamePairs.level(first.last, second.first) : undefined;
  if (rankOfFirst(swappedFirst) + rankOfLast(swappedLast) > rank + 1)
    return { first: swappedFirst, last: swappedLast, transposed: true };
  return { first: firstLevel, last, transposed: false };
}
