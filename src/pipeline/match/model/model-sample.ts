/**
 * The sample a job's model is estimated from: its first staged contacts (in id order) and the
 * candidate pairs they meet — each existing contact that shares a blocking key with one (as the
 * Match stage's lookup finds them: visible to the on-behalf-of user, under the per-key cap), and
 * each earlier contact of the sample that shares a key with one. The Match stage's scorer fills it
 * from the batches it prepares and scores anyway, so the estimate reads and prepares nothing twice.
 */
import type { PreparedProfile } from '../match-profile.js';
import type { ComparedFields } from '../score-match.js';
import { type ComparisonSpace, estimateJobModel } from './estimate-model.js';
import type { MatchModel } from './match-model.js';

/**
 * How many staged contacts the estimate looks at: enough for the mixture to settle (the FEBRL
 * sets have 5,000 and 10,000), few enough that the sample and its candidates stay some tens of MB
 * whatever the package and database size.
 */
export const sampledStagedContacts = 10_000;
/** Package-mate pairs taken from the sample, at most (the estimate reads 50,000 pairs at most). */
const packagePairsAtMost = 100_000;

/** A candidate pair and the keys it was met through (under the per-key cap), filled as it is met. */
type Pair = readonly [PreparedProfile, PreparedProfile, string[]];

export class ModelSample {
  readonly #staged: PreparedProfile[] = [];
  /** Existing contacts the sample met, by id. */
  readonly #existing = new Map<number, PreparedProfile>();
  /** Candidate pairs in the order met: the estimate reads the first ones when there are many. */
  readonly #pairs: Pair[] = [];
  /** The sample's staged contacts so far by key: an incoming contact's package mates. */
  readonly #mates = new Map<string, PreparedProfile[]>();
  #packagePairs = 0;

  constructor(
    private readonly maxPerKey: number,
    private readonly size = sampledStagedContacts,
  ) {}

  get full(): boolean {
    return this.#staged.length >= this.size;
  }

  /**
   * The next staged contact (in id order), with its blocking keys and, for the key at index i,
   * the existing contacts that carry it (carriersOf(i), in the lookup's order; none for a key
   * too common to look up).
   */
  add(
    incoming: PreparedProfile,
    keys: readonly string[],
    carriersOf: (keyIndex: number) => Iterable<PreparedProfile>,
  ): void {
    // The keys each candidate (existing or package mate) was met through.
    const metThrough = new Map<PreparedProfile, string[]>();
    /** A new candidate pair (true), or one more key of a pair met before. */
    const meet = (candidate: PreparedProfile, key: string, pairOf: (keys: string[]) => Pair): boolean => {
      const through = metThrough.get(candidate);
      if (through) {
        through.push(key);
        return false;
      }
      const keysOfPair = [key];
      metThrough.set(candidate, keysOfPair);
      this.#pairs.push(pairOf(keysOfPair));
      return true;
    };
    keys.forEach((key, keyIndex) => {
      for (const candidate of carriersOf(keyIndex)) {
        this.#existing.set(candidate.id!, candidate);
        meet(candidate, key, (through) => [incoming, candidate, through]);
      }
      // Legacy keys are unique within a job: no package mate shares one.
      if (key.startsWith('l:')) return;
      const before = this.#mates.get(key);
      if (before && before.length < this.maxPerKey && this.#packagePairs < packagePairsAtMost) {
        for (const mate of before) {
          if (meet(mate, key, (through) => [mate, incoming, through])) this.#packagePairs++;
        }
      }
      if (before) before.push(incoming);
      else this.#mates.set(key, [incoming]);
    });
    this.#staged.push(incoming);
  }

  /**
   * The job's model from this sample. `space` counts the whole job (all its staged contacts, every
   * existing contact the on-behalf-of user may see), for the Medium threshold.
   *
   * `comparedExisting` is given the comparisons the estimate made of staged contacts with their
   * existing candidates, by staged contact then candidate: the sample's contacts are scored next,
   * and a comparison depends on the two profiles only, not on the model.
   */
  estimate(
    space: Pick<ComparisonSpace, 'incoming' | 'existing'>,
    comparedExisting?: Map<PreparedProfile, Map<PreparedProfile, ComparedFields>>,
  ): MatchModel {
    // The staged contacts first, then the candidates by id: the stable order the estimate expects.
    const candidates = [...this.#existing.values()].sort((a, b) => a.id! - b.id!);
    return estimateJobModel([...this.#staged, ...candidates], this.#pairs, {
      comparisonSpace: {
        ...space,
        sampledIncoming: this.#staged.length,
        sampledCandidatePairs: this.#pairs.length,
      },
      onCandidatePairCompared: comparedExisting
        ? (incoming, existing, compared) => {
            // Package-mate pairs are compared the other way round from how they are scored.
            if (this.#existing.get(existing.id!) !== existing) return;
            let ofIncoming = comparedExisting.get(incoming);
            if (!ofIncoming) {
              ofIncoming = new Map();
              comparedExisting.set(incoming, ofIncoming);
            }
            ofIncoming.set(existing, compared);
          }
        : undefined,
    });
  }
}
