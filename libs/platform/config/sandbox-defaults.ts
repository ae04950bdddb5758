/**
 * The documented test credentials shared by the provider sandbox and, when no provider variable is set, by the
 * adapters (sandbox.md). They are test values, not secrets; a real deployment sets its own.
 */
export const SANDBOX_DEFAULTS = {
  pientegraApiKey: 'sk_test_sandbox_pientegra',
  pientegraWebhookSecret: 'whsec_test_5f1d2c',
  sipayClientId: 'sandbox-client',
  sipayClientSecret: 'sandbox-secret',
  sipayScope: 'sts_business_api',
  sipayClientKey: 'sandbox-client-key',
  sipaySenderAccountNumber: '123456789',
  sipaySenderWalletNumber: '123456789',
  sipayWebhookToken: 'sandbox-sipay-webhook-token',
  sandboxPort: 4010,
} as const;

export const sandboxBaseUrl = (port: number) => `http://127.0.0.1:${port}`;
