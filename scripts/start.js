// `npm start`: the embedded default (`npm run serve` runs the HTTP API). It resumes
// any import a crash left behind, imports the example package through the CLI on the SQLite
// database in ./data (DOVETAIL_DATA_DIR) once, and shows the Import Processes list.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dovetail = (...args) => {
  const result = spawnSync(process.execPath, [path.join(root, 'bin/dovetail.js'), ...args], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

console.log('Dovetail, embedded mode: SQLite in', process.env.DOVETAIL_DATA_DIR ?? './data', '\n');
dovetail('jobs', 'resume');
const description = 'Northwind Advisors (example)';
const listed = spawnSync(
  process.execPath,
  [path.join(root, 'bin/dovetail.js'), 'imports', 'list', '--description', description, '--json'],
  { cwd: root, encoding: 'utf8' },
);
if (listed.status === 0 && JSON.parse(listed.stdout).length > 0) {
  console.log(`\nThe example package was imported on an earlier start ("${description}").`);
} else {
  console.log('\nImporting the example package examples/northwind-good.zip for admin ...\n');
  dovetail('import', 'examples/northwind-good.zip', '--description', description, '--wait');
}
console.log('\nImport Processes:\n');
dovetail('imports', 'list');
console.log(`
Try next:
  npx dovetail import examples/northwind-errors.zip --description "Northwind with errors" --wait
  npx dovetail imports errors <id>            the error log (first 500 errors and the total)
  npx dovetail imports errors <id> --csv      the full error file with the original rows
  npx dovetail notifications                  the notification alarms
  npx dovetail serve                          the HTTP API on http://127.0.0.1:3000
  npx dovetail sample --contacts 100000 --out big.zip
  npx dovetail --help`);
