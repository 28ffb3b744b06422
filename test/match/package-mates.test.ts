import { expect, it } from 'vitest';
import { fnv1a } from '../../src/pipeline/match/fnv1a.js';
import {
  completeProfile,
  type PreparedProfile,
  prepareProfile,
} from '../../src/pipeline/match/match-profile.js';
import { none, PackageMates } from '../../src/pipeline/match/package-mates.js';

const person = (id: number) => prepareProfile(completeProfile({ id, kind: 'person', firstName: `P${id}` }));

const carriersOf = (mates: PackageMates, number: number) => {
  const carriers: PreparedProfile[] = [];
  mates.forEachCarrier(number, (carrier) => carriers.push(carrier));
  return carriers;
};

it('gives each carrier of a key back in the order the carriers were added, with their count', () => {
  const mates = new PackageMates();
  const [ann, bob, cy] = [person(1), person(2), person(3)];
  const shared = mates.numberOf('z:2600|AN');
  const own = mates.numberOf('e:bob@example.com');
  mates.add(bob, [shared, own]);
  mates.add(ann, [shared]);
  mates.add(cy, [shared]);

  expect(carriersOf(mates, shared).map((profile) => profile.id)).toEqual([2, 1, 3]);
  expect(mates.count(shared)).toBe(3);
  expect(carriersOf(mates, own).map((profile) => profile.id)).toEqual([2]);
  expect(mates.count(mates.numberOf('n:never|seen'))).toBe(0);
});

it('keeps every key and its carriers while it grows past its first size', () => {
  const mates = new PackageMates();
  const keys = Array.from({ length: 300_000 }, (_, index) => `p:+1212${String(index).padStart(7, '0')}`);
  const numbers = keys.map((key) => mates.numberOf(key));
  expect(new Set(numbers).size).toBe(keys.length);
  const carrier = person(7);
  mates.add(
    carrier,
    numbers.filter((_, index) => index % 1000 === 0),
  );

  expect(keys.map((key) => mates.numberOf(key))).toEqual(numbers);
  expect(mates.count(numbers[299_000]!)).toBe(1);
  expect(carriersOf(mates, numbers[299_000]!)).toEqual([carrier]);
  expect(mates.count(numbers[299_001]!)).toBe(0);
});

it('tells apart two keys whose first hash is the same', () => {
  // fnv1a("z:52119|0") === fnv1a("z:18306|4"): the table keeps a second hash, not the texts.
  expect(fnv1a('z:52119|0')).toBe(fnv1a('z:18306|4'));
  const mates = new PackageMates();
  const [first, second] = [mates.numberOf('z:52119|0'), mates.numberOf('z:18306|4')];
  expect(first).not.toBe(second);
  mates.add(person(1), [first]);

  expect(mates.numberOf('z:52119|0')).toBe(first);
  expect(mates.numberOf('z:18306|4')).toBe(second);
  expect(carriersOf(mates, first).map((profile) => profile.id)).toEqual([1]);
  expect(mates.count(second)).toBe(0);
});

it('lists a batch key once however many contacts carry it, and gives legacy keys no number', () => {
  const mates = new PackageMates();
  const batch = mates.listBatchKeys([
    ['l:A1', 'z:2600|AN', 'e:ann@example.com'],
    ['l:A2', 'z:2600|AN'],
  ]);

  expect(batch.keys).toEqual(['l:A1', 'z:2600|AN', 'e:ann@example.com', 'l:A2']);
  expect(batch.positionsOf).toEqual([
    [0, 1, 2],
    [3, 1],
  ]);
  expect(batch.numbers[0]).toBe(none);
  expect(batch.numbers[3]).toBe(none);
  expect(batch.numbers[1]).toBe(mates.numberOf('z:2600|AN'));

  const next = mates.listBatchKeys([['z:2600|AN']]);
  expect(next.keys).toEqual(['z:2600|AN']);
  expect(next.positionsOf).toEqual([[0]]);
});
