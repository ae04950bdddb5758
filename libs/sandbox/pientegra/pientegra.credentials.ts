/**
 * The Pientegra credentials the sandbox accepts when none is configured, as sandbox.md publishes them. The adapter
 * declares the same values on its side (libs/sandbox never imports libs/providers); the e2e suites fail if they differ.
 */
export const PIENTEGRA_PUBLISHED_CREDENTIALS = {
  apiKey: 'sk_test_sandbox_pientegra',
  webhookSecret: 'whsec_test_5f1d2c',
} as const;
