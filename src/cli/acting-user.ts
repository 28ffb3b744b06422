import type { App } from '../app/open-app.js';
import type { Actor } from '../contacts/actor.js';
import { DovetailError } from '../errors/dovetail-error.js';

/** The `-u, --user` option of commands that act as a user (sees what that user may see). */
export const userOption = [
  '-u, --user <user>',
  'act as this user (default: $DOVETAIL_USER or admin)',
  process.env.DOVETAIL_USER || 'admin',
] as const;

export async function actingUser(app: App, userName: string): Promise<Actor> {
  const user = await app.repositories.users.findByUserName(userName);
  if (!user) throw new DovetailError('USER_NOT_FOUND', `There is no user named "${userName}"`);
  return { id: user.id, userName: user.user_name, isAdmin: user.is_admin === 1 };
}

/** A whole number of at least 1, for ids and page numbers. */
export function positiveInteger(what: string) {
  return (text: string): number => {
    const value = Number(text);
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new DovetailError('INVALID_ARGUMENT', `"${text}" is not a ${what} (a whole number from 1)`);
    }
    return value;
  };
}
