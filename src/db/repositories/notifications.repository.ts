import type { Database } from '../database.js';
import type { DialectName } from '../dialect-name.js';
import type { NotificationRow } from '../schema.js';
import { sendSignal, signalChannels } from '../signals.js';

export class NotificationsRepository {
  constructor(
    private readonly db: Database,
    private readonly dialect: DialectName = 'sqlite',
  ) {}

  async add(notification: {
    userId: number;
    jobId: number;
    kind: 'success' | 'error';
    text: string;
  }): Promise<NotificationRow> {
    // The signal goes out with the commit, so every server's stream can read the row it announces.
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('notifications')
        .values({
          user_id: notification.userId,
          job_id: notification.jobId,
          kind: notification.kind,
          text: notification.text,
          created_at: new Date().toISOString(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await sendSignal(
        trx,
        this.dialect,
        signalChannels.notifications,
        JSON.stringify({ id: row.id, userId: row.user_id }),
      );
      return row;
    });
  }

  find(id: number): Promise<NotificationRow | undefined> {
    return this.db.selectFrom('notifications').selectAll().where('id', '=', id).executeTakeFirst();
  }

  listForUser(userId: number, options: { unreadOnly?: boolean } = {}): Promise<NotificationRow[]> {
    let query = this.db.selectFrom('notifications').selectAll().where('user_id', '=', userId);
    if (options.unreadOnly) query = query.where('read_at', 'is', null);
    return query.orderBy('id', 'desc').execute();
  }

  listForJob(jobId: number): Promise<NotificationRow[]> {
    return this.db
      .selectFrom('notifications')
      .selectAll()
      .where('job_id', '=', jobId)
      .orderBy('id')
      .execute();
  }

  async markRead(userId: number, ids: readonly number[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db
      .updateTable('notifications')
      .set({ read_at: new Date().toISOString() })
      .where('user_id', '=', userId)
      .where('id', 'in', [...ids])
      .execute();
  }
}
