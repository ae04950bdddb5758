import { Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { ConfigService, platformConfig } from '@libs/platform/config';
import { closeRedisQuickly, failFastRedisOptions, redisConnectionOptions } from './redis-connection';

/** The shared ioredis client for background work that is not BullMQ (rate budgets, token cache, leases). */
export const REDIS = Symbol('REDIS');
/**
 * A second client for work on a request's path (the api's rate limiter): it never queues a command while Redis is
 * unreachable, so a request can fall back at once instead of hanging (api.md "Health and metrics").
 */
export const FAIL_FAST_REDIS = Symbol('FAIL_FAST_REDIS');

/** How long a request-path Redis command may take before the caller stops waiting for it. */
export const FAIL_FAST_COMMAND_TIMEOUT_MS = 500;

const logger = new Logger('Redis');

/**
 * One warn line when the shared client loses Redis and one when it is back, instead of ioredis printing
 * "Unhandled error event" to stderr on every reconnect attempt (a client without an error listener does that).
 */
function reportOutages(redis: Redis): void {
  let down = false;
  redis.on('error', (error: Error & { code?: string }) => {
    if (down) return;
    down = true;
    logger.warn(`Redis is unreachable (${error.code ?? error.name}); background work waits until it is back`);
  });
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    logger.warn('Redis is reachable again');
  });
}

class RedisCloser implements OnApplicationShutdown {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(FAIL_FAST_REDIS) private readonly failFast: Redis,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([closeRedisQuickly(this.redis), closeRedisQuickly(this.failFast)]);
  }
}

@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [ConfigService],
      useFactory: (config: ConfigService) => {
        const { redisUrl, redisKeyPrefix } = config.get(platformConfig);
        const redis = new Redis(redisUrl, { ...redisConnectionOptions(), keyPrefix: redisKeyPrefix || undefined });
        reportOutages(redis);
        return redis;
      },
    },
    {
      provide: FAIL_FAST_REDIS,
      inject: [ConfigService],
      useFactory: (config: ConfigService) => {
        const { redisUrl, redisKeyPrefix } = config.get(platformConfig);
        const redis = new Redis(redisUrl, {
          ...failFastRedisOptions(FAIL_FAST_COMMAND_TIMEOUT_MS),
          keyPrefix: redisKeyPrefix || undefined,
          // Connects on first use: the worker and the CLI never send a request-path command.
          lazyConnect: true,
        });
        // Its users log the outage themselves (once, on entering and leaving it); ioredis would print every retry.
        redis.on('error', () => undefined);
        return redis;
      },
    },
    RedisCloser,
  ],
  exports: [REDIS, FAIL_FAST_REDIS],
})
export class RedisModule {}
