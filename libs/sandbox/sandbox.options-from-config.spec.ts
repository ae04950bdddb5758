import { ConfigService } from '@libs/platform/config';
import { PIENTEGRA_PUBLISHED_CREDENTIALS } from './pientegra/pientegra.credentials';
import { SIPAY_PUBLISHED_CREDENTIALS } from './sipay/sipay.credentials';
import { sandboxOptionsFromConfig } from './sandbox.options-from-config';

describe('sandboxOptionsFromConfig', () => {
  it('falls back to the documented test credentials and defaults when nothing is set', () => {
    expect(sandboxOptionsFromConfig(new ConfigService({}))).toEqual({
      host: '127.0.0.1',
      port: 4010,
      webhookTarget: 'http://127.0.0.1:3000',
      webhookDelayMs: 1_000,
      timeoutHoldMs: 30_000,
      tokenTtlMs: 3_600_000,
      webhookRetryBaseMs: 1_000,
      pientegraApiKey: PIENTEGRA_PUBLISHED_CREDENTIALS.apiKey,
      pientegraWebhookSecrets: ['whsec_test_5f1d2c'],
      sipayClientId: SIPAY_PUBLISHED_CREDENTIALS.clientId,
      sipayClientSecret: SIPAY_PUBLISHED_CREDENTIALS.clientSecret,
      sipayWebhookToken: SIPAY_PUBLISHED_CREDENTIALS.webhookToken,
      chaos: { seed: undefined, profile: 'default', sipayLagMaxMs: 1_000, lateMaxMs: 2_000 },
    });
  });

  it('turns chaos mode on from SANDBOX_CHAOS_SEED', () => {
    const options = sandboxOptionsFromConfig(
      new ConfigService({ SANDBOX_CHAOS_SEED: '42', SANDBOX_CHAOS_PROFILE: 'gentle', SANDBOX_CHAOS_SIPAY_LAG: '3s' }),
    );
    expect(options.chaos).toMatchObject({ seed: 42, profile: 'gentle', sipayLagMaxMs: 3_000 });
  });

  it('reads the same variables as the service, so one environment configures both sides', () => {
    const options = sandboxOptionsFromConfig(
      new ConfigService({
        PORT: '3100',
        SANDBOX_PORT: '4100',
        SANDBOX_WEBHOOK_DELAY: '50ms',
        SANDBOX_TIMEOUT_HOLD: '2s',
        SANDBOX_TOKEN_TTL: '5m',
        PIENTEGRA_API_KEY: 'sk_live_site_secret',
        PIENTEGRA_WEBHOOK_SECRET: 'whsec_new, whsec_old',
        SIPAY_CLIENT_ID: 'client',
        SIPAY_CLIENT_SECRET: 'secret',
        SIPAY_WEBHOOK_TOKEN: 'token',
      }),
    );
    expect(options).toMatchObject({
      port: 4100,
      webhookTarget: 'http://127.0.0.1:3100',
      webhookDelayMs: 50,
      timeoutHoldMs: 2_000,
      tokenTtlMs: 300_000,
      pientegraApiKey: 'sk_live_site_secret',
      pientegraWebhookSecrets: ['whsec_new', 'whsec_old'],
      sipayClientId: 'client',
      sipayClientSecret: 'secret',
      sipayWebhookToken: 'token',
    });
    expect(
      sandboxOptionsFromConfig(new ConfigService({ SANDBOX_WEBHOOK_TARGET: 'http://api:3000/' })).webhookTarget,
    ).toBe('http://api:3000');
  });
});
