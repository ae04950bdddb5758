import { ConfigService } from '@libs/platform/config';
import { REDIS } from '@libs/platform/redis';
import { Global, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import Redis from 'ioredis';
import { ProviderRegistry } from './provider-registry';
import { ProvidersModule } from './providers.module';
import { PROVIDER_REGISTRATIONS } from './registry';

async function registryFor(env: Record<string, string>, nodeEnv = 'test') {
  const redis = new Redis({ lazyConnect: true });
  @Global()
  @Module({
    providers: [
      { provide: ConfigService, useValue: new ConfigService({ NODE_ENV: nodeEnv, ...env }) },
      { provide: REDIS, useValue: redis },
    ],
    exports: [ConfigService, REDIS],
  })
  class FakePlatformModule {}
  const moduleRef = await Test.createTestingModule({ imports: [FakePlatformModule, ProvidersModule] }).compile();
  return { registry: moduleRef.get(ProviderRegistry), close: () => moduleRef.close() };
}

describe('ProvidersModule', () => {
  it('registers every provider of registry.ts, on the sandbox when no base URL is set', async () => {
    const { registry, close } = await registryFor({});
    expect(registry.names()).toEqual(PROVIDER_REGISTRATIONS.map((r) => r.name));
    expect(registry.startupLines()).toEqual(['pientegra: enabled (sandbox)', 'sipay: enabled (sandbox)']);
    expect(registry.get('sipay').capabilities.requiresNationalId).toBe(true);
    expect(registry.get('pientegra').capabilities.requestsPerMinute).toBe(60);
    await close();
  });

  it('disables a provider whose real base URL comes without credentials, and says which', async () => {
    const { registry, close } = await registryFor({
      SIPAY_API_BASE: 'https://stsapiuat.walletgate.io',
      SIPAY_TOKEN_URL: 'https://idsuat.walletgate.io/connect/token',
      SIPAY_CLIENT_ID: 'client',
      SIPAY_SENDER_ACCOUNT_NUMBER: '1',
      SIPAY_SENDER_WALLET_NUMBER: '1',
      SIPAY_WEBHOOK_TOKEN: 'token-1234567',
    });
    expect(registry.startupLines()).toContain('sipay: disabled: SIPAY_CLIENT_SECRET not set');
    expect(registry.enabled().map((e) => e.name)).toEqual(['pientegra']);
    expect(registry.get('sipay').name).toBe('sipay');
    await close();
  });

  it('never uses the sandbox in production: without base URL and credentials each provider is disabled', async () => {
    const { registry, close } = await registryFor({}, 'production');
    expect(registry.enabled()).toEqual([]);
    expect(registry.startupLines()).toEqual([
      'pientegra: disabled: PIENTEGRA_API_BASE and PIENTEGRA_API_KEY and PIENTEGRA_WEBHOOK_SECRET not set',
      'sipay: disabled: SIPAY_API_BASE, SIPAY_TOKEN_URL, SIPAY_CLIENT_ID, SIPAY_CLIENT_SECRET, SIPAY_SENDER_ACCOUNT_NUMBER, SIPAY_SENDER_WALLET_NUMBER, SIPAY_WEBHOOK_TOKEN not set',
    ]);
    expect(registry.status('pientegra').usesSandbox).toBe(false);
    await close();
  });

  it('enables a provider in production with its own base URL and credentials', async () => {
    const { registry, close } = await registryFor(
      {
        PIENTEGRA_API_BASE: 'https://api.pientegra.example/api/v1',
        PIENTEGRA_API_KEY: 'sk_live_site_secret',
        PIENTEGRA_WEBHOOK_SECRET: 'whsec_live_1',
      },
      'production',
    );
    expect(registry.startupLines()).toEqual(['pientegra: enabled', expect.stringMatching(/^sipay: disabled: /)]);
    await close();
  });
});
