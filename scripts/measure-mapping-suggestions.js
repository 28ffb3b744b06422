// Measures the mapping tool's column suggestions (run `npm run bench:mapping`, which builds first)
// on two sets, reported apart: the real-export corpus of test/fixtures/real-exports (headers of
// exports real tools write, see its SOURCES.md) and the generated legacy exports of
// test/fixtures/legacy-exports. Per export and overall: columns holding importable data that got
// the right target (target ≥ 92% on the corpus) and columns to leave that were left unmapped
// (target ≥ 96%). No saved mapping, no hand edit. `--verbose` lists every miss.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildTargetDefinition } from '../dist/format/target-definition.js';
import { measureAccuracy } from '../dist/mapping-tool/measure-accuracy.js';
import { sampleOwner, sampleVocabulary } from '../dist/sample/sample-vocabulary.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fixtures');
const verbose = process.argv.includes('--verbose');
const definition = buildTargetDefinition(sampleOwner, sampleVocabulary);
const percent = (part, whole) =>
  whole === 0 ? '     -' : `${((part / whole) * 100).toFixed(1)}%`.padStart(6);

async function report(title, folder, targets) {
  const result = await measureAccuracy(join(fixtures, folder), definition);
  const width = Math.max(6, ...result.exports.map((score) => score.export.length));
  console.log(`\n${title} (${folder})`);
  console.log(`${'Export'.padEnd(width)}  Type  Importable right  Leave right  All right`);
  for (const score of result.exports) {
    const type = score.dataTypesRight === score.files ? 'ok' : 'WRONG';
    console.log(
      `${score.export.padEnd(width)}  ${type.padEnd(5)} ${`${score.importableRight}/${score.importable}`.padStart(7)} ${percent(score.importableRight, score.importable)}` +
        `  ${`${score.leaveRight}/${score.leave}`.padStart(5)} ${percent(score.leaveRight, score.leave)}  ${percent(score.right, score.columns)}`,
    );
    if (verbose) {
      for (const miss of score.misses)
        console.log(`    "${miss.column}": expected ${miss.expected}, suggested ${miss.suggested}`);
    }
  }
  const importable = result.exports.reduce((sum, score) => sum + score.importable, 0);
  const importableRight = result.exports.reduce((sum, score) => sum + score.importableRight, 0);
  const leave = result.exports.reduce((sum, score) => sum + score.leave, 0);
  const leaveRight = result.exports.reduce((sum, score) => sum + score.leaveRight, 0);
  console.log(
    `Overall: importable ${importableRight}/${importable} right, ${percent(importableRight, importable).trim()} (target ${targets.importable}%); ` +
      `leave ${leaveRight}/${leave} left unmapped, ${percent(leaveRight, leave).trim()} (target ${targets.leave}%); ` +
      `all columns ${result.right}/${result.columns}, ${percent(result.right, result.columns).trim()}`,
  );
  return result.importableAccuracy * 100 >= targets.importable && result.leaveAccuracy * 100 >= targets.leave;
}

const corpusOk = await report('Real-export corpus', 'real-exports', { importable: 92, leave: 96 });
const generatedOk = await report('Generated legacy exports', 'legacy-exports', { importable: 90, leave: 90 });
process.exitCode = corpusOk && generatedOk ? 0 : 1;
