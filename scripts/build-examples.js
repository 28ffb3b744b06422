// Writes the example packages shipped in examples/ (run `npm run examples`, which builds first):
// the two ZIPs, their files unzipped for people to read, and the list of errors that importing
// the error example must report. The output is deterministic, so re-running changes nothing.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  buildErrorExample,
  buildGoodExample,
  writeErrorExamplePackage,
  writeExampleFolder,
  writeGoodExamplePackage,
} from '../dist/sample/example-packages.js';

const examples = join(dirname(fileURLToPath(import.meta.url)), '..', 'examples');
await mkdir(examples, { recursive: true });

const good = await writeGoodExamplePackage(join(examples, 'northwind-good.zip'));
const errors = await writeErrorExamplePackage(join(examples, 'northwind-errors.zip'));

// Folders are rewritten from scratch so files dropped from a package do not linger.
for (const [folder, example] of [
  ['northwind-good', buildGoodExample()],
  ['northwind-errors', buildErrorExample()],
]) {
  await rm(join(examples, folder), { recursive: true, force: true });
  await writeExampleFolder(join(examples, folder), example);
}

await writeFile(
  join(examples, 'northwind-errors.expected.json'),
  `${JSON.stringify(errors.expectedErrors, null, 2)}\n`,
);

for (const summary of [good, errors]) {
  const rows = Object.entries(summary.rows)
    .map(([file, count]) => `${file} ${count}`)
    .join(', ');
  console.log(`${relative(process.cwd(), summary.out)}: "${summary.name}", ${summary.bytes} bytes (${rows})`);
}
console.log(`${errors.expectedErrors.length} expected errors in examples/northwind-errors.expected.json`);
