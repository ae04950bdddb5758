import { RedisTokenStore } from '@libs/providers';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { testRedisUrl } from '../support/redis-url';

// Needs the Redis of `npm test` (REDIS_URL); uses db 14 and a key prefix of its own.
const prefix = `test:providers:${randomUUID()}:`;
const redis = new Redis(testRedisUrl(14));
const other = new Redis(testRedisUrl(14));

afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  await Promise.all([redis.quit(), other.quit()]);
});

describe('RedisTokenStore', () => {
  it('shares a token between processes until its ttl', async () => {
    const [a, b] = [new RedisTokenStore(redis, prefix, 'sipay:x'), new RedisTokenStore(other, prefix, 'sipay:x')];
    const token = { accessToken: 'tok-1', expiresAtMs: Date.now() + 200, refreshAtMs: Date.now() + 160 };
    await a.write(token, 200);
    expect(await b.read()).toEqual(token);
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await b.read()).toBeUndefined();
  });

  it('discards the token only while it is still the rejected one', async () => {
    const store = new RedisTokenStore(redis, prefix, 'sipay:y');
    const token = { accessToken: 'newer', expiresAtMs: Date.now() + 60_000, refreshAtMs: Date.now() + 48_000 };
    await store.write(token, 60_000);
    await store.discard('older');
    expect(await store.read()).toEqual(token);
    await store.discard('newer');
    expect(await store.read()).toBeUndefined();
  });

  it('lets one owner hold the refresh lock (SET NX PX) and only that owner release it', async () => {
    const [a, b] = [new RedisTokenStore(redis, prefix, 'sipay:z'), new RedisTokenStore(other, prefix, 'sipay:z')];
    expect(await a.tryLock('owner-a', 5_000)).toBe(true);
    expect(await b.tryLock('owner-b', 5_000)).toBe(false);
    await b.unlock('owner-b');
    expect(await b.tryLock('owner-b', 5_000)).toBe(false);
    await a.unlock('owner-a');
    expect(await b.tryLock('owner-b', 100)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(await a.tryLock('owner-a', 5_000)).toBe(true);
  });

  it('never stores the token under a key that names a secret', async () => {
    const store = new RedisTokenStore(redis, prefix, 'sipay:hash');
    await store.write(
      { accessToken: 'secret-token', expiresAtMs: Date.now() + 1_000, refreshAtMs: Date.now() + 800 },
      1_000,
    );
    const keys = await redis.keys(`${prefix}*`);
    expect(keys.some((key) => key.includes('secret-token'))).toBe(false);
  });
});
