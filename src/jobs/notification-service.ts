import type { Repositories } from '../db/repositories/index.js';

/** A notification alarm: an import finished (success) or needs attention (error). */
export interface Notification {
  id: number;
  jobId: number;
  kind: 'success' | 'error';
  text: string;
  createdAt: string;
  read: boolean;
}

export class NotificationService {
  constructor(private readonly repositories: Repositories) {}

  async listFor(userId: number, options: { unreadOnly?: boolean } = {}): Promise<Notification[]> {
    const rows = await this.repositories.notifications.listForUser(userId, options);
    return rows.map((row) => ({
      id: row.id,
      jobId: row.job_id,
      kind: row.kind,
      text: row.text,
      createdAt: row.created_at,
      read: row.read_at !== null,
    }));
  }

  /** Marks the user's own notifications read; ids of other users' notifications are ignored. */
  markRead(userId: number, ids: readonly number[]): Promise<void> {
    return this.repositories.notifications.markRead(userId, ids);
  }
}
