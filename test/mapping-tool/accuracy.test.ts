import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTargetDefinition } from '../../src/format/target-definition.js';
import { measureAccuracy, sameTarget } from '../../src/mapping-tool/measure-accuracy.js';
import { sampleOwner, sampleVocabulary } from '../../src/sample/sample-vocabulary.js';
import { repoRoot } from '../support/cli.js';

describe('accuracy of the suggestions on the legacy exports', () => {
  it('suggests the right target for at least 90% of the columns of at least ten exports', async () => {
    const report = await measureAccuracy(
      path.join(repoRoot, 'test/fixtures/legacy-exports'),
      buildTargetDefinition(sampleOwner, sampleVocabulary),
    );
    expect(report.exports.length).toBeGreaterThanOrEqual(10);
    expect(
      report.accuracy,
      JSON.stringify(report.exports.flatMap((score) => score.misses)),
    ).toBeGreaterThanOrEqual(0.9);
    for (const score of report.exports) expect(score.dataTypesRight, score.export).toBe(score.files);
  });

  it('accepts any group where the truth says "*", and nothing else loosely', () => {
    expect(sameTarget('email/*.value', 'email/2.value')).toBe(true);
    expect(sameTarget('email/*.value', 'phone/1.value')).toBe(false);
    expect(sameTarget('phone/home.value', 'phone/1.value')).toBe(false);
    expect(sameTarget(null, null)).toBe(true);
    expect(sameTarget('lastName', null)).toBe(false);
  });
});
