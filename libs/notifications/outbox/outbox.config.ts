import { defineSlice, duration, integer } from '@libs/platform/config';

export const outboxConfig = defineSlice(
  'outbox',
  {
    pollIntervalMs: duration('OUTBOX_POLL_INTERVAL', {
      description:
        'how often the relay looks for unpublished outbox rows while it finds some (there is no NOTIFY: it would serialize commits); each look that finds none doubles the wait, up to 250ms',
      default: '50ms',
    }),
    batchSize: integer(1, 1000)('OUTBOX_BATCH_SIZE', {
      description: 'outbox rows the relay enqueues per transaction',
      default: '100',
    }),
  },
  (value) => [
    // An idle poll is one index probe; below this it would be a busy loop against Postgres.
    ...(value.pollIntervalMs < 10 ? ['OUTBOX_POLL_INTERVAL is invalid: must be at least 10ms'] : []),
  ],
);
