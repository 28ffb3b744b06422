/**
 * Teams (who shares contacts with whom) and the users someone may see. Only administrators change
 * teams; everyone sees the teams they belong to. Knows nothing of HTTP; the API and CLI call it.
 */

import type { Actor } from '../contacts/actor.js';
import type { Repositories } from '../db/repositories/index.js';
import type { TeamRecord } from '../db/repositories/teams.repository.js';
import { DovetailError } from '../errors/dovetail-error.js';
import { textLimits } from '../format/text-limits.js';

/** A user as pickers (On Behalf Of, owner) list them. */
export interface UserListEntry {
  id: number;
  userName: string;
  firstName: string | null;
  lastName: string | null;
  isAdmin: boolean;
}

export type Team = TeamRecord;

export class TeamService {
  constructor(private readonly repositories: Repositories) {}

  async add(actor: Actor, name: string): Promise<Team> {
    requireAdmin(actor, 'add teams');
    const trimmed = name.trim();
    if (trimmed === '') throw new DovetailError('INVALID_ARGUMENT', 'A team needs a name');
    if (trimmed.length > textLimits.teamName || trimmed.includes('\u0000')) {
      throw new DovetailError(
        'INVALID_ARGUMENT',
        `A team name has at most ${textLimits.teamName} characters and no NUL character`,
      );
    }
    if ((await this.repositories.teams.findIdByName(trimmed)) !== undefined) {
      throw new DovetailError('TEAM_EXISTS', `There is already a team named "${trimmed}"`);
    }
    return this.resolve(await this.repositories.teams.create(trimmed));
  }

  /** Every team for an administrator; the teams they belong to for anyone else. */
  list(actor: Actor): Promise<Team[]> {
    return this.repositories.teams.list(actor.isAdmin ? {} : { memberUserId: actor.id });
  }

  /** A team by id, or by name (the CLI's way of naming it). */
  async resolve(team: number | string): Promise<Team> {
    const id = typeof team === 'number' ? team : await this.repositories.teams.findIdByName(team);
    const found = id === undefined ? undefined : await this.repositories.teams.find(id);
    if (!found) throw new DovetailError('TEAM_NOT_FOUND', `There is no team ${JSON.stringify(team)}`);
    return found;
  }

  async addMember(actor: Actor, team: number | string, userName: string): Promise<Team> {
    requireAdmin(actor, 'change teams');
    const { id } = await this.resolve(team);
    await this.repositories.teams.addMember(id, (await this.requireUser(userName)).id);
    return this.resolve(id);
  }

  async removeMember(actor: Actor, team: number | string, userName: string): Promise<Team> {
    requireAdmin(actor, 'change teams');
    const { id } = await this.resolve(team);
    await this.repositories.teams.removeMember(id, (await this.requireUser(userName)).id);
    return this.resolve(id);
  }

  /** Every user for an administrator; otherwise the actor and the members of their teams. */
  async usersVisibleTo(actor: Actor): Promise<UserListEntry[]> {
    const users = await this.repositories.users.list();
    const mates = actor.isAdmin ? undefined : new Set(await this.repositories.teams.teamMateIds(actor.id));
    return users
      .filter((user) => mates === undefined || mates.has(user.id))
      .map((user) => ({
        id: user.id,
        userName: user.user_name,
        firstName: user.first_name,
        lastName: user.last_name,
        isAdmin: user.is_admin === 1,
      }));
  }

  private async requireUser(userName: string) {
    const user = await this.repositories.users.findByUserName(userName);
    if (!user) throw new DovetailError('USER_NOT_FOUND', `There is no user named "${userName}"`);
    return user;
  }
}

function requireAdmin(actor: Actor, what: string): void {
  if (!actor.isAdmin) {
    throw new DovetailError('NOT_ALLOWED', `Only administrators can ${what} (${actor.userName} is not one)`);
  }
}
