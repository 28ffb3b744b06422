/**
 * Fingerprints of short lists of values (a contact's emails, phones, legacy keys): the matcher
 * asks of most candidate pairs whether two such lists share a value, and most share none.
 * Kept apart from match-profile.ts so that what needs only this (duplicate keys, which the CLI
 * loads to list imports) loads nothing else.
 */
import { fnv1a } from './fnv1a.js';

/**
 * A 32-bit fingerprint of a list of values: one bit per value, chosen by a hash of its text.
 * Lists whose fingerprints share no bit share no value; lists whose do may (or may not).
 */
export function fingerprintOf(values: readonly string[]): number {
  let print = 0;
  for (const value of values) print |= 1 << (fnv1a(value) >>> 27);
  return print;
}

/** Whether the two lists share a value; their fingerprints (fingerprintOf) answer most pairs alone. */
export function shareAValue(
  first: readonly string[],
  firstPrint: number,
  second: readonly string[],
  secondPrint: number,
): boolean {
  if ((firstPrint & secondPrint) === 0) return false;
  // Plain loops: most lists hold one or two values, for which includes() cost more than its work.
  for (let index = 0; index < first.length; index++) {
    const value = first[index];
    for (let other = 0; other < second.length; other++) if (second[other] === value) return true;
  }
  return false;
}
