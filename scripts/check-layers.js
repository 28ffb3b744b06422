/**
 * Fails when a file under src/ imports from a layer above its own (docs/ARCHITECTURE.md):
 * shells → app wiring → services → pipeline stages → package writer → data access → format.
 * Every relative import counts, static or dynamic, type-only included: a type a lower layer needs
 * lives below both. Run by `npm run lint`; prints each upward import as "from -> to".
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Top to bottom; a folder of src/ not listed here ranks lowest. */
const layers = [
  ['shells', /^(http|cli)\//],
  ['app wiring', /^app\//],
  ['services', /^(jobs|contacts|teams|auth|mapping-tool|sample)\//],
  ['pipeline stages', /^pipeline\//],
  ['package writer', /^package-writer\//],
  ['data access', /^db\//],
  ['format', /^(format|errors|config)\//],
];

/** Higher is nearer the top; a file outside every layer is 0. */
function rankOf(file) {
  const relative = path.relative(path.join(root, 'src'), file).split(path.sep).join('/');
  const index = layers.findIndex(([, pattern]) => pattern.test(relative));
  return index === -1 ? 0 : layers.length - index;
}

function sourceFiles(directory) {
  return fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return full.endsWith('.ts') ? [full] : [];
  });
}

const importPattern = /(?:import|export)[^'"]*?from\s*['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;

const upward = [];
for (const file of sourceFiles(path.join(root, 'src'))) {
  const text = fs.readFileSync(file, 'utf8');
  for (const match of text.matchAll(importPattern)) {
    const target = path.resolve(path.dirname(file), match[1] ?? match[2]).replace(/\.js$/, '.ts');
    if (rankOf(target) > rankOf(file)) {
      upward.push(`${path.relative(root, file)} -> ${path.relative(root, target)}`);
    }
  }
}

if (upward.length > 0) {
  console.error(`${upward.length} import(s) point to a higher layer (see docs/ARCHITECTURE.md):`);
  for (const line of upward.sort()) console.error(`  ${line}`);
  process.exit(1);
}
