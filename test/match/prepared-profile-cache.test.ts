import { expect, it } from 'vitest';
import { completeProfile, prepareProfile } from '../../src/pipeline/match/match-profile.js';
import { PreparedProfileCache } from '../../src/pipeline/match/prepared-profile-cache.js';

const prepared = (id: number) => prepareProfile(completeProfile({ kind: 'person', id, firstName: `P${id}` }));

it('keeps prepared profiles by id and forgets the oldest past its capacity', () => {
  const cache = new PreparedProfileCache(2);
  const [one, two, three] = [prepared(1), prepared(2), prepared(3)];
  cache.set(1, one);
  cache.set(2, two);
  expect(cache.get(1)).toBe(one);
  cache.set(3, three);
  expect(cache.has(1)).toBe(false);
  expect(cache.get(2)).toBe(two);
  expect(cache.get(3)).toBe(three);
});
