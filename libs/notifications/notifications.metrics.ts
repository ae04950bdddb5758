import type { Registry } from 'prom-client';
import { metricsRegistry, registeredCounter, registeredHistogram } from '@libs/platform/metrics';
import type { NotificationMetrics } from './application';

/** Callback delivery metrics on the process registry; registering twice reuses the first. */
export function prometheusNotificationMetrics(registry: Registry = metricsRegistry): NotificationMetrics {
  const tries = registeredCounter(registry, {
    name: 'payout_notification_tries_total',
    help: 'Client callback tries by outcome (delivered, http_error, network_error, timeout, refused)',
    labelNames: ['outcome'],
  });
  const duration = registeredHistogram(registry, {
    name: 'payout_notification_try_duration_seconds',
    help: 'Duration of one client callback try, by outcome',
    labelNames: ['outcome'],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  });
  const givenUp = registeredCounter(registry, {
    name: 'payout_notifications_given_up_total',
    help: 'Notifications that got no 2xx within the retry period (the client must read GET /v1/events)',
  });
  return {
    tried: (outcome, seconds) => {
      tries.inc({ outcome });
      duration.observe({ outcome }, seconds);
    },
    gaveUp: () => givenUp.inc(),
  };
}
