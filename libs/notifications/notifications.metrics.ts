import { Counter, Histogram, type Registry } from 'prom-client';
import { metricsRegistry } from '@libs/platform/metrics';
import type { NotificationMetrics } from './application';

function once<T>(registry: Registry, name: string, create: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? create();
}

/** Callback delivery metrics on the process registry; registering twice reuses the first. */
export function prometheusNotificationMetrics(registry: Registry = metricsRegistry): NotificationMetrics {
  const tries = once(
    registry,
    'payout_notification_tries_total',
    () =>
      new Counter({
        name: 'payout_notification_tries_total',
        help: 'Client callback tries by outcome (delivered, http_error, network_error, timeout, refused)',
        labelNames: ['outcome'],
        registers: [registry],
      }),
  );
  const duration = once(
    registry,
    'payout_notification_try_duration_seconds',
    () =>
      new Histogram({
        name: 'payout_notification_try_duration_seconds',
        help: 'Duration of one client callback try, by outcome',
        labelNames: ['outcome'],
        buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
        registers: [registry],
      }),
  );
  const givenUp = once(
    registry,
    'payout_notifications_given_up_total',
    () =>
      new Counter({
        name: 'payout_notifications_given_up_total',
        help: 'Notifications that got no 2xx within the retry period (the client must read GET /v1/events)',
        registers: [registry],
      }),
  );
  return {
    tried: (outcome, seconds) => {
      tries.inc({ outcome });
      duration.observe({ outcome }, seconds);
    },
    gaveUp: () => givenUp.inc(),
  };
}
