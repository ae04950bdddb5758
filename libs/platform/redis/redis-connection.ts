import type Redis from 'ioredis';
import type { RedisOptions } from 'ioredis';

const reconnectBackoff = (times: number): number => Math.min(100 * 2 ** Math.min(times, 6), 5_000);

/**
 * Survives a Redis restart: never gives up reconnecting (capped backoff), queues commands while offline, and lets
 * BullMQ block without a per-command retry limit (it requires maxRetriesPerRequest: null). For background work only:
 * a command sent while Redis is down waits for it to come back, however long that takes.
 */
export function redisConnectionOptions(): RedisOptions {
  return {
    maxRetriesPerRequest: null,
    enableOfflineQueue: true,
    retryStrategy: reconnectBackoff,
    reconnectOnError: (error) => /READONLY|LOADING/.test(error.message),
  };
}

/**
 * For work on a request's path (rate limiting): a command fails at once while Redis is unreachable (no offline
 * queue), one in flight when the connection drops fails instead of being retried, and one Redis does not answer
 * fails after `commandTimeoutMs`. The caller decides what to do without Redis; it never waits for Redis to return.
 */
export function failFastRedisOptions(commandTimeoutMs: number): RedisOptions {
  return {
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    commandTimeout: commandTimeoutMs,
    connectTimeout: 2_000,
    retryStrategy: reconnectBackoff,
    reconnectOnError: (error) => /READONLY|LOADING/.test(error.message),
  };
}

/**
 * Closes a client without waiting for an unreachable Redis: QUIT when connected (bounded by `graceMs`), otherwise
 * drop the connection and its reconnect timer at once. QUIT on a client that lost its connection would wait in the
 * offline queue for a Redis that may never come back, and hold up shutdown with it.
 */
export async function closeRedisQuickly(redis: Redis, graceMs = 1_000): Promise<void> {
  if (redis.status === 'end') return;
  if (redis.status !== 'ready') {
    redis.disconnect();
    return;
  }
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), graceMs);
    timer.unref();
  });
  const outcome = await Promise.race([redis.quit().catch(() => 'failed' as const), timedOut]);
  clearTimeout(timer);
  if (outcome !== 'OK') redis.disconnect();
}

/**
 * Whether Redis answers a PING within `withinMs`. Never waits longer: on a client that queues commands offline, the
 * PING stays queued and answers whenever Redis returns, unread.
 */
export async function redisAnswers(redis: Redis, withinMs = 500): Promise<boolean> {
  if (redis.status !== 'ready') return false;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), withinMs);
    timer.unref();
  });
  const answered = await Promise.race([
    redis.ping().then(
      () => true,
      () => false,
    ),
    timedOut,
  ]);
  clearTimeout(timer);
  return answered;
}
