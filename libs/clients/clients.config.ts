import { defineSlice, duration, integer } from '@libs/platform/config';

export const clientsConfig = defineSlice('clients', {
  rateLimitPerMinute: integer(1, 1_000_000)('API_RATE_LIMIT_PER_MINUTE', {
    description: 'requests per minute one API client may make, across all api processes (429 rate_limited beyond)',
    default: '6000',
  }),
  publicRateLimitPerMinute: integer(1, 10_000_000)('PUBLIC_RATE_LIMIT_PER_MINUTE', {
    description:
      'requests per minute one address may make to routes without an API key (provider webhooks, /ops pages); 429 beyond',
    default: '20000',
  }),
  authFailureLimitPerMinute: integer(1, 1_000_000)('AUTH_FAILURE_LIMIT_PER_MINUTE', {
    description:
      'requests per minute with a missing, unknown or revoked API key from one address; beyond, 429 before the key lookup',
    default: '300',
  }),
  opsLoginFailureLimit: integer(1, 1_000)('OPS_LOGIN_FAILURE_LIMIT', {
    description: 'failed /ops/login attempts one address may make per OPS_LOGIN_FAILURE_WINDOW; 429 beyond',
    default: '10',
  }),
  opsLoginFailureWindowMs: duration('OPS_LOGIN_FAILURE_WINDOW', {
    description: 'the window of OPS_LOGIN_FAILURE_LIMIT, and how long an address that spent it is refused',
    default: '15m',
  }),
});
