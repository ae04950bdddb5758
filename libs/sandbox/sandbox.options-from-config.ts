import { ConfigService, platformConfig, SANDBOX_DEFAULTS } from '@libs/platform/config';
import { sandboxConfig } from './sandbox.config';
import type { SandboxOptions } from './sandbox.options';

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
    pientegraApiKey: sandbox.pientegraApiKey ?? SANDBOX_DEFAULTS.pientegraApiKey,
    pientegraWebhookSecrets: secrets.length > 0 ? secrets : [SANDBOX_DEFAULTS.pientegraWebhookSecret],
    sipayClientId: sandbox.sipayClientId ?? SANDBOX_DEFAULTS.sipayClientId,
    sipayClientSecret: sandbox.sipayClientSecret ?? SANDBOX_DEFAULTS.sipayClientSecret,
    sipayWebhookToken: sandbox.sipayWebhookToken ?? SANDBOX_DEFAULTS.sipayWebhookToken,
    chaos: {
      seed: sandbox.chaosSeed,
      profile: sandbox.chaosProfile,
      sipayLagMaxMs: sandbox.chaosSipayLagMs,
      lateMaxMs: sandbox.chaosLateMs,
    },
  };
}
