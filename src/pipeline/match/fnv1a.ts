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

/**
 * A second 32-bit hash of a string, independent of fnv1a (another multiplier, another seed, a
 * final mix): together the two tell keys apart as one 64-bit hash would, so a table of a
 * million keys can file them without keeping their texts (package-mates.ts).
 */
export function secondHash(text: string): number {
  let hash = 0x9747b28c;
  for (let index = 0; index < text.length; index++)
    hash = Math.imul(hash ^ text.charCodeAt(index), 0x5bd1e995) ^ (hash >>> 15);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return (hash ^ (hash >>> 16)) >>> 0;
}
