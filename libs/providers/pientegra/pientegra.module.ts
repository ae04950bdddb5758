import { ConfigService } from '@libs/platform/config';
import { REDIS } from '@libs/platform/redis';
import { Module } from '@nestjs/common';
import type Redis from 'ioredis';
import { instrumentProvider } from '../contract/instrumented-provider';
import { operationTimeoutMs } from '../contract/operation-timeout';
import type { PayoutProvider } from '../contract/payout-provider';
import { ProviderLogger, providerTextRedactor } from '../contract/provider-logger';
import type { ProviderMetrics } from '../contract/provider-metrics';
import type { ProviderEntry, ProviderRegistration } from '../contract/provider-registration';
import type { RateBudget } from '../contract/rate-budget';
import { RedisRateBudget } from '../contract/redis-rate-budget';
import { PROVIDERS_REDIS_PREFIX } from '../contract/redis-keys';
import { DEFAULT_RETRY_POLICY, RetryClock, RetryPolicy, systemRetryClock } from '../contract/retry-policy';
import { PientegraAdapter } from './pientegra.adapter';
import { PientegraClient } from './pientegra.client';
import { pientegraConfig, PientegraSettings, resolvePientegraSettings } from './pientegra.config';

export interface PientegraDependencies {
  budget: RateBudget;
  clock?: RetryClock;
  retryPolicy?: RetryPolicy;
  /** Wait at most this long for a slot of the shared budget; default 10 s. */
  budgetMaxWaitMs?: number;
  logger?: ProviderLogger;
  metrics?: ProviderMetrics;
}

/** The instrumented Pientegra adapter; tests build it with an in-memory budget and a fake clock. */
export function createPientegraProvider(settings: PientegraSettings, deps: PientegraDependencies): PayoutProvider {
  const clock = deps.clock ?? systemRetryClock;
  const redact = providerTextRedactor([settings.apiKey, ...settings.webhookSecrets]);
  const retryPolicy = deps.retryPolicy ?? DEFAULT_RETRY_POLICY;
  const budgetMaxWaitMs = deps.budgetMaxWaitMs ?? 10_000;
  const client = new PientegraClient({
    apiBase: settings.apiBase,
    apiKey: settings.apiKey,
    timeoutMs: settings.timeoutMs,
    requestsPerMinute: settings.requestsPerMinute,
    budgetMaxWaitMs,
    budget: deps.budget,
    retryPolicy,
    clock,
  });
  const adapter = new PientegraAdapter({
    client,
    redact,
    webhookSecrets: settings.webhookSecrets,
    requestsPerMinute: settings.requestsPerMinute,
    fastMaxAmount: settings.fastMaxAmount,
    now: clock.now,
  });
  return instrumentProvider(adapter, {
    logger: deps.logger,
    metrics: deps.metrics,
    redact,
    operationTimeoutMs: operationTimeoutMs(settings.timeoutMs, retryPolicy, budgetMaxWaitMs),
    now: clock.now,
  });
}

export const PIENTEGRA_ENTRY = Symbol('PIENTEGRA_ENTRY');

@Module({
  providers: [
    {
      provide: PIENTEGRA_ENTRY,
      inject: [ConfigService, REDIS],
      useFactory: (config: ConfigService, redis: Redis): ProviderEntry => {
        const settings = resolvePientegraSettings(config);
        const { enabled, disabledReason, usesSandbox } = settings;
        const provider = createPientegraProvider(settings, {
          budget: new RedisRateBudget(redis, PROVIDERS_REDIS_PREFIX),
        });
        return { name: provider.name, status: { enabled, disabledReason, usesSandbox }, provider };
      },
    },
  ],
  exports: [PIENTEGRA_ENTRY],
})
export class PientegraModule {}

export const pientegraRegistration: ProviderRegistration = {
  name: 'pientegra',
  displayName: 'Pientegra',
  module: PientegraModule,
  entryToken: PIENTEGRA_ENTRY,
  config: pientegraConfig,
};
