/**
 * Double Metaphone codes of a folded name, so that names that sound alike meet (Smith ↔ Smyth,
 * Meyer ↔ Maier). Codes are memoised: the same few thousand names come back millions of times.
 */
import { doubleMetaphone } from 'double-metaphone';

const memo = new Map<string, readonly [string, string]>();
const memoLimit = 200_000;

/** The primary and alternate Double Metaphone codes of a folded name ("schmidt" → ["XMT", "SMT"]). */
export function phoneticCodes(name: string): readonly [string, string] {
  let codes = memo.get(name);
  if (!codes) {
    codes = doubleMetaphone(name.replaceAll(' ', ''));
    if (memo.size >= memoLimit) memo.clear();
    memo.set(name, codes);
  }
  return codes;
}

/** Whether two names share a Double Metaphone code (primary or alternate). */
export function soundAlike(first: string, second: string): boolean {
  const [a1, a2] = phoneticCodes(first);
  const [b1, b2] = phoneticCodes(second);
  if (a1 === '' || b1 === '') return false;
  return a1 === b1 || a1 === b2 || a2 === b1 || a2 === b2;
}
