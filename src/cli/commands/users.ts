import type { Command } from 'commander';
import { sampleVocabulary } from '../../sample/sample-vocabulary.js';
import { printJson } from '../output.js';
import { readSecretFromStdin } from '../read-secret.js';
import { withApp } from '../with-app.js';

/** User administration: users, their passwords (for the HTTP API) and privileges. */
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
        const user = await app.auth.addUser({
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
        const rows = (await app.repositories.users.list()).map(({ id: _id, ...row }) => row);
        if (options.json) printJson(rows);
        else
          for (const row of rows)
            process.stdout.write(`${row.user_name}${row.is_admin ? ' (administrator)' : ''}\n`);
      });
    });
  users
    .command('passwd')
    .argument('<user>', 'user name')
    .option('--password <password>', 'the new password (default: read the first line of standard input)')
    .description('set the password a user signs in to the HTTP API with')
    .action(async (userName: string, options: { password?: string }) => {
      const password = options.password ?? (await readSecretFromStdin());
      await withApp(async (app) => {
        await app.auth.setPassword(userName, password);
        process.stdout.write(`Password of ${userName} set\n`);
      });
    });
  users
    .command('grant')
    .argument('<user>', 'user name')
    .argument('<privilege>', 'ImportProcessView or ImportProcessManage (administrators have all)')
    .description('grant a user a privilege')
    .action(async (userName: string, privilege: string) => {
      await withApp(async (app) => {
        await app.auth.grant(userName, privilege);
        process.stdout.write(`Granted ${privilege} to ${userName}\n`);
      });
    });
}

/** API tokens for scripts calling the HTTP API with `Authorization: Bearer <token>`. */
export function registerTokensCommands(program: Command): void {
  const tokens = program.command('tokens').description('API tokens for the HTTP API');
  tokens
    .command('create')
    .argument('<user>', 'the user the token acts as')
    .requiredOption('--name <name>', 'what the token is for')
    .description('create an API token; it is printed once and stored only as a hash')
    .action(async (userName: string, options: { name: string }) => {
      await withApp(async (app) => {
        process.stdout.write(`${await app.auth.createApiToken(userName, options.name)}\n`);
      });
    });
}
