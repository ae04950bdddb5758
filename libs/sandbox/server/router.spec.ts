import { PassThrough } from 'node:stream';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { json } from './http-io';
import { ProviderModes } from './provider-modes';
import { RequestLog } from './request-log';
import { Router } from './router';

/** The router against fake sockets, so a non-loopback caller can be shown without a second network interface. */
describe('Router', () => {
  const router = new Router({
    routes: [
      { method: 'GET', pattern: /^\/_sandbox\/transfers$/, handle: () => json(200, { data: [] }) },
      { method: 'POST', pattern: /^\/pientegra\/thing$/, provider: 'pientegra', handle: () => json(201, { ok: true }) },
    ],
    modes: new ProviderModes(),
    requests: new RequestLog(),
    timeoutHoldMs: 10,
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
    now: () => new Date(),
  });

  async function send(
    method: string,
    url: string,
    remoteAddress: string,
  ): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
    const req = Object.assign(new PassThrough(), { method, url, headers: {}, socket: { remoteAddress } });
    req.end();
    return new Promise((resolve) => {
      let status = 0;
      let headers: Record<string, unknown> = {};
      const res = Object.assign(new PassThrough(), {
        headersSent: false,
        writeHead(code: number, given: Record<string, unknown>) {
          status = code;
          headers = given;
          return res;
        },
        end(body?: Buffer) {
          resolve({ status, body: body?.toString() ?? '', headers });
          return res;
        },
      });
      void router.handle(req as unknown as IncomingMessage, res as unknown as ServerResponse);
    });
  }

  it('refuses control calls from a non-loopback address with 403', async () => {
    const answer = await send('GET', '/_sandbox/transfers', '192.0.2.10');
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body).error.code).toBe('forbidden');
  });

  it('answers control calls from loopback, IPv4 or IPv6', async () => {
    expect((await send('GET', '/_sandbox/transfers', '127.0.0.1')).status).toBe(200);
    expect((await send('GET', '/_sandbox/transfers', '::1')).status).toBe(200);
  });

  it('serves provider routes to any address, like the real providers', async () => {
    expect((await send('POST', '/pientegra/thing', '192.0.2.10')).status).toBe(201);
  });

  it('answers 404 for an unknown path and 405 with Allow for a wrong method', async () => {
    expect((await send('GET', '/nowhere', '127.0.0.1')).status).toBe(404);
    const wrong = await send('GET', '/pientegra/thing', '127.0.0.1');
    expect([wrong.status, wrong.headers.allow]).toEqual([405, 'POST']);
  });
});
