import {
  addressRanges,
  AddressRanges,
  ConfigService,
  duration,
  platformConfig,
  sandboxBaseUrl,
  text,
  url,
} from '@libs/platform/config';
import { railsConfig } from '@libs/rails';
import { defineProviderSlice } from '../contract/provider-config';
import { SIPAY_SANDBOX_DEFAULTS } from './sipay.sandbox-defaults';

export const sipayConfig = defineProviderSlice(
  'sipay',
  {
    apiBase: url(['http', 'https'])('SIPAY_API_BASE', {
      description:
        'Sipay API base URL, e.g. https://stsapiuat.walletgate.io; unset = the sandbox in development and test, disabled in production',
    }),
    tokenUrl: url(['http', 'https'])('SIPAY_TOKEN_URL', {
      description:
        'Sipay OAuth token URL, e.g. https://idsuat.walletgate.io/connect/token; unset = the sandbox in development and test',
    }),
    clientId: text('SIPAY_CLIENT_ID', { description: 'Sipay OAuth client id' }),
    clientSecret: text('SIPAY_CLIENT_SECRET', { description: 'Sipay OAuth client secret', secret: true }),
    scope: text('SIPAY_SCOPE', { description: 'Sipay OAuth scope', default: SIPAY_SANDBOX_DEFAULTS.scope }),
    clientKey: text('SIPAY_CLIENT_KEY', { description: 'value of the x-client-id header, when Sipay requires it' }),
    senderAccountNumber: text('SIPAY_SENDER_ACCOUNT_NUMBER', { description: 'our Sipay account number (sender)' }),
    senderWalletNumber: text('SIPAY_SENDER_WALLET_NUMBER', { description: 'our Sipay wallet number (sender)' }),
    webhookToken: text('SIPAY_WEBHOOK_TOKEN', {
      description: 'unguessable path token of /v1/webhooks/sipay/{token} (Sipay signs nothing)',
      secret: true,
    }),
    webhookAllowedIps: addressRanges('SIPAY_WEBHOOK_ALLOWED_IPS', {
      description:
        'if set, Sipay webhooks are accepted only from these addresses and CIDR ranges (IPv4 or IPv6; the client address ' +
        'as TRUST_PROXY resolves it)',
      default: '',
    }),
    webhookWindowMs: duration('SIPAY_WEBHOOK_WINDOW', {
      description: 'no webhook this long after acceptance while the lookup says pending = manual review',
      default: '10m',
    }),
    consistencyWindowMs: duration('SIPAY_CONSISTENCY_WINDOW', {
      description: 'how long after a submission a lookup "not found" still proves nothing',
      default: '30m',
    }),
  },
  (value) => [
    ['SIPAY_CLIENT_SECRET', [value.clientSecret], SIPAY_SANDBOX_DEFAULTS.clientSecret],
    ['SIPAY_WEBHOOK_TOKEN', [value.webhookToken], SIPAY_SANDBOX_DEFAULTS.webhookToken],
  ],
);

export interface SipaySettings {
  enabled: boolean;
  disabledReason?: string;
  usesSandbox: boolean;
  apiBase: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scope: string;
  clientKey?: string;
  senderAccountNumber: string;
  senderWalletNumber: string;
  webhookToken: string;
  webhookAllowedIps: AddressRanges;
  webhookWindowMs: number;
  consistencyWindowMs: number;
  timeoutMs: number;
  /** FAST_MAX_AMOUNT (the rails' setting): the FAST cap of the rails it declares. */
  fastMaxAmount: bigint;
}

/**
 * Unset base = the sandbox with its test credentials, in development and test only; production never uses the sandbox
 * or its credentials, so there an unset base, like a base without credentials, leaves Sipay disabled.
 */
export function resolveSipaySettings(config: ConfigService): SipaySettings {
  const slice = config.get(sipayConfig);
  const platform = config.get(platformConfig);
  const usesSandbox = slice.apiBase === undefined && platform.nodeEnv !== 'production';
  const sandboxBase = `${sandboxBaseUrl(platform.sandboxPort)}/sipay`;
  const orDefault = (value: string | undefined, fallback: string) => value ?? (usesSandbox ? fallback : '');
  const settings: SipaySettings = {
    enabled: true,
    usesSandbox,
    // Disabled without a base: nothing is sent, and a lookup of an old attempt fails as a transport error.
    apiBase: slice.apiBase ?? (usesSandbox ? sandboxBase : ''),
    tokenUrl: slice.tokenUrl ?? (usesSandbox ? `${sandboxBase}/connect/token` : ''),
    clientId: orDefault(slice.clientId, SIPAY_SANDBOX_DEFAULTS.clientId),
    clientSecret: orDefault(slice.clientSecret, SIPAY_SANDBOX_DEFAULTS.clientSecret),
    scope: slice.scope,
    clientKey: slice.clientKey ?? (usesSandbox ? SIPAY_SANDBOX_DEFAULTS.clientKey : undefined),
    senderAccountNumber: orDefault(slice.senderAccountNumber, SIPAY_SANDBOX_DEFAULTS.senderAccountNumber),
    senderWalletNumber: orDefault(slice.senderWalletNumber, SIPAY_SANDBOX_DEFAULTS.senderWalletNumber),
    webhookToken: orDefault(slice.webhookToken, SIPAY_SANDBOX_DEFAULTS.webhookToken),
    webhookAllowedIps: slice.webhookAllowedIps,
    webhookWindowMs: slice.webhookWindowMs,
    consistencyWindowMs: slice.consistencyWindowMs,
    timeoutMs: platform.providerTimeoutMs,
    fastMaxAmount: config.get(railsConfig).fastMaxAmount,
  };
  const required: [string, string][] = [
    ['SIPAY_API_BASE', settings.apiBase],
    ['SIPAY_TOKEN_URL', settings.tokenUrl],
    ['SIPAY_CLIENT_ID', settings.clientId],
    ['SIPAY_CLIENT_SECRET', settings.clientSecret],
    ['SIPAY_SENDER_ACCOUNT_NUMBER', settings.senderAccountNumber],
    ['SIPAY_SENDER_WALLET_NUMBER', settings.senderWalletNumber],
    ['SIPAY_WEBHOOK_TOKEN', settings.webhookToken],
  ];
  const missing = required.filter(([, value]) => !value).map(([name]) => name);
  if (missing.length > 0) {
    settings.enabled = false;
    settings.disabledReason = `${missing.join(', ')} not set`;
  }
  return settings;
}
