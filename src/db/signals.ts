/**
 * Signals between Dovetail processes sharing one database: "a job waits to be run" and "a
 * notification was stored". On PostgreSQL they travel as NOTIFY and are received with LISTEN;
 * on SQLite (one machine, usually one process) there are none, and workers poll instead.
 */
import { sql } from 'kysely';
import { type Config, isPostgresUrl } from '../config/config.js';
import type { Database } from './database.js';
import type { DialectName } from './dialect-name.js';

export const signalChannels = {
  /** Payload: the id of an import job whose background stage waits for a worker. */
  jobs: 'dovetail_jobs',
  /** Payload: JSON `{ id, userId }` of a stored notification. */
  notifications: 'dovetail_notifications',
} as const;

export type SignalChannel = (typeof signalChannels)[keyof typeof signalChannels];

export interface SignalListener {
  /** Calls the handler with each signal's payload from now on. */
  on(channel: SignalChannel, handler: (payload: string) => void): Promise<void>;
  /** Called after signals may have been missed (the connection broke and came back). */
  onReconnect(handler: () => void): void;
  close(): Promise<void>;
}

/**
 * Sends a signal. Inside a transaction (pass it as `db`) PostgreSQL delivers it on commit, so a
 * listener never hears of a row it cannot read yet. Nothing happens on SQLite.
 */
export async function sendSignal(
  db: Database,
  dialect: DialectName,
  channel: SignalChannel,
  payload: string,
): Promise<void> {
  if (dialect !== 'postgres') return;
  await sql`select pg_notify(${channel}, ${payload})`.execute(db);
}

/** Listens on a connection of its own (PostgreSQL); on SQLite a listener that never hears anything. */
export function openSignalListener(config: Config): SignalListener {
  if (!config.databaseUrl || !isPostgresUrl(config.databaseUrl)) {
    return { on: async () => {}, onReconnect: () => {}, close: async () => {} };
  }
  const url = config.databaseUrl;
  const reconnectHandlers: Array<() => void> = [];
  // Loaded on demand so that SQLite processes never load the PostgreSQL driver.
  const listener = import('./dialects/postgres-listener.js').then(
    ({ PostgresListener }) =>
      new PostgresListener(url, () => {
        for (const handler of reconnectHandlers) handler();
      }),
  );
  return {
    on: async (channel, handler) => (await listener).listen(channel, handler),
    onReconnect: (handler) => reconnectHandlers.push(handler),
    close: async () => (await listener).close(),
  };
}
