/**
 * The Sipay credentials the sandbox accepts when none is configured, as sandbox.md publishes them. The adapter declares
 * the same values on its side (libs/sandbox never imports libs/providers); the e2e suites fail if they differ.
 */
export const SIPAY_PUBLISHED_CREDENTIALS = {
  clientId: 'sandbox-client',
  clientSecret: 'sandbox-secret',
  webhookToken: 'sandbox-sipay-webhook-token',
} as const;
