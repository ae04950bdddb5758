import { spawn, type ChildProcess } from 'node:child_process';
import Redis from 'ioredis';
import { freePort, waitUntil } from '../../test/support/processes';

/**
 * A redis-server of the bench's own, configured as production runs it (no persistence), so the bench neither shares
 * a Redis with anything else on the machine nor counts anyone else's commands.
 */
export class BenchRedis {
  private child?: ChildProcess;
  url = '';

  async start(): Promise<void> {
    const port = await freePort();
    this.child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: 'ignore',
      },
    );
    this.url = `redis://127.0.0.1:${port}/0`;
    await waitUntil(async () => (await this.commandsProcessed()) >= 0, 10_000, 'the bench redis-server');
  }

  /** The redis-server's pid (its CPU is counted with the service's). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /**
   * total_commands_processed since the server started: every command executed, including each one inside a MULTI
   * (and MULTI and EXEC) and each redis.call of a Lua script — not round trips (see redis-requests-preload.js).
   */
  async commandsProcessed(): Promise<number> {
    const client = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
    client.on('error', () => undefined); // refused until the server listens; connect() rejects instead
    try {
      await client.connect();
      return Number(/total_commands_processed:(\d+)/.exec(await client.info('stats'))?.[1] ?? NaN);
    } finally {
      client.disconnect();
    }
  }

  stop(): void {
    this.child?.kill('SIGKILL');
  }
}
