import type { Database } from '../database.js';

/** Passwords, privileges, sessions and API tokens. Callers pass hashes; no secret reaches SQL. */
export class AuthRepository {
  constructor(private readonly db: Database) {}

  async setPasswordHash(userId: number, passwordHash: string): Promise<void> {
    await this.db
      .updateTable('users')
      .set({ password_hash: passwordHash })
      .where('id', '=', userId)
      .execute();
  }

  async privilegesOf(userId: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('user_privileges')
      .select('privilege')
      .where('user_id', '=', userId)
      .orderBy('privilege')
      .execute();
    return rows.map((row) => row.privilege);
  }

  async grant(userId: number, privilege: string): Promise<void> {
    await this.db
      .insertInto('user_privileges')
      .values({ user_id: userId, privilege })
      .onConflict((conflict) => conflict.columns(['user_id', 'privilege']).doNothing())
      .execute();
  }

  async createSession(session: { idHash: string; userId: number; expiresAt: Date }): Promise<void> {
    await this.db
      .insertInto('sessions')
      .values({
        id: session.idHash,
        user_id: session.userId,
        created_at: new Date().toISOString(),
        expires_at: session.expiresAt.toISOString(),
      })
      .execute();
  }

  /** The user of an unexpired session. */
  async findSessionUserId(idHash: string, now = new Date()): Promise<number | undefined> {
    const row = await this.db
      .selectFrom('sessions')
      .select('user_id')
      .where('id', '=', idHash)
      .where('expires_at', '>', now.toISOString())
      .executeTakeFirst();
    return row?.user_id;
  }

  async deleteSession(idHash: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id', '=', idHash).execute();
  }

  async createApiToken(token: { userId: number; name: string; tokenHash: string }): Promise<number> {
    const row = await this.db
      .insertInto('api_tokens')
      .values({
        user_id: token.userId,
        name: token.name,
        token_hash: token.tokenHash,
        created_at: new Date().toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** The user of a token, recording that it was used. */
  async useApiToken(tokenHash: string): Promise<number | undefined> {
    const row = await this.db
      .updateTable('api_tokens')
      .set({ last_used_at: new Date().toISOString() })
      .where('token_hash', '=', tokenHash)
      .returning('user_id')
      .executeTakeFirst();
    return row?.user_id;
  }
}
