/**
 * Fails when a file under src/ imports from a layer above its own (docs/ARCHITECTURE.md):
 * shells → app wiring → services → pipeline stages → package writer → data access → format.
 * Every relative import counts, static, side-effect or dynamic, type-only included: a type a
 * lower layer needs lives below both. Within the services, the mapping tool does not import the
 * sample generator (writing a package is src/package-writer, not sample data). Run by
 * `npm run lint`; prints each import it refuses as "from -> to".
 *
 *   node scripts/check-layers.js [root]   (root: the folder holding src/, default this repository)
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..'));
const src = path.join(root, 'src');

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

/** Imports refused whatever the layers say: [from, to, why]. */
const forbidden = [[/^mapping-tool\//, /^sample\//, 'the mapping tool does not use sample data']];

function relativeToSrc(file) {
  return path.relative(src, file).split(path.sep).join('/');
}

/** Higher is nearer the top; a file outside every layer is 0. */
function rankOf(file) {
  const relative = relativeToSrc(file);
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

// import … from '…', export … from '…', import '…' (side effect), import('…') (dynamic).
const importPattern =
  /(?:import|export)[^'"]*?from\s*['"](\.[^'"]+)['"]|import\s*['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;

const refused = [];
for (const file of sourceFiles(src)) {
  const text = fs.readFileSync(file, 'utf8');
  for (const match of text.matchAll(importPattern)) {
    const specifier = match[1] ?? match[2] ?? match[3];
    const target = path.resolve(path.dirname(file), specifier).replace(/\.js$/, '.ts');
    const line = `${path.relative(root, file)} -> ${path.relative(root, target)}`;
    if (rankOf(target) > rankOf(file)) refused.push(line);
    for (const [from, to, why] of forbidden) {
      if (from.test(relativeToSrc(file)) && to.test(relativeToSrc(target))) refused.push(`${line} (${why})`);
    }
  }
}

if (refused.length > 0) {
  console.error(
    `${refused.length} import(s) point to a higher layer or a refused module (see docs/ARCHITECTURE.md):`,
  );
  for (const line of refused.sort()) console.error(`  ${line}`);
  process.exit(1);
}
