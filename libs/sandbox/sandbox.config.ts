import { defineSlice, duration, integer, oneOf, text, url } from '@libs/platform/config';
import { configOfEmulators } from './emulator-registration';
import { EMULATORS } from './emulators';

/**
 * The sandbox's variables, with each emulator's own (its `config` parts, placed where the configuration table lists
 * them). The emulators read the same credential variables as the adapters (one environment configures both sides),
 * but declare them themselves: libs/sandbox never imports libs/providers (style.md §1).
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
  ...configOfEmulators(EMULATORS, 'settings'),
  chaosSeed: integer(0, 2_147_483_647)('SANDBOX_CHAOS_SEED', {
    description:
      'chaos mode: every provider request behaves as drawn from this seed instead of the amount (unset = off)',
  }),
  chaosProfile: oneOf(['default', 'gentle'] as const)('SANDBOX_CHAOS_PROFILE', {
    description: 'chaos mode weight table (libs/sandbox/chaos/chaos-profile.ts)',
    default: 'default',
  }),
  ...configOfEmulators(EMULATORS, 'chaos'),
  chaosLateMs: duration('SANDBOX_CHAOS_LATE', {
    description: 'chaos mode: latest a late webhook comes, and longest a manual review lasts before it ends itself',
    default: '2s',
  }),
  ...configOfEmulators(EMULATORS, 'credentials'),
});
