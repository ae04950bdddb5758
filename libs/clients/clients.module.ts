import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { ConfigService } from '@libs/platform/config';
import { REDIS } from '@libs/platform/redis';
import { clientsConfig } from './clients.config';
import { ApiKeyGuard, CLIENT_STORE, PUBLIC_PATH_PREFIXES } from './http/api-key.guard';
import { ClientThrottlerGuard } from './http/client-throttler.guard';
import { ClientRepository } from './persistence/client.repository';

/**
 * API-key authentication, scopes and per-client rate limiting for every route of the process that imports it (the
 * api). Guards run in the order listed: authenticate first, so the rate limit is keyed by the client.
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [ConfigService, REDIS],
      useFactory: (config: ConfigService, redis: Redis) => ({
        throttlers: [{ name: 'client', ttl: 60_000, limit: config.get(clientsConfig).rateLimitPerMinute }],
        storage: new ThrottlerStorageRedisService(redis),
      }),
    }),
  ],
  providers: [
    {
      provide: CLIENT_STORE,
      inject: [DataSource],
      useFactory: (dataSource: DataSource) => new ClientRepository(dataSource.manager),
    },
    // Platform controllers (health, metrics) live below this context and cannot import @Public().
    { provide: PUBLIC_PATH_PREFIXES, useValue: ['/health', '/metrics'] },
    { provide: APP_GUARD, useClass: ApiKeyGuard },
    { provide: APP_GUARD, useClass: ClientThrottlerGuard },
  ],
  exports: [CLIENT_STORE],
})
export class ClientsAuthModule {}
