import { ConfigService, integer, list, platformConfig, sandboxBaseUrl, text, url } from '@libs/platform/config';
import { railsConfig } from '@libs/rails';
import { defineProviderSlice } from '../contract/provider-config';
import { PIENTEGRA_SANDBOX_DEFAULTS } from './pientegra.sandbox-defaults';

export const pientegraConfig = defineProviderSlice(
  'pientegra',
  {
    apiBase: url(['http', 'https'])('PIENTEGRA_API_BASE', {
      description:
        'Pientegra API base URL, e.g. https://api.pientegra.com/api/v1; unset = the sandbox in development and test, disabled in production',
    }),
    apiKey: text('PIENTEGRA_API_KEY', { description: 'Pientegra API key (sk_live_...)', secret: true }),
    webhookSecrets: list('PIENTEGRA_WEBHOOK_SECRET', {
      description: 'webhook signing secret(s), comma-separated during rotation',
      secret: true,
    }),
    requestsPerMinute: integer(1, 100_000)('PIENTEGRA_REQUESTS_PER_MINUTE', {
      description: 'rate budget per API key shared by every process (Pientegra documents 60)',
      default: '60',
    }),
  },
  (value) => [
    ['PIENTEGRA_API_KEY', [value.apiKey], PIENTEGRA_SANDBOX_DEFAULTS.apiKey],
    ['PIENTEGRA_WEBHOOK_SECRET', value.webhookSecrets ?? [], PIENTEGRA_SANDBOX_DEFAULTS.webhookSecret],
  ],
);

export interface PientegraSettings {
  enabled: boolean;
  /** Why it is disabled, for the start-up log. */
  disabledReason?: string;
  usesSandbox: boolean;
  apiBase: string;
  apiKey: string;
  webhookSecrets: string[];
  requestsPerMinute: number;
  timeoutMs: number;
  /** FAST_MAX_AMOUNT (the rails' setting): the FAST cap of the rails it declares. */
  fastMaxAmount: bigint;
}

/**
 * Unset base = the sandbox with its test credentials, in development and test only; production never uses the sandbox
 * or its credentials, so there an unset base, like a base without credentials, leaves Pientegra disabled.
 */
export function resolvePientegraSettings(config: ConfigService): PientegraSettings {
  const slice = config.get(pientegraConfig);
  const platform = config.get(platformConfig);
  const usesSandbox = slice.apiBase === undefined && platform.nodeEnv !== 'production';
  const apiKey = slice.apiKey ?? (usesSandbox ? PIENTEGRA_SANDBOX_DEFAULTS.apiKey : '');
  const webhookSecrets =
    slice.webhookSecrets && slice.webhookSecrets.length > 0
      ? slice.webhookSecrets
      : usesSandbox
        ? [PIENTEGRA_SANDBOX_DEFAULTS.webhookSecret]
        : [];
  const missing = [
    slice.apiBase === undefined && !usesSandbox && 'PIENTEGRA_API_BASE',
    !apiKey && 'PIENTEGRA_API_KEY',
    webhookSecrets.length === 0 && 'PIENTEGRA_WEBHOOK_SECRET',
  ].filter(Boolean);
  return {
    enabled: missing.length === 0,
    disabledReason: missing.length > 0 ? `${missing.join(' and ')} not set` : undefined,
    usesSandbox,
    // Disabled without a base: nothing is sent, and a lookup of an old attempt fails as a transport error.
    apiBase: slice.apiBase ?? (usesSandbox ? `${sandboxBaseUrl(platform.sandboxPort)}/pientegra/api/v1` : ''),
    apiKey,
    webhookSecrets,
    requestsPerMinute: slice.requestsPerMinute,
    timeoutMs: platform.providerTimeoutMs,
    fastMaxAmount: config.get(railsConfig).fastMaxAmount,
  };
}
