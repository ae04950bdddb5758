import { Client } from 'pg';

/**
 * LISTEN outbox on a connection of its own (a pooled one could be handed to someone else). Reconnects after a
 * second when Postgres goes away; the relay's sweep covers whatever was committed meanwhile.
 */
export class OutboxListener {
  private client?: Client;
  private stopped = false;
  private retry?: NodeJS.Timeout;

  constructor(
    private readonly databaseUrl: string,
    private readonly onNotify: () => void,
    private readonly onError: (error: unknown) => void,
  ) {}

  async start(): Promise<void> {
    this.stopped = false;
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    await this.client?.end().catch(() => undefined);
    this.client = undefined;
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({ connectionString: this.databaseUrl, application_name: 'payouts-outbox-listener' });
    client.on('notification', () => this.onNotify());
    client.on('error', (error) => this.reconnect(client, error));
    client.on('end', () => this.reconnect(client));
    try {
      await client.connect();
      await client.query('LISTEN outbox');
      this.client = client;
      this.onNotify(); // rows committed while we were not listening
    } catch (error) {
      this.reconnect(client, error);
    }
  }

  private reconnect(client: Client, error?: unknown): void {
    if (error !== undefined) this.onError(error);
    if (this.client === client) this.client = undefined;
    client.removeAllListeners();
    client.end().catch(() => undefined);
    if (this.stopped || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      void this.connect();
    }, 1_000);
  }
}
