import { ConfigService } from '@libs/platform/config';
import { REDIS } from '@libs/platform/redis';
import { Module } from '@nestjs/common';
import type Redis from 'ioredis';
import { createHash } from 'node:crypto';
import { instrumentProvider } from '../contract/instrumented-provider';
import { operationTimeoutMs } from '../contract/operation-timeout';
import type { PayoutProvider } from '../contract/payout-provider';
import { ProviderLogger, providerTextRedactor } from '../contract/provider-logger';
import type { ProviderMetrics } from '../contract/provider-metrics';
import type { ProviderEntry, ProviderRegistration } from '../contract/provider-registration';
import { PROVIDERS_REDIS_PREFIX } from '../contract/redis-keys';
import { DEFAULT_RETRY_POLICY, RetryClock, RetryPolicy, systemRetryClock } from '../contract/retry-policy';
import { SipayAdapter } from './sipay.adapter';
import { SipayClient } from './sipay.client';
import { sipayConfig, resolveSipaySettings, SipaySettings } from './sipay.config';
import { RedisTokenStore } from '../contract/redis-token-store';
import { SipayTokenClient } from './sipay.token';
import type { TokenStore } from '../contract/token-store';

export interface SipayDependencies {
  tokenStore: TokenStore;
  clock?: RetryClock;
  retryPolicy?: RetryPolicy;
  logger?: ProviderLogger;
  metrics?: ProviderMetrics;
}

/** Which credentials a cached token belongs to, without naming the secret. */
export const sipayTokenScope = (settings: SipaySettings): string =>
  createHash('sha256')
    .update(`${settings.tokenUrl}\n${settings.clientId}\n${settings.scope}`)
    .digest('hex')
    .slice(0, 16);

/** The instrumented Sipay adapter; tests build it with an in-memory token store and a fake clock. */
export function createSipayProvider(settings: SipaySettings, deps: SipayDependencies): PayoutProvider {
  const clock = deps.clock ?? systemRetryClock;
  const redact = providerTextRedactor([settings.clientSecret, settings.webhookToken]);
  const retryPolicy = deps.retryPolicy ?? DEFAULT_RETRY_POLICY;
  const tokens = new SipayTokenClient({
    tokenUrl: settings.tokenUrl,
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    scope: settings.scope,
    timeoutMs: settings.timeoutMs,
    store: deps.tokenStore,
    clock,
    retryPolicy,
  });
  const client = new SipayClient({
    apiBase: settings.apiBase,
    clientKey: settings.clientKey,
    timeoutMs: settings.timeoutMs,
    tokens,
    retryPolicy,
    clock,
  });
  const adapter = new SipayAdapter({
    client,
    redact,
    senderAccountNumber: settings.senderAccountNumber,
    senderWalletNumber: settings.senderWalletNumber,
    webhookToken: settings.webhookToken,
    webhookAllowedIps: settings.webhookAllowedIps,
    webhookWindowMs: settings.webhookWindowMs,
    consistencyWindowMs: settings.consistencyWindowMs,
    fastMaxAmount: settings.fastMaxAmount,
    now: clock.now,
  });
  return instrumentProvider(adapter, {
    logger: deps.logger,
    metrics: deps.metrics,
    redact,
    // A token fetch, a send and a lookup may all run in one submit.
    operationTimeoutMs: 2 * operationTimeoutMs(settings.timeoutMs, retryPolicy),
    now: clock.now,
  });
}

export const SIPAY_ENTRY = Symbol('SIPAY_ENTRY');

@Module({
  providers: [
    {
      provide: SIPAY_ENTRY,
      inject: [ConfigService, REDIS],
      useFactory: (config: ConfigService, redis: Redis): ProviderEntry => {
        const settings = resolveSipaySettings(config);
        const { enabled, disabledReason, usesSandbox } = settings;
        const tokenStore = new RedisTokenStore(redis, PROVIDERS_REDIS_PREFIX, `sipay:${sipayTokenScope(settings)}`);
        const provider = createSipayProvider(settings, { tokenStore });
        return { name: provider.name, status: { enabled, disabledReason, usesSandbox }, provider };
      },
    },
  ],
  exports: [SIPAY_ENTRY],
})
export class SipayModule {}

export const sipayRegistration: ProviderRegistration = {
  name: 'sipay',
  displayName: 'Sipay',
  module: SipayModule,
  entryToken: SIPAY_ENTRY,
  config: sipayConfig,
};
