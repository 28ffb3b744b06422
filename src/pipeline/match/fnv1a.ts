/**
 * FNV-1a over a string's UTF-16 code units, as an unsigned 32-bit number: a hash for the short
 * texts the matcher files by (blocking keys, emails, phones), where it is quick and spreads well.
 * A leaf module: what needs only this loads nothing else.
 */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++)
    hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193);
  return hash >>> 0;
}
