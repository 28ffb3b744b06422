// `npm start`: the embedded default. It imports the example package through the CLI into the
// SQLite database in ./data (DOVETAIL_DATA_DIR) once, shows the Import Processes list, then runs
// the web UI and the HTTP API (`dovetail serve`, which resumes imports a crash left behind and prints the
// generated admin password on its first start) until Ctrl-C.
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
  npx dovetail sample --contacts 100000 --out big.zip
  npx dovetail --help`);

console.log('\nStarting the web UI and the HTTP API (Ctrl-C stops them) ...\n');
dovetail('serve');
