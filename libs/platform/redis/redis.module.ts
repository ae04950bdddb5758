import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { ConfigService, platformConfig } from '../config';
import { redisConnectionOptions } from './redis-connection';

/** The shared ioredis client for everything that is not BullMQ (rate budgets, token cache, throttling). */
export const REDIS = Symbol('REDIS');

class RedisCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}
  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
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
        return new Redis(redisUrl, { ...redisConnectionOptions(), keyPrefix: redisKeyPrefix || undefined });
      },
    },
    RedisCloser,
  ],
  exports: [REDIS],
})
export class RedisModule {}
