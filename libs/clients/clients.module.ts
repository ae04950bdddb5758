import { Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { ConfigService } from '@libs/platform/config';
import { FAIL_FAST_REDIS } from '@libs/platform/redis';
import { clientsConfig } from './clients.config';
import { rateLimitDegradedGauge } from './clients.metrics';
import { ApiKeyGuard, AUTH_FAILURE_BUDGET, CLIENT_STORE, PUBLIC_PATH_PREFIXES } from './http/api-key.guard';
import { CLIENT_THROTTLER, ClientThrottlerGuard } from './http/client-throttler.guard';
import { FailedAttemptBudget } from './http/failed-attempt-budget';
import { LocalRequestBudget } from './http/local-request-budget';
import { PUBLIC_THROTTLER, PublicThrottlerGuard } from './http/public-throttler.guard';
import { RequestBudgetStorage } from './http/request-budget.storage';
import { ClientRepository } from './persistence/client.repository';

const MINUTE_MS = 60_000;
/** Failed /ops/login attempts per address (a FailedAttemptBudget); the ops login form spends and checks it. */
export const OPS_LOGIN_BUDGET = Symbol('OPS_LOGIN_BUDGET');

class RequestBudgetCloser implements OnApplicationShutdown {
  constructor(@Inject(RequestBudgetStorage) private readonly storage: RequestBudgetStorage) {}
  onApplicationShutdown(): void {
    this.storage.close();
  }
}

/** The one store of every request budget, for the throttler guards and the failed-attempt budgets alike. */
@Module({
  providers: [
    {
      provide: RequestBudgetStorage,
      inject: [FAIL_FAST_REDIS],
      useFactory: (redis: Redis) => new RequestBudgetStorage(redis, rateLimitDegradedGauge()),
    },
    RequestBudgetCloser,
  ],
  exports: [RequestBudgetStorage],
})
class RequestBudgetStorageModule {}

/**
 * API-key authentication, scopes and request budgets for every route of the process that imports it (the api).
 * Guards run in the order listed: the per-address budget of unauthenticated routes first, then authentication, then
 * the per-client budget, keyed by the client. The per-client and failed-attempt budgets count in Redis (per process
 * while Redis is unreachable); the per-address budget of routes without a key counts per process.
 */
@Module({
  imports: [
    RequestBudgetStorageModule,
    ThrottlerModule.forRootAsync({
      imports: [RequestBudgetStorageModule],
      inject: [ConfigService, RequestBudgetStorage],
      useFactory: (config: ConfigService, storage: RequestBudgetStorage) => ({
        throttlers: [
          { name: CLIENT_THROTTLER, ttl: MINUTE_MS, limit: config.get(clientsConfig).rateLimitPerMinute },
          { name: PUBLIC_THROTTLER, ttl: MINUTE_MS, limit: config.get(clientsConfig).publicRateLimitPerMinute },
        ],
        storage,
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
    {
      provide: AUTH_FAILURE_BUDGET,
      inject: [RequestBudgetStorage, ConfigService],
      useFactory: (storage: RequestBudgetStorage, config: ConfigService) =>
        new FailedAttemptBudget(
          storage,
          'auth_failure',
          config.get(clientsConfig).authFailureLimitPerMinute,
          MINUTE_MS,
        ),
    },
    {
      provide: OPS_LOGIN_BUDGET,
      inject: [RequestBudgetStorage, ConfigService],
      useFactory: (storage: RequestBudgetStorage, config: ConfigService) => {
        const { opsLoginFailureLimit, opsLoginFailureWindowMs } = config.get(clientsConfig);
        return new FailedAttemptBudget(storage, 'ops_login', opsLoginFailureLimit, opsLoginFailureWindowMs);
      },
    },
    // The per-address budget of routes without a key counts per process (PublicThrottlerGuard says why).
    { provide: LocalRequestBudget, useValue: new LocalRequestBudget() },
    { provide: APP_GUARD, useClass: PublicThrottlerGuard },
    { provide: APP_GUARD, useClass: ApiKeyGuard },
    { provide: APP_GUARD, useClass: ClientThrottlerGuard },
  ],
  exports: [CLIENT_STORE, OPS_LOGIN_BUDGET, LocalRequestBudget],
})
export class ClientsAuthModule {}
