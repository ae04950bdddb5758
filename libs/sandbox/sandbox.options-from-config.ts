import { ConfigService, platformConfig } from '@libs/platform/config';
import { PIENTEGRA_PUBLISHED_CREDENTIALS } from './pientegra/pientegra.credentials';
import { sandboxConfig } from './sandbox.config';
import type { SandboxOptions } from './sandbox.options';
import { SIPAY_PUBLISHED_CREDENTIALS } from './sipay/sipay.credentials';

/**
 * The sandbox's options from the environment. Unset credentials fall back to the documented test defaults, the same
 * ones the adapters use when they point at the sandbox, so one environment configures both sides.
 */
export function sandboxOptionsFromConfig(config: ConfigService): SandboxOptions {
  const platform = config.get(platformConfig);
  const sandbox = config.get(sandboxConfig);
  const secrets = sandbox.pientegraWebhookSecrets ?? [];
  return {
    host: sandbox.host,
    port: platform.sandboxPort,
    webhookTarget: sandbox.webhookTarget ?? `http://127.0.0.1:${platform.apiPort}`,
    webhookDelayMs: sandbox.webhookDelayMs,
    timeoutHoldMs: sandbox.timeoutHoldMs,
    tokenTtlMs: sandbox.tokenTtlMs,
    webhookRetryBaseMs: sandbox.webhookRetryBaseMs,
    pientegraApiKey: sandbox.pientegraApiKey ?? PIENTEGRA_PUBLISHED_CREDENTIALS.apiKey,
    pientegraWebhookSecrets: secrets.length > 0 ? secrets : [PIENTEGRA_PUBLISHED_CREDENTIALS.webhookSecret],
    sipayClientId: sandbox.sipayClientId ?? SIPAY_PUBLISHED_CREDENTIALS.clientId,
    sipayClientSecret: sandbox.sipayClientSecret ?? SIPAY_PUBLISHED_CREDENTIALS.clientSecret,
    sipayWebhookToken: sandbox.sipayWebhookToken ?? SIPAY_PUBLISHED_CREDENTIALS.webhookToken,
    chaos: {
      seed: sandbox.chaosSeed,
      profile: sandbox.chaosProfile,
      sipayLagMaxMs: sandbox.chaosSipayLagMs,
      lateMaxMs: sandbox.chaosLateMs,
    },
  };
}
