/**
 * Writes the JSON Schemas of the package format into docs/schemas/. Run it with `npm run schemas`
 * (it needs the compiled dist/, which that script builds first). The rendering itself lives in
 * src/format/json-schemas.ts, so the test that guards the committed files renders the same bytes.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderJsonSchemas } from '../dist/format/json-schemas.js';

const outDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'schemas');

await mkdir(outDir, { recursive: true });
for (const [fileName, text] of Object.entries(renderJsonSchemas())) {
  await writeFile(join(outDir, fileName), text);
  process.stdout.write(`Wrote docs/schemas/${fileName}\n`);
}
