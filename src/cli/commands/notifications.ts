import type { Command } from 'commander';
import { DovetailError } from '../../errors/dovetail-error.js';
import { printJson } from '../output.js';
import { withApp } from '../with-app.js';

export function registerNotificationsCommand(program: Command): void {
  program
    .command('notifications')
    .description("a user's notification alarms (import finished or failed)")
    .option('-u, --user <user>', 'whose notifications', process.env.DOVETAIL_USER ?? 'admin')
    .option('--unread', 'only unread ones')
    .option('--mark-read', 'mark the listed notifications as read')
    .option('--json', 'print JSON')
    .action(async (options) => {
      await withApp(async (app) => {
        const user = await app.repositories.users.findByUserName(options.user);
        if (!user) throw new DovetailError('USER_NOT_FOUND', `There is no user named "${options.user}"`);
        const notifications = await app.notifications.listFor(user.id, { unreadOnly: options.unread });
        if (options.markRead)
          await app.notifications.markRead(
            user.id,
            notifications.map((n) => n.id),
          );
        if (options.json) printJson(notifications);
        else {
          for (const n of notifications) {
            const view = n.kind === 'error' ? `  [View: dovetail imports errors ${n.jobId}]` : '';
            process.stdout.write(`${n.createdAt}  ${n.text}${view}\n`);
          }
        }
      });
    });
}
