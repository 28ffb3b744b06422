import type { Config } from '../config/config.js';
import { openSignalListener, signalChannels } from '../db/signals.js';
import type { NotificationService } from './notification-service.js';

/** The parts of the app (src/app/open-app.ts) the listener uses; the app itself sits above the jobs. */
export interface LiveNotificationParts {
  config: Config;
  notifications: Pick<NotificationService, 'receiveStored'>;
}

/**
 * Makes the app's live notification streams hear the notifications other processes store
 * (workers, `dovetail jobs run`, another server), through PostgreSQL LISTEN/NOTIFY on a
 * connection of its own. On SQLite there is nothing to listen to. Returns the stop function.
 */
export async function listenForStoredNotifications(app: LiveNotificationParts): Promise<() => Promise<void>> {
  const listener = openSignalListener(app.config);
  await listener.on(signalChannels.notifications, (payload) => {
    const { id } = JSON.parse(payload) as { id: number };
    app.notifications.receiveStored(id).catch((error: unknown) => {
      console.error(`Could not deliver notification ${id} to live streams:`, error);
    });
  });
  return () => listener.close();
}
