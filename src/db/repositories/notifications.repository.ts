import type { Database } from '../database.js';
import type { DialectName } from '../dialect-name.js';
import type { NotificationRow } from '../schema.js';
import { sendSignal, signalChannels } from '../signals.js';

/** A notification to store: for whom, about which job, and what it says. */
export interface NotificationDraft {
  userId: number;
  jobId: number;
  kind: 'success' | 'error';
  text: string;
}

/**
 * Stores notifications with `executor`, a transaction, and announces each: the signal goes out
 * with the commit, so every server's stream can read the row it announces.
 */
export async function insertNotifications(
  executor: Database,
  dialect: DialectName,
  drafts: readonly NotificationDraft[],
): Promise<NotificationRow[]> {
  const rows: NotificationRow[] = [];
  for (const draft of drafts) {
    const row = await executor
      .insertInto('notifications')
      .values({
        user_id: draft.userId,
        job_id: draft.jobId,
        kind: draft.kind,
        text: draft.text,
        created_at: new Date().toISOString(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await sendSignal(
      executor,
      dialect,
      signalChannels.notifications,
      JSON.stringify({ id: row.id, userId: row.user_id }),
    );
    rows.push(row);
  }
  return rows;
}

export class NotificationsRepository {
  constructor(
    private readonly db: Database,
    private readonly dialect: DialectName = 'sqlite',
  ) {}

  /** Stores one notification and announces it to every server's stream (see insertNotifications). */
  async add(notification: NotificationDraft): Promise<NotificationRow> {
    const [row] = await this.db
      .transaction()
      .execute((trx) => insertNotifications(trx, this.dialect, [notification]));
    return row as NotificationRow;
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
