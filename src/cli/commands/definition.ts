import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { withApp } from '../with-app.js';

/** "Generate Definition File": the target definition a package for this user is built against. */
export function registerDefinitionCommand(program: Command): void {
  program
    .command('definition')
    .description('generate the target definition file for a user (their categories, custom and user fields)')
    .option('--for <user>', 'the user who will import', 'admin')
    .option('--out <dir>', 'folder to write "<First> <Last> Import Definition.json" into', '.')
    .action(async (options) => {
      await withApp(async (app) => {
        const { fileName, definition } = await app.definitions.forUser(options.for);
        const file = path.join(options.out, fileName);
        await fs.promises.mkdir(options.out, { recursive: true });
        await fs.promises.writeFile(file, `${JSON.stringify(definition, null, 2)}\n`);
        process.stdout.write(`Wrote ${file}\n`);
      });
    });
}
