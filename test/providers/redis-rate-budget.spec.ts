import { RedisRateBudget } from '@libs/providers';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { DisposableRedis } from '../support/redis-server';
import { testRedisUrl } from '../support/redis-url';

// Needs the Redis of `npm test` (REDIS_URL); uses db 14 and a key prefix of its own.
const prefix = `test:providers:${randomUUID()}:`;
const connections: Redis[] = [];
const connect = () => {
  const redis = new Redis(testRedisUrl(14), { lazyConnect: false });
  connections.push(redis);
  return redis;
};

afterAll(async () => {
  const keys = await connections[0].keys(`${prefix}*`);
  if (keys.length > 0) await connections[0].del(...keys);
  await Promise.all(connections.map((redis) => redis.quit()));
});

describe('RedisRateBudget', () => {
  it('grants at most N requests per window to every process together', async () => {
    const processes = [connect(), connect(), connect()].map((redis) => new RedisRateBudget(redis, prefix));
    const takes = await Promise.all(
      Array.from({ length: 30 }, (_, i) => processes[i % processes.length].tryTake('shared-key', 10, 60_000)),
    );
    expect(takes.filter((take) => take.granted)).toHaveLength(10);
    for (const take of takes.filter((t) => !t.granted)) {
      expect(take).toMatchObject({ granted: false });
      if (!take.granted) {
        expect(take.retryInMs).toBeGreaterThan(0);
        expect(take.retryInMs).toBeLessThanOrEqual(60_000);
      }
    }
  });

  it('frees a slot once the oldest request leaves the window', async () => {
    const budget = new RedisRateBudget(connect(), prefix);
    expect(await budget.tryTake('short', 2, 300)).toEqual({ granted: true });
    expect(await budget.tryTake('short', 2, 300)).toEqual({ granted: true });
    const refused = await budget.tryTake('short', 2, 300);
    expect(refused.granted).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, refused.granted ? 0 : refused.retryInMs + 20));
    expect(await budget.tryTake('short', 2, 300)).toEqual({ granted: true });
  });

  it("sends the script's hash (EVALSHA), not the script, and still limits after Redis has lost its scripts", async () => {
    // A Redis server of its own: MONITOR there sees only this test, and SCRIPT FLUSH reaches no other test's scripts
    // (on the shared server, other workers' queue traffic flooded the monitor connection under a parallel run).
    const server = new DisposableRedis();
    await server.start();
    const own: Redis[] = [];
    const connectOwn = () => {
      const redis = new Redis(server.url, { lazyConnect: false });
      own.push(redis);
      return redis;
    };
    try {
      await expectEvalshaAcrossAFlush(connectOwn);
    } finally {
      await Promise.all(own.map((redis) => redis.quit().catch(() => undefined)));
      await server.kill();
    }
  });

  async function expectEvalshaAcrossAFlush(connectOwn: () => Redis): Promise<void> {
    const flusher = connectOwn();
    const budget = new RedisRateBudget(connectOwn(), prefix);
    const key = `${prefix}rate:flushed`;
    // The scripts run on this key, in order (MONITOR sees every client's commands, and each redis.call inside).
    const monitor = await connectOwn().monitor();
    const seen: string[] = [];
    monitor.on('monitor', (_time: string, args: string[]) => {
      const name = args[0].toLowerCase();
      if (args.includes(key) && name.startsWith('eval')) seen.push(name);
    });
    const take = () => budget.tryTake('flushed', 3, 60_000);
    expect(await take()).toEqual({ granted: true });
    expect(await take()).toEqual({ granted: true });
    // Server-wide, as a Redis restart would be: every client sends its scripts again once, on NOSCRIPT.
    await flusher.script('FLUSH');
    expect(await take()).toEqual({ granted: true });
    expect(await take()).toMatchObject({ granted: false });
    await new Promise((resolve) => setTimeout(resolve, 100));
    monitor.disconnect();
    // The script itself the first time on a connection and once after the flush; its hash otherwise.
    expect(seen).toEqual(['eval', 'evalsha', 'evalsha', 'eval', 'evalsha']);
  }

  it('keeps budgets of different keys apart and lets its keys expire', async () => {
    const redis = connect();
    const budget = new RedisRateBudget(redis, prefix);
    expect(await budget.tryTake('a', 1, 60_000)).toEqual({ granted: true });
    expect(await budget.tryTake('b', 1, 60_000)).toEqual({ granted: true });
    const ttl = await redis.pttl(`${prefix}rate:a`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });
});
