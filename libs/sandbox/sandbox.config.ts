import { defineSlice, duration, integer, list, oneOf, text, url } from '@libs/platform/config';

/**
 * The sandbox reads the same credential variables as the adapters (one environment configures both sides), but
 * declares them itself: libs/sandbox never imports libs/providers (style.md §1).
 */
export const sandboxConfig = defineSlice('sandbox', {
  host: text('SANDBOX_HOST', {
    description: 'interface the sandbox binds (its control API answers loopback callers only, whatever the host)',
    default: '127.0.0.1',
  }),
  webhookTarget: url(['http', 'https'])('SANDBOX_WEBHOOK_TARGET', {
    description: 'base URL the sandbox delivers webhooks to (default http://127.0.0.1:$PORT)',
  }),
  webhookDelayMs: duration('SANDBOX_WEBHOOK_DELAY', {
    description: 'time between acceptance and the outcome webhook',
    default: '1s',
  }),
  timeoutHoldMs: duration('SANDBOX_TIMEOUT_HOLD', {
    description: 'how long a "timeout after accept" (or slow mode) response is held',
    default: '30s',
  }),
  webhookRetryBaseMs: duration('SANDBOX_WEBHOOK_RETRY_BASE', {
    description:
      'first wait before a failed webhook delivery is retried (doubles per attempt, at most 1m, 10 attempts)',
    default: '1s',
  }),
  tokenTtlMs: duration('SANDBOX_TOKEN_TTL', { description: 'lifetime of sandbox Sipay tokens', default: '1h' }),
  chaosSeed: integer(0, 2_147_483_647)('SANDBOX_CHAOS_SEED', {
    description:
      'chaos mode: every provider request behaves as drawn from this seed instead of the amount (unset = off)',
  }),
  chaosProfile: oneOf(['default', 'gentle'] as const)('SANDBOX_CHAOS_PROFILE', {
    description: 'chaos mode weight table (libs/sandbox/chaos/chaos-profile.ts)',
    default: 'default',
  }),
  chaosSipayLagMs: duration('SANDBOX_CHAOS_SIPAY_LAG', {
    description:
      'chaos mode: longest a Sipay record stays invisible to the lookup (keep below SIPAY_CONSISTENCY_WINDOW)',
    default: '1s',
  }),
  chaosLateMs: duration('SANDBOX_CHAOS_LATE', {
    description: 'chaos mode: latest a late webhook comes, and longest a manual review lasts before it ends itself',
    default: '2s',
  }),
  pientegraApiKey: text('PIENTEGRA_API_KEY', { description: 'Pientegra API key (sk_live_...)', secret: true }),
  pientegraWebhookSecrets: list('PIENTEGRA_WEBHOOK_SECRET', {
    description: 'webhook signing secret(s), comma-separated during rotation',
    secret: true,
  }),
  sipayClientId: text('SIPAY_CLIENT_ID', { description: 'Sipay OAuth client id' }),
  sipayClientSecret: text('SIPAY_CLIENT_SECRET', { description: 'Sipay OAuth client secret', secret: true }),
  sipayWebhookToken: text('SIPAY_WEBHOOK_TOKEN', {
    description: 'unguessable path token of /v1/webhooks/sipay/{token} (Sipay signs nothing)',
    secret: true,
  }),
});
