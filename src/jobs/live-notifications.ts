import type { App } from '../app/open-app.js';
import { openSignalListener, signalChannels } from '../db/signals.js';

/**
 * Makes the app's live notification streams hear the notifications other processes store
 * (workers, `dovetail jobs run`, another server), through PostgreSQL LISTEN/NOTIFY on a
 * connection of its own. On SQLite there is nothing to listen to. Returns the stop function.
 */
export async function listenForStoredNotifications(app: App): Promise<() => Promise<void>> {
  const listener = openSignalListener(app.config);
  await listener.on(signalChannels.notifications, (payload) => {
    const { id } = JSON.parse(payload) as { id: number };
    app.notifications.receiveStored(id).catch((error: unknown) => {
      console.error(`Could not deliver notification ${id} to live streams:`, error);
    });
  });
  return () => listener.close();
}
