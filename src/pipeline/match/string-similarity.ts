/**
 * Jaro–Winkler similarity (0 … 1) of two folded strings, from @skyra/jaro-winkler. It favours
 * strings that share a prefix, which suits names: typos are rarer in the first letters.
 */
import { jaroWinkler } from '@skyra/jaro-winkler';

/** @example similarity("martha", "marhta") // 0.961 */
export function similarity(first: string, second: string): number {
  if (first === second) return 1;
  if (first === '' || second === '') return 0;
  return jaroWinkler(first, second);
}

/**
 * Whether two strings are one keyboard slip apart: a letter dropped, added or replaced, or two
 * neighbours swapped (the optimal string alignment distance is at most 1).
 *
 * @example withinOneSlip("andy", "audy") // true
 */
export function withinOneSlip(first: string, second: string): boolean {
  if (first === second) return true;
  const lengthDifference = first.length - second.length;
  if (lengthDifference > 1 || lengthDifference < -1) return false;
  let start = 0;
  while (start < first.length && first[start] === second[start]) start++;
  if (lengthDifference === 1) return first.slice(start + 1) === second.slice(start);
  if (lengthDifference === -1) return first.slice(start) === second.slice(start + 1);
  if (first.slice(start + 1) === second.slice(start + 1)) return true;
  return (
    first[start] === second[start + 1] &&
    first[start + 1] === second[start] &&
    first.slice(start + 2) === second.slice(start + 2)
  );
}
