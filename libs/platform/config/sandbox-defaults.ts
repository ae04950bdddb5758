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

/** One line per variable of `given` that holds a published test secret: start-up refuses these in production. */
export function publishedSecretProblems(
  given: readonly [env: string, values: readonly (string | undefined)[], published: string][],
): string[] {
  return given
    .filter(([, values, published]) => values.includes(published))
    .map(([env]) => `${env} is the sandbox's published test value: never valid when NODE_ENV=production`);
}

export const sandboxBaseUrl = (port: number) => `http://127.0.0.1:${port}`;
