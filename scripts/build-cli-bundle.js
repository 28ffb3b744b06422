/**
 * Bundles the compiled CLI (dist/cli/main.js) into a few files in dist/cli-bundle/, which
 * bin/dovetail.js runs. Run by `npm run build` after tsc.
 *
 * Why: a command's start-up was mostly Node resolving, reading and linking modules one by one —
 * `dovetail imports list` loaded 554 of them (kysely alone 263), while the code they hold
 * compiles in a fraction of that time (issue 17: start in 0.3 s).
 *
 * - Each command's module stays a chunk of its own, loaded when the command runs
 *   (src/cli/command-modules.ts), so a command still loads only the code it needs.
 * - Only the packages on every command's path are bundled (`bundledPackages`); the others stay
 *   imports of node_modules, as they may read files beside their code (pdfkit's fonts, the
 *   Swagger UI's assets) or load native code (better-sqlite3). A package that an external one
 *   also depends on must not be bundled, or the process would hold two copies of it; the build
 *   fails when that happens.
 * - `import.meta.url` in a bundled module still names its own file in dist/, so the files it
 *   locates from there (package.json, bin/dovetail.js, the web bundle, resources/, the Match
 *   scoring thread, which runs the unbundled dist/) are found as before.
 * - dist/cli-bundle/modules.json lists the modules each chunk holds, for
 *   test/cli/start-up.test.ts, which checks what a command loads.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { rolldown } from 'rolldown';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const outDir = path.join(dist, 'cli-bundle');

const bundledPackages = new Set([
  'kysely',
  'zod',
  'commander',
  'libphonenumber-js',
  'fastify-type-provider-zod',
]);

function packageOf(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** The bundled packages that `name` depends on, directly or through its own dependencies. */
function bundledDependenciesOf(name, seen = new Set()) {
  if (seen.has(name)) return [];
  seen.add(name);
  const manifest = path.join(root, 'node_modules', name, 'package.json');
  if (!fs.existsSync(manifest)) return [];
  const { dependencies = {}, peerDependencies = {} } = JSON.parse(fs.readFileSync(manifest, 'utf8'));
  return Object.keys({ ...dependencies, ...peerDependencies }).flatMap((dependency) =>
    bundledPackages.has(dependency) ? [dependency] : bundledDependenciesOf(dependency, seen),
  );
}

/**
 * libphonenumber-js compiles a RegExp from its metadata's pattern text at every call of this
 * helper (several per phone number, some patterns a few hundred characters long): in a profile of
 * Load that was 40 % of phone validation, 7 % of the stage. The bundled copy keeps each compiled
 * pattern (one per pattern of the metadata, so a bounded number). A RegExp without the g or y flag
 * keeps no state between tests, so the answers are the library's own. The build fails when the
 * library's helper no longer reads as below, so a new version is looked at before it is patched.
 */
const matchesEntirelyPath = path.join(
  root,
  'node_modules',
  'libphonenumber-js',
  'es6',
  'helpers',
  'matchesEntirely.js',
);
const matchesEntirelyOriginal = `export default function matchesEntirely(text, regularExpressionText) {
  // If the assigning of the \`''\` default value is moved to the arguments above,
  // the code coverage would decrease for some weird reason.
  text = text || '';
  return new RegExp('^(?:' + regularExpressionText + ')$').test(text);
}`;
const matchesEntirelyCompiledOnce = `const compiled = new Map();
export default function matchesEntirely(text, regularExpressionText) {
  text = text || '';
  let pattern = compiled.get(regularExpressionText);
  if (pattern === undefined) {
    pattern = new RegExp('^(?:' + regularExpressionText + ')$');
    compiled.set(regularExpressionText, pattern);
  }
  return pattern.test(text);
}
`;
let matchesEntirelyReplaced = false;

const bundle = await rolldown({
  input: { main: path.join(dist, 'cli', 'main.js') },
  platform: 'node',
  checks: {
    // Commands share modules that another command imports lazily; that is expected here.
    ineffectiveDynamicImport: false,
  },
  external: (id) => {
    if (id.startsWith('node:')) return true;
    if (id.startsWith('.') || path.isAbsolute(id)) return false;
    return !bundledPackages.has(packageOf(id));
  },
  plugins: [
    {
      name: 'libphonenumber-patterns-compiled-once',
      load(id) {
        if (path.resolve(id) !== matchesEntirelyPath) return null;
        if (!fs.readFileSync(id, 'utf8').includes(matchesEntirelyOriginal)) {
          throw new Error(`${id} changed: check that keeping its compiled patterns is still right`);
        }
        matchesEntirelyReplaced = true;
        return matchesEntirelyCompiledOnce;
      },
    },
    {
      name: 'import-meta-url-of-the-unbundled-file',
      transform(code, id) {
        if (!id.startsWith(`${dist}${path.sep}`) || !code.includes('import.meta')) return null;
        if (/import\.meta\.(?!url\b)/.test(code)) {
          throw new Error(`${id}: only import.meta.url is kept pointing at the unbundled file`);
        }
        const fromChunk = path.relative(outDir, id).split(path.sep).join('/');
        return {
          code: code.replaceAll(
            'import.meta.url',
            `new URL(${JSON.stringify(fromChunk)}, import.meta.url).href`,
          ),
        };
      },
    },
  ],
});

const { output } = await bundle.write({
  dir: outDir,
  format: 'esm',
  cleanDir: true,
  entryFileNames: '[name].js',
  chunkFileNames: '[name]-[hash].js',
});
await bundle.close();
if (!matchesEntirelyReplaced) {
  throw new Error(`${matchesEntirelyPath} was not bundled: libphonenumber-js changed its layout`);
}

const externals = new Set(
  output.flatMap((chunk) => (chunk.type === 'chunk' ? [...chunk.imports, ...chunk.dynamicImports] : [])),
);
const duplicated = [...externals]
  .filter((id) => !id.startsWith('node:') && !id.startsWith('.') && !id.endsWith('.js'))
  .map(packageOf)
  .flatMap((name) => bundledDependenciesOf(name).map((dependency) => `${name} needs ${dependency}`));
if (duplicated.length > 0) {
  throw new Error(
    `Bundled packages that an external package also loads (bundle both or neither): ${duplicated.join('; ')}`,
  );
}

const modules = Object.fromEntries(
  output
    .filter((chunk) => chunk.type === 'chunk')
    .map((chunk) => [
      chunk.fileName,
      chunk.moduleIds
        .filter((id) => path.isAbsolute(id))
        .map((id) => path.relative(root, id).split(path.sep).join('/')),
    ]),
);
fs.writeFileSync(path.join(outDir, 'modules.json'), `${JSON.stringify(modules, null, 1)}\n`);
