import { defineSlice, duration, integer, list } from '@libs/platform/config';

/** Places where a test can make the worker die (exit 137, as after kill -9) to prove a crash loses and duplicates nothing. */
export const OUTBOX_FAULT_POINTS = ['outbox-before-enqueue', 'outbox-after-enqueue'] as const;
export type OutboxFaultPoint = (typeof OUTBOX_FAULT_POINTS)[number];

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
    faultInject: list('FAULT_INJECT', {
      description: `test only, honoured only when NODE_ENV=test: crash points (${OUTBOX_FAULT_POINTS.join(', ')})`,
      default: '',
    }),
  },
  (value) => [
    // An idle poll is one index probe; below this it would be a busy loop against Postgres.
    ...(value.pollIntervalMs < 10 ? ['OUTBOX_POLL_INTERVAL is invalid: must be at least 10ms'] : []),
    ...value.faultInject
      .filter((point) => !(OUTBOX_FAULT_POINTS as readonly string[]).includes(point))
      .map((point) => `FAULT_INJECT is invalid: "${point}" is not one of ${OUTBOX_FAULT_POINTS.join(', ')}`),
  ],
);

/** The fault points a process honours: none unless NODE_ENV=test, whatever FAULT_INJECT says. */
export function activeFaultPoints(nodeEnv: string, configured: readonly string[]): ReadonlySet<OutboxFaultPoint> {
  if (nodeEnv !== 'test') return new Set();
  return new Set(
    configured.filter((point): point is OutboxFaultPoint => (OUTBOX_FAULT_POINTS as readonly string[]).includes(point)),
  );
}
