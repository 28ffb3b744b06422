import pg from 'pg';

/** How long to wait before connecting again after the listening connection broke. */
const RECONNECT_DELAY_MS = 1000;

/**
 * LISTEN on a dedicated connection (a pooled one would be handed to other queries). When the
 * connection breaks it reconnects and listens again, then calls `onReconnect` so the owner can
 * catch up on what it may have missed meanwhile (NOTIFY is not queued for absent listeners).
 */
export class PostgresListener {
  private client: pg.Client | undefined;
  private readonly handlers = new Map<string, Array<(payload: string) => void>>();
  private closed = false;
  private reconnecting: NodeJS.Timeout | undefined;

  constructor(
    private readonly url: string,
    private readonly onReconnect: () => void = () => {},
  ) {}

  /** Calls the handler with the payload of every NOTIFY on the channel from now on. */
  async listen(channel: string, handler: (payload: string) => void): Promise<void> {
    const known = this.handlers.get(channel);
    if (known) {
      known.push(handler);
      return;
    }
    this.handlers.set(channel, [handler]);
    const client = await this.connection();
    await client.query(`listen "${channel}"`);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnecting);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => {});
  }

  private async connection(): Promise<pg.Client> {
    if (this.client) return this.client;
    const client = new pg.Client({ connectionString: this.url, application_name: 'dovetail-listener' });
    client.on('notification', (message) => {
      for (const handler of this.handlers.get(message.channel) ?? []) handler(message.payload ?? '');
    });
    client.on('error', () => this.reconnectSoon(client));
    client.on('end', () => this.reconnectSoon(client));
    await client.connect();
    this.client = client;
    return client;
  }

  private reconnectSoon(broken: pg.Client): void {
    if (this.closed || this.client !== broken) return;
    this.client = undefined;
    broken.end().catch(() => {});
    this.reconnecting = setTimeout(() => {
      this.reconnecting = undefined;
      this.relisten().then(this.onReconnect, () => this.reconnectSoon(broken));
    }, RECONNECT_DELAY_MS);
    this.reconnecting.unref();
  }

  private async relisten(): Promise<void> {
    if (this.closed) return;
    const client = await this.connection();
    for (const channel of this.handlers.keys()) await client.query(`listen "${channel}"`);
  }
}
