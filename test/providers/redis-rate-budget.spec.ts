import { RedisRateBudget } from '@libs/providers';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
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
