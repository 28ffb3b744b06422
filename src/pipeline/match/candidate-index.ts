/**
 * An in-memory index of prepared profiles by blocking key, for matching without a database:
 * the dry run and the match benchmark. The database-backed stage keeps the same keys in a table.
 */
import { blockingKeysOfPrepared } from './blocking-keys.js';
import type { PreparedProfile } from './match-profile.js';

export interface CandidateIndexOptions {
  /**
   * A key shared by more profiles than this is too common to tell anyone apart (a switchboard
   * number, "Smith J" in a large file): it yields no candidates. Default 50.
   */
  maxPerKey?: number;
}

export class CandidateIndex {
  readonly #byKey = new Map<string, PreparedProfile[]>();
  readonly #maxPerKey: number;

  constructor(options: CandidateIndexOptions = {}) {
    this.#maxPerKey = options.maxPerKey ?? 50;
  }

  add(profile: PreparedProfile, keys: readonly string[] = blockingKeysOfPrepared(profile)): void {
    for (const key of keys) {
      const list = this.#byKey.get(key);
      if (!list) this.#byKey.set(key, [profile]);
      // One past the cap is enough to know the key is too common; stop growing it.
      else if (list.length <= this.#maxPerKey) list.push(profile);
    }
  }

  /** Profiles that share at least one usable key with the given one (never the profile itself). */
  candidatesFor(
    profile: PreparedProfile,
    keys: readonly string[] = blockingKeysOfPrepared(profile),
  ): PreparedProfile[] {
    const found = new Set<PreparedProfile>();
    for (const key of keys) {
      const list = this.#byKey.get(key);
      if (!list || list.length > this.#maxPerKey) continue;
      for (const candidate of list) if (candidate !== profile) found.add(candidate);
    }
    return [...found];
  }
}
