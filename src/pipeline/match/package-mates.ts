/**
 * The staged contacts of a package scored so far, filed by blocking key, for a scorer that keeps
 * the whole package in memory (BatchScorer's rememberWholePackage): a staged contact meets its
 * earlier package mates here, in the order they were scored.
 *
 * A package of 100,000 contacts carries about a million distinct keys. Kept as a Map of key to
 * array, inserting and looking them up was a seventh of the scorer's time, and the arrays a good
 * part of its garbage; here every key is a number found through an open-addressing table, and the
 * carriers of a key a linked list in typed arrays, which the garbage collector never walks.
 *
 * The table keeps two independent 32-bit hashes of each key, not its text: the texts were about a
 * million strings per 100,000 contacts, some 50 MB that the collector copied as they aged. Two
 * keys would be taken for one only if both hashes agreed, about once in 2^64 comparisons (the
 * package's keys are compared some ten million times): they would then count as one key and
 * meet each other's carriers, who are still scored before any match is made.
 */
import { fnv1a, secondHash } from './fnv1a.js';
import type { PreparedProfile } from './match-profile.js';

/** Keys a staged contact carries, about (ten on the generator's packages): sizes the first tables. */
const keysPerContact = 10;
const fewestKeys = 1 << 10;
/** No key number (a legacy key). */
export const none = -1;

export interface NumberedBatchKeys {
  keys: string[];
  positionsOf: number[][];
  /** The key number at each position of `keys`, or `none` for a legacy key. */
  numbers: number[];
}

/** Numbers per slot of the open-addressing table: two hashes and the key's number. */
const slotStride = 3;

/** Offsets in #perKey's stride. */
const [first, last, count, listedIn, positionIn] = [0, 1, 2, 3, 4];
const perKeyStride = 5;

/**
 * No carrier entry: entry 0 is never used, so that a new table, all zeros, needs no filling
 * (filling a million keys' first and last entries cost more than a tenth of a second).
 */
const noEntry = 0;

/** Room for `keys` keys: no carrier entries, no carriers, listed in no batch (batches count from 1). */
const newPerKey = (keys: number): Int32Array<ArrayBuffer> => new Int32Array(keys * perKeyStride);

const grown = (array: Int32Array, length: number): Int32Array<ArrayBuffer> => {
  const bigger = new Int32Array(length);
  bigger.set(array);
  return bigger;
};

export class PackageMates {
  /** Keys filed so far: the next key's number. */
  #keyCount = 0;
  /**
   * Open addressing, at most half full: slot i is (fnv1a, secondHash, 1 + key number) at 3i,
   * 3i + 1 and 3i + 2, the number 0 in a free slot. The hashes sit beside the number so that a
   * probe reads one place.
   */
  #slots: Int32Array<ArrayBuffer>;
  /**
   * Per key number, side by side (a key's are read together, so one place holds them): its first
   * and last carrier entry (noEntry when no one carries it yet), how many carry it, the last batch
   * that listed it and its position in that batch's keys. See the offsets below.
   */
  #perKey: Int32Array<ArrayBuffer>;
  /** Carrier entries: the carrier (index in #profiles) and the key's next entry. */
  #carrierOf: Int32Array<ArrayBuffer>;
  #nextEntry: Int32Array<ArrayBuffer>;
  #entries = 1;
  #profiles: PreparedProfile[] = [];
  #batches = 0;

  /** `contacts`: how many staged contacts the package has, to size the tables (they grow past it). */
  constructor(contacts = 0) {
    let keys = fewestKeys;
    while (keys < contacts * keysPerContact) keys *= 2;
    this.#slots = new Int32Array(keys * 2 * slotStride);
    this.#perKey = newPerKey(keys);
    this.#carrierOf = new Int32Array(keys);
    this.#nextEntry = new Int32Array(keys);
  }

  /**
   * A batch's distinct keys and each contact's positions in them, with each position's key
   * number; legacy keys (unique within a job, so never shared by package mates) get none.
   */
  listBatchKeys(keysOfContacts: readonly (readonly string[])[]): NumberedBatchKeys {
    const batch = ++this.#batches;
    const keys: string[] = [];
    const numbers: number[] = [];
    const legacyKeyPositions = new Map<string, number>();
    const positionsOf = keysOfContacts.map((own) =>
      own.map((key) => {
        if (key.startsWith('l:')) {
          let position = legacyKeyPositions.get(key);
          if (position === undefined) {
            position = keys.push(key) - 1;
            numbers.push(none);
            legacyKeyPositions.set(key, position);
          }
          return position;
        }
        const at = this.numberOf(key) * perKeyStride;
        const perKey = this.#perKey;
        if (perKey[at + listedIn] !== batch) {
          perKey[at + listedIn] = batch;
          perKey[at + positionIn] = keys.push(key) - 1;
          numbers.push(at / perKeyStride);
        }
        return perKey[at + positionIn]!;
      }),
    );
    return { keys, positionsOf, numbers };
  }

  /** The key's number, filed now when it is new (no one carries it yet). */
  numberOf(key: string): number {
    const hash = fnv1a(key) | 0;
    const check = secondHash(key) | 0;
    const slots = this.#slots;
    const mask = slots.length / slotStride - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const at = slot * slotStride;
      const used = slots[at + 2]!;
      if (used === 0) return this.#file(hash, check, at);
      if (slots[at] === hash && slots[at + 1] === check) return used - 1;
    }
  }

  /** How many scored staged contacts carry the key. */
  count(number: number): number {
    return this.#perKey[number * perKeyStride + count]!;
  }

  /**
   * Visits the scored staged contacts that carry the key, in the order they were added. (A
   * callback, not a generator: generators are never inlined, and each of the millions of steps
   * made an object for the garbage collector.)
   */
  forEachCarrier(number: number, visit: (carrier: PreparedProfile) => void): void {
    for (
      let entry = this.#perKey[number * perKeyStride + first]!;
      entry !== noEntry;
      entry = this.#nextEntry[entry]!
    ) {
      visit(this.#profiles[this.#carrierOf[entry]!]!);
    }
  }

  /** Files a scored staged contact under the keys numbered `numbers` (each once). */
  add(profile: PreparedProfile, numbers: Iterable<number>): void {
    const carrier = this.#profiles.push(profile) - 1;
    for (const number of numbers) {
      if (this.#entries === this.#carrierOf.length) {
        this.#carrierOf = grown(this.#carrierOf, this.#entries * 2);
        this.#nextEntry = grown(this.#nextEntry, this.#entries * 2);
      }
      const entry = this.#entries++;
      this.#carrierOf[entry] = carrier;
      this.#nextEntry[entry] = noEntry;
      const at = number * perKeyStride;
      const perKey = this.#perKey;
      const lastEntry = perKey[at + last]!;
      if (lastEntry === noEntry) perKey[at + first] = entry;
      else this.#nextEntry[lastEntry] = entry;
      perKey[at + last] = entry;
      perKey[at + count]!++;
    }
  }

  #file(hash: number, check: number, at: number): number {
    const number = this.#keyCount++;
    if (number * perKeyStride === this.#perKey.length) this.#growKeys();
    this.#slots[at] = hash;
    this.#slots[at + 1] = check;
    this.#slots[at + 2] = number + 1;
    // At most half full: past half as many keys as slots the table doubles.
    if ((number + 1) * 2 * slotStride > this.#slots.length) this.#rehash();
    return number;
  }

  #growKeys(): void {
    const perKey = newPerKey((this.#perKey.length / perKeyStride) * 2);
    perKey.set(this.#perKey);
    this.#perKey = perKey;
  }

  /** Doubles the table and files every key again. */
  #rehash(): void {
    const [old, slots] = [this.#slots, new Int32Array(this.#slots.length * 2)];
    const mask = slots.length / slotStride - 1;
    for (let oldAt = 0; oldAt < old.length; oldAt += slotStride) {
      if (old[oldAt + 2] === 0) continue;
      let slot = old[oldAt]! & mask;
      while (slots[slot * slotStride + 2] !== 0) slot = (slot + 1) & mask;
      for (let offset = 0; offset < slotStride; offset++)
        slots[slot * slotStride + offset] = old[oldAt + offset]!;
    }
    this.#slots = slots;
  }
}
