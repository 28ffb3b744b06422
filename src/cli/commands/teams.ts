import type { Command } from 'commander';
import { actingUser, userOption } from '../acting-user.js';
import { formatTeams } from '../contact-output.js';
import { printJson } from '../output.js';
import { withApp } from '../with-app.js';

/** Teams: their members see each other's contacts. Changing them needs an administrator. */
export function registerTeamsCommands(program: Command): void {
  const teams = program.command('teams').description("teams (members see each other's contacts)");
  teams
    .command('add')
    .argument('<name>', 'team name')
    .description('add a team')
    .option(...userOption)
    .option('--json', 'print JSON')
    .action(async (name: string, options) => {
      await withApp(async (app) => {
        const team = await app.teams.add(await actingUser(app, options.user), name);
        if (options.json) printJson(team);
        else process.stdout.write(`Added team ${team.name} (id ${team.id})\n`);
      });
    });
  teams
    .command('list')
    .description("teams with their members (all for an administrator, else the --user's)")
    .option(...userOption)
    .option('--json', 'print JSON')
    .action(async (options) => {
      await withApp(async (app) => {
        const list = await app.teams.list(await actingUser(app, options.user));
        if (options.json) printJson(list);
        else process.stdout.write(`${formatTeams(list)}\n`);
      });
    });
  const members = teams.command('members').description("a team's members");
  for (const [action, verb] of [
    ['add', 'add a user to a team'],
    ['remove', 'remove a user from a team'],
  ] as const) {
    members
      .command(action)
      .argument('<team>', 'team name')
      .argument('<user>', 'user name')
      .description(verb)
      .option(...userOption)
      .option('--json', 'print JSON')
      .action(async (team: string, userName: string, options) => {
        await withApp(async (app) => {
          const actor = await actingUser(app, options.user);
          const changed =
            action === 'add'
              ? await app.teams.addMember(actor, team, userName)
              : await app.teams.removeMember(actor, team, userName);
          if (options.json) printJson(changed);
          else process.stdout.write(`${changed.name}: ${changed.members.join(', ') || 'no members'}\n`);
        });
      });
  }
}
