import type { RedisOptions } from 'ioredis';

/**
 * Survives a Redis restart: never gives up reconnecting (capped backoff), queues commands while offline, and lets
 * BullMQ block without a per-command retry limit (it requires maxRetriesPerRequest: null).
 */
export function redisConnectionOptions(): RedisOptions {
  return {
    maxRetriesPerRequest: null,
    enableOfflineQueue: true,
    retryStrategy: (times) => Math.min(100 * 2 ** Math.min(times, 6), 5_000),
    reconnectOnError: (error) => /READONLY|LOADING/.test(error.message),
  };
}
