// Measures the mapping tool's column suggestions on the legacy exports of
// test/fixtures/legacy-exports (run `npm run bench:mapping`, which builds first): per export and
// overall, the share of columns whose suggested target is the right one (target: at least 90%).
// `--verbose` lists every miss.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildTargetDefinition } from '../dist/format/target-definition.js';
import { measureAccuracy } from '../dist/mapping-tool/measure-accuracy.js';
import { sampleOwner, sampleVocabulary } from '../dist/sample/sample-vocabulary.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fixtures', 'legacy-exports');
const verbose = process.argv.includes('--verbose');
const report = await measureAccuracy(root, buildTargetDefinition(sampleOwner, sampleVocabulary));
const percent = (share) => `${(share * 100).toFixed(1)}%`;
const width = Math.max(...report.exports.map((score) => score.export.length));
console.log(`${'Export'.padEnd(width)}  Files  Types right  Columns  Right  Accuracy`);
for (const score of report.exports) {
  console.log(
    `${score.export.padEnd(width)}  ${String(score.files).padStart(5)}  ${String(score.dataTypesRight).padStart(11)}  ` +
      `${String(score.columns).padStart(7)}  ${String(score.right).padStart(5)}  ${percent(score.accuracy).padStart(8)}`,
  );
  if (verbose) {
    for (const miss of score.misses) {
      console.log(
        `    ${miss.file} "${miss.column}": expected ${miss.expected}, suggested ${miss.suggested}`,
      );
    }
  }
}
console.log(
  `\nOverall: ${report.right} of ${report.columns} columns right, ${percent(report.accuracy)} (target 90%)`,
);
process.exitCode = report.accuracy >= 0.9 ? 0 : 1;
