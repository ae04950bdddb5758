import { defineSlice, duration, integer } from '@libs/platform/config';

export const webhooksConfig = defineSlice('webhooks', {
  maxBodyBytes: integer(1_024, 1_048_576)('WEBHOOK_MAX_BODY_BYTES', {
    description: 'largest provider webhook body accepted, in bytes (413 beyond, nothing stored)',
    default: '65536',
  }),
  claimIntervalMs: duration('WEBHOOK_CLAIM_INTERVAL', {
    description:
      'how soon a worker with nothing to do looks for newly stored (or newly due) inbox rows again (not scaled); each look that finds none doubles the wait, up to 250ms; a busy worker claims as soon as it has room',
    default: '50ms',
  }),
  sweepIntervalMs: duration('WEBHOOK_SWEEP_INTERVAL', {
    description: 'how often the scheduled sweep retries waiting inbox rows and counts orphans (scaled, at least 200ms)',
    default: '5s',
  }),
  orphanRetryForMs: duration('WEBHOOK_ORPHAN_RETRY_FOR', {
    description: 'how long an orphan webhook is retried against new attempts (scaled); it then waits for ops',
    default: '24h',
  }),
  processingLeaseMs: duration('WEBHOOK_PROCESSING_LEASE', {
    description:
      'how long a worker holds an inbox row it is processing (not scaled); a row of a worker that died is retried after it, so it must outlast a provider lookup with its retries',
    default: '2m',
  }),
  confirmRetryForMs: duration('WEBHOOK_CONFIRM_RETRY_FOR', {
    description: 'how long a webhook that the provider lookup does not confirm yet is retried (scaled)',
    default: '24h',
  }),
});
