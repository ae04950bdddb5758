import { Agent, createServer, get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestApplicationContext } from '@nestjs/common';
import pino from 'pino';
import { closeOnSignals } from './graceful-shutdown';

describe('closeOnSignals', () => {
  let server: Server;
  let agent: Agent;

  afterEach(() => {
    jest.restoreAllMocks();
    agent?.destroy();
    server?.closeAllConnections();
  });

  it('exits as soon as a request in flight at SIGTERM is answered, not after its keep-alive timeout', async () => {
    const handlers = new Map<string, () => void>();
    jest.spyOn(process, 'on').mockImplementation(((event: string, handler: () => void) => {
      handlers.set(event, handler);
      return process;
    }) as typeof process.on);
    let exited: (code: number) => void = () => undefined;
    const exitCode = new Promise<number>((resolve) => (exited = resolve));
    jest.spyOn(process, 'exit').mockImplementation(((code: number) => exited(code)) as typeof process.exit);

    // A provider's webhook still being answered when the stop signal arrives, on a keep-alive connection.
    server = createServer((_request, response) => setTimeout(() => response.end('ok'), 300));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    agent = new Agent({ keepAlive: true });
    const answered = new Promise<number>((resolve) =>
      get({ port: (server.address() as AddressInfo).port, host: '127.0.0.1', agent }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      }),
    );
    const app = {
      getHttpServer: () => server,
      close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    } as unknown as INestApplicationContext;
    closeOnSignals(app, pino({ level: 'silent' }));
    await new Promise((resolve) => setTimeout(resolve, 100));

    const startedAt = Date.now();
    handlers.get('SIGTERM')!();
    expect(await answered).toBe(200);
    expect(await exitCode).toBe(0);
    expect(Date.now() - startedAt).toBeLessThan(2_000);
  }, 15_000);
});
