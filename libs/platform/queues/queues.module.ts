import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import type { RedisOptions as BullRedisOptions } from 'bullmq';
import { ConfigService, platformConfig } from '@libs/platform/config';
import { redisConnectionOptions } from '@libs/platform/redis';
import { QUEUE_NAMES, QUEUE_PREFIX } from './queue-names';
import { QueueOutageShutdown } from './queue-outage-shutdown';

/**
 * BullMQ over the same Redis URL, with the reconnect-forever connection settings. No request waits on a queue: the api
 * only writes outbox rows in Postgres, which the worker's relay and sweepers enqueue (lifecycle invariant 8).
 */
@Module({})
export class QueuesModule {
  static forRoot(): DynamicModule {
    return {
      module: QueuesModule,
      global: true,
      imports: [
        DiscoveryModule,
        BullModule.forRootAsync({
          inject: [ConfigService],
          useFactory: (config: ConfigService) => ({
            prefix: `${config.get(platformConfig).redisKeyPrefix}${QUEUE_PREFIX}`,
            connection: { url: config.get(platformConfig).redisUrl, ...redisConnectionOptions() } as BullRedisOptions,
            defaultJobOptions: {
              attempts: 10,
              backoff: { type: 'exponential', delay: 1_000 },
              removeOnComplete: { age: 3_600, count: 10_000 },
              removeOnFail: { age: 7 * 86_400 },
            },
          }),
        }),
        BullModule.registerQueue(...QUEUE_NAMES.map((name) => ({ name }))),
      ],
      providers: [QueueOutageShutdown],
      exports: [BullModule],
    };
  }
}
