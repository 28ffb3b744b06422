import type { Database } from '../database.js';

/** A team with the user names of its members. */
export interface TeamRecord {
  id: number;
  name: string;
  createdAt: string;
  members: string[];
}

/** Teams and their members: who shares contacts with whom (see contact-access.repository.ts). */
export class TeamsRepository {
  constructor(private readonly db: Database) {}

  async create(name: string): Promise<number> {
    const row = await this.db
      .insertInto('teams')
      .values({ name, created_at: new Date().toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async findIdByName(name: string): Promise<number | undefined> {
    const row = await this.db.selectFrom('teams').select('id').where('name', '=', name).executeTakeFirst();
    return row?.id;
  }

  /** Teams by name with their members; only the teams `memberUserId` belongs to when given. */
  async list(filter: { memberUserId?: number; id?: number } = {}): Promise<TeamRecord[]> {
    const { memberUserId, id } = filter;
    let query = this.db.selectFrom('teams').select(['id', 'name', 'created_at']).orderBy('name');
    if (id !== undefined) query = query.where('id', '=', id);
    if (memberUserId !== undefined) {
      query = query.where('id', 'in', (eb) =>
        eb.selectFrom('team_members').select('team_id').where('user_id', '=', memberUserId),
      );
    }
    const teams = await query.execute();
    if (teams.length === 0) return [];
    const members = await this.db
      .selectFrom('team_members')
      .innerJoin('users', 'users.id', 'team_members.user_id')
      .select(['team_members.team_id', 'users.user_name'])
      .where(
        'team_members.team_id',
        'in',
        teams.map((team) => team.id),
      )
      .orderBy('users.user_name')
      .execute();
    return teams.map((team) => ({
      id: team.id,
      name: team.name,
      createdAt: team.created_at,
      members: members.filter((member) => member.team_id === team.id).map((member) => member.user_name),
    }));
  }

  async find(id: number): Promise<TeamRecord | undefined> {
    return (await this.list({ id }))[0];
  }

  async addMember(teamId: number, userId: number): Promise<void> {
    await this.db
      .insertInto('team_members')
      .values({ team_id: teamId, user_id: userId })
      .onConflict((conflict) => conflict.columns(['team_id', 'user_id']).doNothing())
      .execute();
  }

  async removeMember(teamId: number, userId: number): Promise<void> {
    await this.db
      .deleteFrom('team_members')
      .where('team_id', '=', teamId)
      .where('user_id', '=', userId)
      .execute();
  }

  /** The ids of the users who share at least one team with this user, the user included. */
  async teamMateIds(userId: number): Promise<number[]> {
    const rows = await this.db
      .selectFrom('team_members as mate')
      .innerJoin('team_members as mine', 'mine.team_id', 'mate.team_id')
      .select('mate.user_id')
      .distinct()
      .where('mine.user_id', '=', userId)
      .execute();
    return [...new Set([userId, ...rows.map((row) => row.user_id)])];
  }
}
