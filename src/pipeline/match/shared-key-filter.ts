/**
 * Which blocking keys more than one staged contact of a package carries, in fixed memory: two
 * Bloom filters, one of keys seen, one of keys seen again. A key two contacts carry is always
 * reported shared (no false negatives); a few keys only one carries may be reported shared too
 * (false positives, rarer the smaller the package).
 *
 * The Match stage fills it from the whole package before matching a package too large to hold,
 * then writes and looks up in staged_match_keys only the shared keys: most keys (an email, a
 * phone) belong to one contact of the package, and a key nobody else in the package carries can
 * never make a staged contact meet another. A false positive costs one row and one lookup, never
 * a result, so the results are exactly those of writing every key.
 */
import { fnv1a, secondHash } from './fnv1a.js';

const bitsPerFilter = 2 ** 26; // 8 MiB each
const probes = 3;

export class SharedKeyFilter {
  readonly #seen = new Uint32Array(bitsPerFilter / 32);
  readonly #seenAgain = new Uint32Array(bitsPerFilter / 32);

  #bits(key: string): number[] {
    const first = fnv1a(key);
    // Odd, so that double hashing's probes never repeat a bit.
    const second = secondHash(key) | 1;
    const bits: number[] = [];
    for (let probe = 0; probe < probes; probe++)
      bits.push(((first + Math.imul(probe, second)) >>> 0) & (bitsPerFilter - 1));
    return bits;
  }

  /** Counts one carrier of `key` (each contact once per key). */
  note(key: string): void {
    const bits = this.#bits(key);
    const filter = bits.every((bit) => isSet(this.#seen, bit)) ? this.#seenAgain : this.#seen;
    for (const bit of bits) filter[bit >>> 5]! |= 1 << (bit & 31);
  }

  /** False only when at most one noted contact carries `key`. */
  maybeShared(key: string): boolean {
    return this.#bits(key).every((bit) => isSet(this.#seenAgain, bit));
  }
}

const isSet = (filter: Uint32Array, bit: number): boolean => (filter[bit >>> 5]! & (1 << (bit & 31))) !== 0;
