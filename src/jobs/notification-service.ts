import { EventEmitter } from 'node:events';
import type { Repositories } from '../db/repositories/index.js';
import type { NotificationDraft } from '../db/repositories/notifications.repository.js';
import type { NotificationRow } from '../db/schema.js';
import { importFailedText, importSucceededText } from '../format/notification-texts.js';

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

/** Ids of notifications already delivered to live subscribers that are remembered. */
const DELIVERED_IDS_KEPT = 10_000;

/**
 * Stores notification alarms and tells live subscribers about each one.
 *
 * A subscriber hears of the notifications this process stores at once. Those stored by other
 * processes (workers, another server) arrive through `receiveStored`, which the server calls
 * for each PostgreSQL NOTIFY (see `listenForStoredNotifications`). A notification both stored
 * here and announced by NOTIFY is delivered once.
 */
export class NotificationService {
  private readonly events = new EventEmitter();
  private readonly delivered = new Set<number>();

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

  /**
   * The notifications that tell the submitter and the user the import was for that the job ended
   * (or needs attention), in the import job's words unless the stage has its own `text`
   * (Complete Import). The job's repository stores them with the job's end (endStage); then
   * `deliver` hands them to live subscribers.
   */
  noticesOf(kind: 'success' | 'error', text?: string): (job: NotifiedJob) => NotificationDraft[] {
    return (job) => {
      const words =
        text ??
        (kind === 'success' ? importSucceededText(job.description) : importFailedText(job.description));
      const recipients = new Set([job.submitted_by_user_id, job.on_behalf_of_user_id]);
      return [...recipients].map((userId) => ({ userId, jobId: job.id, kind, text: words }));
    };
  }

  /** Stores and delivers the notifications of a job that has ended (see noticesOf). */
  async notifyJobEnded(job: NotifiedJob, kind: 'success' | 'error', text?: string): Promise<void> {
    for (const draft of this.noticesOf(kind, text)(job)) {
      this.deliver([await this.repositories.notifications.add(draft)]);
    }
  }

  /** A notification another process stored (announced by NOTIFY): tells this process's subscribers. */
  async receiveStored(id: number): Promise<void> {
    if (this.delivered.has(id)) return;
    const row = await this.repositories.notifications.find(id);
    if (row) this.deliver([row]);
  }

  /** Tells this process's subscribers of notifications just stored. */
  deliver(rows: readonly NotificationRow[]): void {
    for (const row of rows) this.deliverOne(row);
  }

  private deliverOne(row: NotificationRow): void {
    if (this.delivered.has(row.id)) return;
    this.delivered.add(row.id);
    if (this.delivered.size > DELIVERED_IDS_KEPT) {
      this.delivered.delete(this.delivered.values().next().value as number);
    }
    const { read: _read, ...stored } = toNotification(row);
    this.events.emit('notification', row.user_id, stored);
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
