import { EventEmitter } from 'node:events';
import type { Repositories } from '../db/repositories/index.js';
import type { NotificationRow } from '../db/schema.js';
import { importFailedText, importSucceededText } from './notification-texts.js';

/** Where the alarm's buttons lead: the import process and its error log. */
export interface NotificationLinks {
  job: string;
  errors: string;
}

/** A notification alarm: an import finished (success) or needs attention (error). */
export interface Notification {
  id: number;
  jobId: number;
  kind: 'success' | 'error';
  text: string;
  createdAt: string;
  read: boolean;
  links: NotificationLinks;
}

/** What a live subscriber (the SSE stream) receives: a new notification, unread by definition. */
export type NewNotification = Omit<Notification, 'read'>;

/** The job a notification is about, as the job runner and cancelling know it. */
export interface NotifiedJob {
  id: number;
  description: string;
  on_behalf_of_user_id: number;
  submitted_by_user_id: number;
}

export function notificationLinks(jobId: number): NotificationLinks {
  return { job: `/api/imports/${jobId}`, errors: `/api/imports/${jobId}/errors` };
}

function toNotification(row: NotificationRow): Notification {
  return {
    id: row.id,
    jobId: row.job_id,
    kind: row.kind,
    text: row.text,
    createdAt: row.created_at,
    read: row.read_at !== null,
    links: notificationLinks(row.job_id),
  };
}

/**
 * Stores notification alarms and tells live subscribers about each one it stores.
 *
 * Delivery is in-process only (an EventEmitter): a subscriber sees the notifications stored by
 * this process, i.e. by the jobs the server runs itself. Jobs run by another process (`dovetail
 * jobs run`, a second server) will reach streams later through PostgreSQL LISTEN/NOTIFY.
 */
export class NotificationService {
  private readonly events = new EventEmitter();

  constructor(private readonly repositories: Repositories) {
    this.events.setMaxListeners(0);
  }

  async listFor(userId: number, options: { unreadOnly?: boolean } = {}): Promise<Notification[]> {
    const rows = await this.repositories.notifications.listForUser(userId, options);
    return rows.map(toNotification);
  }

  /** Marks the user's own notifications read; ids of other users' notifications are ignored. */
  markRead(userId: number, ids: readonly number[]): Promise<void> {
    return this.repositories.notifications.markRead(userId, ids);
  }

  /** Tells the submitter and the user the import was for that the job ended (or needs attention). */
  async notifyJobEnded(job: NotifiedJob, kind: 'success' | 'error'): Promise<void> {
    const text =
      kind === 'success' ? importSucceededText(job.description) : importFailedText(job.description);
    const recipients = new Set([job.submitted_by_user_id, job.on_behalf_of_user_id]);
    for (const userId of recipients) {
      const row = await this.repositories.notifications.add({ userId, jobId: job.id, kind, text });
      const { read: _read, ...stored } = toNotification(row);
      this.events.emit('notification', userId, stored);
    }
  }

  /** Calls the listener with every notification stored for this user from now on; returns the unsubscribe. */
  subscribe(userId: number, listener: (notification: NewNotification) => void): () => void {
    const forUser = (recipient: number, notification: NewNotification) => {
      if (recipient === userId) listener(notification);
    };
    this.events.on('notification', forUser);
    return () => {
      this.events.off('notification', forUser);
    };
  }
}
