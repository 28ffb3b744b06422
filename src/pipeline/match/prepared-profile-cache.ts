/**
 * Prepared profiles kept for the length of one Match stage run, so a contact that is a
 * candidate in several batches (or a staged contact of an earlier batch, prepared when it was
 * matched itself) is read and normalised once, not once per batch. Normalising is the largest
 * part of the matcher's own cost.
 *
 * Bounded: past `capacity` entries the oldest are forgotten (a Map iterates in insertion
 * order), so memory stays flat on a million-contact package; a forgotten profile is simply
 * read and prepared again.
 */
import type { PreparedProfile } from './match-profile.js';

const defaultCapacity = 200_000;

export class PreparedProfileCache {
  readonly #profiles = new Map<number, PreparedProfile>();
  readonly #capacity: number;

  constructor(capacity = defaultCapacity) {
    this.#capacity = capacity;
  }

  get(id: number): PreparedProfile | undefined {
    return this.#profiles.get(id);
  }

  has(id: number): boolean {
    return this.#profiles.has(id);
  }

  set(id: number, profile: PreparedProfile): void {
    this.#profiles.set(id, profile);
    if (this.#profiles.size > this.#capacity) {
      const oldest = this.#profiles.keys().next().value;
      if (oldest !== undefined) this.#profiles.delete(oldest);
    }
  }
}
