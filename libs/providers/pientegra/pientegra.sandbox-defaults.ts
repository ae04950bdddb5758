/**
 * The sandbox's documented Pientegra test credentials (sandbox.md): the adapter uses them when no PIENTEGRA_ variable
 * is set outside production, and production start-up refuses them. Test values, not secrets.
 */
export const PIENTEGRA_SANDBOX_DEFAULTS = {
  apiKey: 'sk_test_sandbox_pientegra',
  webhookSecret: 'whsec_test_5f1d2c',
} as const;
