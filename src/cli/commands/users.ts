import type { Command } from 'commander';
import { sampleVocabulary } from '../../sample/sample-vocabulary.js';
import { printJson } from '../output.js';
import { withApp } from '../with-app.js';

/** Minimal user administration for the embedded mode; the server adds passwords and teams. */
export function registerUsersCommands(program: Command): void {
  const users = program.command('users').description('users of this Dovetail');
  users
    .command('add')
    .argument('<user>', 'user name')
    .option('--first <name>', 'first name')
    .option('--last <name>', 'last name')
    .option('--admin', 'make the user an administrator')
    .description('add a user (with the default categories and fields of a new installation)')
    .action(async (userName: string, options) => {
      await withApp(async (app) => {
        const user = await app.repositories.users.create({
          userName,
          firstName: options.first,
          lastName: options.last,
          isAdmin: Boolean(options.admin),
        });
        await app.repositories.users.replaceVocabulary(user.id, sampleVocabulary);
        process.stdout.write(`Added user ${user.user_name}${user.is_admin ? ' (administrator)' : ''}\n`);
      });
    });
  users
    .command('list')
    .option('--json', 'print JSON')
    .action(async (options) => {
      await withApp(async (app) => {
        const rows = await app.db
          .selectFrom('users')
          .select(['user_name', 'first_name', 'last_name', 'is_admin'])
          .execute();
        if (options.json) printJson(rows);
        else
          for (const row of rows)
            process.stdout.write(`${row.user_name}${row.is_admin ? ' (administrator)' : ''}\n`);
      });
    });
}
