import { defineSlice, duration, integer } from '@libs/platform/config';

export const notificationsConfig = defineSlice('notifications', {
  retryForMs: duration('NOTIFICATION_RETRY_FOR', {
    description: 'how long a client callback is retried after its first try, with backoff (scaled by POLL_TIME_SCALE)',
    default: '72h',
  }),
  timeoutMs: duration('NOTIFICATION_TIMEOUT', {
    description: 'time one callback try may take: connect, send and answer (not scaled)',
    default: '10s',
  }),
  sweepIntervalMs: duration('NOTIFICATION_SWEEP_INTERVAL', {
    description:
      'how often a worker looks in Postgres for notifications whose job was lost or whose retry is due (scaled, at least 200ms)',
    default: '10s',
  }),
  concurrency: integer(1, 256)('NOTIFICATION_CONCURRENCY', {
    description: 'notification jobs one worker runs at once (each may hold one callback request open)',
    default: '8',
  }),
});
