import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  path: string;
  headers: http.IncomingHttpHeaders;
  /** The raw body text, as signed. */
  body: string;
  at: number;
}

/**
 * A local HTTP endpoint standing in for the service's webhook ingest in sandbox specs. `answer` decides the status
 * of each delivery (default 200), so retries can be provoked.
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  answer: (webhook: ReceivedWebhook, index: number) => number = () => 200;
  private readonly server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const webhook = {
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      };
      this.received.push(webhook);
      res.writeHead(this.answer(webhook, this.received.length - 1)).end();
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  clear(): void {
    this.received.length = 0;
    this.answer = () => 200;
  }

  /** Resolves with the first `count` matching webhooks; rejects after `timeoutMs`. */
  async waitFor(count: number, match: WebhookMatch = '/', timeoutMs = 3_000): Promise<ReceivedWebhook[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const matching = this.matching(match);
      if (matching.length >= count) return matching.slice(0, count);
      if (Date.now() > deadline) throw new Error(`expected ${count} matching webhooks, got ${matching.length}`);
      await sleep(5);
    }
  }

  /** Every matching webhook that has arrived `ms` from now (for "exactly n" and "none" checks). */
  async settle(ms: number, match: WebhookMatch = '/'): Promise<ReceivedWebhook[]> {
    await sleep(ms);
    return this.matching(match);
  }

  matching(match: WebhookMatch): ReceivedWebhook[] {
    return this.received.filter(typeof match === 'string' ? (w) => w.path.startsWith(match) : match);
  }
}

/** A path prefix, or a predicate. */
export type WebhookMatch = string | ((webhook: ReceivedWebhook) => boolean);

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
