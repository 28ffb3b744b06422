/**
 * String similarity for folded text (foldText: ASCII letters, digits and spaces only).
 *
 * Jaro–Winkler is written here rather than taken from @skyra/jaro-winkler, which it reproduces
 * exactly (test/match/string-similarity.test.ts compares the two): the library spreads both
 * strings into arrays of characters on every call, and the matcher calls it for most candidate
 * pairs — some 400 MB of garbage on a 100,000-contact Match stage. Folded text is ASCII, so
 * code units are characters and no spreading is needed.
 */

/** Scratch flags of the characters matched so far, grown as longer strings come. */
let matchedInFirst = new Uint8Array(64);
let matchedInSecond = new Uint8Array(64);

/**
 * Jaro–Winkler similarity (0 … 1) of two folded strings. It favours strings that share a
 * prefix, which suits names: typos are rarer in the first letters.
 *
 * @example similarity("martha", "marhta") // 0.961
 */
export function similarity(first: string, second: string): number {
  if (first === second) return 1;
  if (first === '' || second === '') return 0;
  const [length1, length2] = [first.length, second.length];
  if (matchedInFirst.length < length1) matchedInFirst = new Uint8Array(length1 * 2);
  if (matchedInSecond.length < length2) matchedInSecond = new Uint8Array(length2 * 2);
  matchedInFirst.fill(0, 0, length1);
  matchedInSecond.fill(0, 0, length2);

  const window = Math.floor(Math.max(length1, length2) / 2);
  let matches = 0;
  for (let index1 = 0; index1 < length1; index1++) {
    const code = first.charCodeAt(index1);
    const end = Math.min(index1 + window + 1, length2);
    for (let index2 = Math.max(0, index1 - window); index2 < end; index2++) {
      if (matchedInSecond[index2] || second.charCodeAt(index2) !== code) continue;
      matchedInFirst[index1] = 1;
      matchedInSecond[index2] = 1;
      matches++;
      break;
    }
  }
  if (matches === 0) return 0;

  let halfTranspositions = 0;
  for (let index1 = 0, index2 = 0; index1 < length1; index1++) {
    if (!matchedInFirst[index1]) continue;
    while (index2 < length2 && !matchedInSecond[index2]) index2++;
    if (first.charCodeAt(index1) !== second.charCodeAt(index2)) halfTranspositions++;
    index2++;
  }
  const transpositions = Math.floor(halfTranspositions / 2);
  const jaro = (matches / length1 + matches / length2 + (matches - transpositions) / matches) / 3;
  return jaro + commonPrefixWeight(first, second) * 0.1 * (1 - jaro);
}

/**
 * Whether similarity(first, second) >= threshold, answered without computing it when a cheap
 * bound already says no. The matcher only asks "is it at least T?", and most pairs it asks
 * about are unrelated words (two candidates' streets, two namesakes' first names), for which
 * Jaro–Winkler's window scan is the dearest part of the comparison.
 *
 * The bound: every character Jaro matches occurs in the other string, so the matches are at most
 * the number of positions of each string whose character occurs in the other (read through a
 * 32-bit mask of characters, where collisions only loosen it); the transpositions at best are
 * none; and the prefix bonus is known exactly. Since Jaro–Winkler grows with Jaro, the score at
 * those best values bounds it from above. The answer is always the same as the comparison's.
 *
 * @example similarityAtLeast("main", "hauptstrasse", 0.9) // false, without the window scan
 */
export function similarityAtLeast(first: string, second: string, threshold: number): boolean {
  if (first === second) return 1 >= threshold;
  if (first === '' || second === '') return 0 >= threshold;
  const [length1, length2] = [first.length, second.length];
  let mask1 = 0;
  let mask2 = 0;
  for (let index = 0; index < length1; index++) mask1 |= 1 << (first.charCodeAt(index) & 31);
  for (let index = 0; index < length2; index++) mask2 |= 1 << (second.charCodeAt(index) & 31);
  let found1 = 0;
  let found2 = 0;
  for (let index = 0; index < length1; index++) if (mask2 & (1 << (first.charCodeAt(index) & 31))) found1++;
  for (let index = 0; index < length2; index++) if (mask1 & (1 << (second.charCodeAt(index) & 31))) found2++;
  const matchesAtMost = Math.min(found1, found2);
  if (matchesAtMost === 0) return 0 >= threshold;
  const jaroAtMost = (matchesAtMost / length1 + matchesAtMost / length2 + 1) / 3;
  const bonus = commonPrefixWeight(first, second) * 0.1;
  // A margin far above rounding error: only pairs clearly below the threshold skip the scan.
  if (jaroAtMost + bonus * (1 - jaroAtMost) < threshold - 1e-9) return false;
  return similarity(first, second) >= threshold;
}

/**
 * The length of the common prefix, at most 4 — except that a full four-letter prefix counts 5,
 * as in @skyra/jaro-winkler 1.1.1, whose results the match weights were tuned on. Only called
 * for different strings, so one of them has a letter where the prefix ends.
 */
function commonPrefixWeight(first: string, second: string): number {
  for (let position = 0; position < 4; position++) {
    if (position >= first.length || position >= second.length) return position;
    if (first.charCodeAt(position) !== second.charCodeAt(position)) return position;
  }
  return 5;
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
  while (start < first.length && first.charCodeAt(start) === second.charCodeAt(start)) start++;
  if (lengthDifference === 1) return sameFrom(first, start + 1, second, start);
  if (lengthDifference === -1) return sameFrom(first, start, second, start + 1);
  if (sameFrom(first, start + 1, second, start + 1)) return true;
  return (
    first.charCodeAt(start) === second.charCodeAt(start + 1) &&
    first.charCodeAt(start + 1) === second.charCodeAt(start) &&
    sameFrom(first, start + 2, second, start + 2)
  );
}

/** Whether first from `from1` on equals second from `from2` on (slice and compare, without the slices). */
function sameFrom(first: string, from1: number, second: string, from2: number): boolean {
  const rest1 = Math.max(0, first.length - from1);
  if (rest1 !== Math.max(0, second.length - from2)) return false;
  for (let offset = 0; offset < rest1; offset++) {
    if (first.charCodeAt(from1 + offset) !== second.charCodeAt(from2 + offset)) return false;
  }
  return true;
}

/** Scratch rows of editDistance, grown as longer strings come. */
let rowBefore = new Int32Array(64);
let rowPrevious = new Int32Array(64);
let rowCurrent = new Int32Array(64);

/**
 * The optimal string alignment distance (letters dropped, added, replaced, or two neighbours
 * swapped, each counting one), or `limit + 1` as soon as it must exceed `limit`: the matcher
 * only asks whether two names are a few slips apart, so it stops early.
 *
 * @example editDistance("jariui", "jairus", 2) // 2
 */
export function editDistance(first: string, second: string, limit: number): number {
  if (first === second) return 0;
  const [length1, length2] = [first.length, second.length];
  if (Math.abs(length1 - length2) > limit) return limit + 1;
  if (rowCurrent.length <= length2) {
    rowBefore = new Int32Array(length2 * 2 + 1);
    rowPrevious = new Int32Array(length2 * 2 + 1);
    rowCurrent = new Int32Array(length2 * 2 + 1);
  }
  for (let index2 = 0; index2 <= length2; index2++) rowPrevious[index2] = index2;
  for (let index1 = 1; index1 <= length1; index1++) {
    rowCurrent[0] = index1;
    let smallest = index1;
    const code1 = first.charCodeAt(index1 - 1);
    for (let index2 = 1; index2 <= length2; index2++) {
      const code2 = second.charCodeAt(index2 - 1);
      let distance = Math.min(
        rowPrevious[index2]! + 1,
        rowCurrent[index2 - 1]! + 1,
        rowPrevious[index2 - 1]! + (code1 === code2 ? 0 : 1),
      );
      if (
        index1 > 1 &&
        index2 > 1 &&
        code1 === second.charCodeAt(index2 - 2) &&
        first.charCodeAt(index1 - 2) === code2
      ) {
        distance = Math.min(distance, rowBefore[index2 - 2]! + 1);
      }
      rowCurrent[index2] = distance;
      if (distance < smallest) smallest = distance;
    }
    if (smallest > limit) return limit + 1;
    [rowBefore, rowPrevious, rowCurrent] = [rowPrevious, rowCurrent, rowBefore];
  }
  const distance = rowPrevious[length2]!;
  return distance > limit ? limit + 1 : distance;
}
