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
  const [primary, alternate] = phoneticCodes(first);
  const [otherPrimary, otherAlternate] = phoneticCodes(second);
  return shareACode(primary, alternate, otherPrimary, otherAlternate);
}

/** soundAlike for names whose codes are known already (a prepared name keeps both). */
export function shareACode(
  primary: string,
  alternate: string,
  otherPrimary: string,
  otherAlternate: string,
): boolean {
  if (primary === '' || otherPrimary === '') return false;
  return (
    primary === otherPrimary ||
    primary === otherAlternate ||
    alternate === otherPrimary ||
    alternate === otherAlternate
  );
}
