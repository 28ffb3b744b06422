import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { DovetailError } from '../../errors/dovetail-error.js';
import { buildTargetDefinition, targetDefinitionFileName } from '../../format/target-definition.js';
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
        const user = await app.repositories.users.findByUserName(options.for);
        if (!user) throw new DovetailError('USER_NOT_FOUND', `There is no user named "${options.for}"`);
        const owner = { userName: user.user_name, firstName: user.first_name, lastName: user.last_name };
        const definition = buildTargetDefinition(owner, await app.repositories.users.vocabularyOf(user.id));
        const file = path.join(options.out, targetDefinitionFileName(owner));
        await fs.promises.mkdir(options.out, { recursive: true });
        await fs.promises.writeFile(file, `${JSON.stringify(definition, null, 2)}\n`);
        process.stdout.write(`Wrote ${file}\n`);
      });
    });
}
