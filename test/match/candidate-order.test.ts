/**
 * The order a database returns a key's carriers in depends on its plan (PostgreSQL's changes with
 * its statistics); what Match stores and pre-selects must not.
 */
import { expect, it } from 'vitest';
import { BatchScorer } from '../../src/pipeline/match/batch-scorer.js';
import { completeProfile, type MatchProfile } from '../../src/pipeline/match/match-profile.js';
import { storedProfileText } from '../../src/pipeline/match/stored-profile.js';

const annLee = (id: number, legacyKey: string): MatchProfile =>
  completeProfile({
    id,
    kind: 'person',
    firstName: 'Ann',
    lastName: 'Lee',
    birthDate: '1980-02-03',
    emails: ['ann.lee@example.com'],
    legacyKeys: [legacyKey],
  });

/** Scores one staged Ann Lee against two existing copies of her, their hits in `order`. */
function scoreWithHitsIn(order: number[]) {
  const scorer = new BatchScorer({ maxPerKey: 50, rememberWholePackage: true });
  const { keys } = scorer.key(1, new Map([[100, storedProfileText(annLee(100, 'N-1'))]]));
  const email = keys.indexOf('e:ann.lee@example.com');
  return scorer.score({
    batchId: 1,
    existing: { positions: order.map(() => email), ids: order },
    existingProfileTexts: new Map(order.map((id) => [id, storedProfileText(annLee(id, `X-${id}`))])),
    staged: { positions: [], ids: [], tooCommon: [] },
    stagedProfileTexts: new Map(),
    forgetProfiles: false,
  });
}

it('pre-selects the same one of two equally strong matches whatever order the database returned them in', () => {
  const oneWay = scoreWithHitsIn([7, 3]);
  const otherWay = scoreWithHitsIn([3, 7]);

  expect(oneWay.matches.map((match) => [match.contactId, match.score])).toEqual(
    otherWay.matches.map((match) => [match.contactId, match.score]),
  );
  expect(oneWay.matches[0]!.score).toBe(oneWay.matches[1]!.score);
  // The lower contact id: the older contact, the one the database lists first by its own order.
  expect(oneWay.selections.map((selection) => selection.contactId)).toEqual([3]);
  expect(otherWay.selections.map((selection) => selection.contactId)).toEqual([3]);
});
