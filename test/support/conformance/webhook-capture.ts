import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RawRequest } from '@libs/providers';
import { sleep } from './sandbox-scenarios';

export interface CapturedWebhook {
  path: string;
  request: RawRequest;
}

const headersOf = (req: IncomingMessage): Record<string, string> => {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
};

/**
 * Stands in for our webhook ingest: keeps each delivery's raw bytes, headers, path and address, answers 200, and
 * hands deliveries over as the `RawRequest` the ingest would build (the Sipay path token taken from the path).
 */
export class WebhookCapture {
  readonly received: CapturedWebhook[] = [];
  private readonly server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = req.url ?? '';
      const token = /^\/v1\/webhooks\/[^/]+\/([^/?#]+)/.exec(path)?.[1];
      this.received.push({
        path,
        request: {
          headers: headersOf(req),
          rawBody: Buffer.concat(chunks),
          pathToken: token === undefined ? undefined : decodeURIComponent(token),
          remoteAddress: req.socket.remoteAddress,
          receivedAt: new Date(),
        },
      });
      res.writeHead(200).end();
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

  matching(match: (webhook: CapturedWebhook) => boolean): CapturedWebhook[] {
    return this.received.filter(match);
  }

  /** The first `count` matching deliveries; fails after `timeoutMs`. */
  async waitFor(
    count: number,
    match: (webhook: CapturedWebhook) => boolean,
    timeoutMs: number,
  ): Promise<CapturedWebhook[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.matching(match);
      if (found.length >= count) return found.slice(0, count);
      if (Date.now() > deadline) throw new Error(`expected ${count} webhooks, got ${found.length}`);
      await sleep(10);
    }
  }
}
