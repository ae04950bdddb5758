/**
 * The sandbox's documented Sipay test credentials (sandbox.md): the adapter uses them when no SIPAY_ variable is set
 * outside production, and production start-up refuses the secret ones. Test values, not secrets.
 */
export const SIPAY_SANDBOX_DEFAULTS = {
  clientId: 'sandbox-client',
  clientSecret: 'sandbox-secret',
  scope: 'sts_business_api',
  clientKey: 'sandbox-client-key',
  senderAccountNumber: '123456789',
  senderWalletNumber: '123456789',
  webhookToken: 'sandbox-sipay-webhook-token',
} as const;
