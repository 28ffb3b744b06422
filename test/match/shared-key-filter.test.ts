import { expect, it } from 'vitest';
import { SharedKeyFilter } from '../../src/pipeline/match/shared-key-filter.js';

it('reports every key that two contacts carry as shared, and few of the keys only one carries', () => {
  const filter = new SharedKeyFilter();
  const twice = Array.from({ length: 50_000 }, (_, index) => `e:person${index}@example.com`);
  const once = Array.from({ length: 200_000 }, (_, index) => `p:+1212${String(index).padStart(7, '0')}`);
  for (const key of twice) filter.note(key);
  for (const key of once) filter.note(key);
  for (const key of twice) filter.note(key);

  expect(twice.every((key) => filter.maybeShared(key))).toBe(true);
  const reportedShared = once.filter((key) => filter.maybeShared(key)).length;
  expect(reportedShared / once.length).toBeLessThan(0.001);
});

it('reports no key shared before any contact carries it twice', () => {
  const filter = new SharedKeyFilter();
  filter.note('n:ANN|LEE');
  expect(filter.maybeShared('n:ANN|LEE')).toBe(false);
  filter.note('n:ANN|LEE');
  expect(filter.maybeShared('n:ANN|LEE')).toBe(true);
});
