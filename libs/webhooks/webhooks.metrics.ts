import { signalOutcomeMetrics } from '@libs/payouts';
import { metricsRegistry, registeredCounter, registeredGauge, registeredHistogram } from '@libs/platform/metrics';
import type { Registry } from 'prom-client';
import type { WebhookMetrics } from './application/webhook-metrics.port';

/** The inbox's Prometheus metrics on the process registry. */
export function prometheusWebhookMetrics(registry: Registry = metricsRegistry): WebhookMetrics {
  const received = registeredCounter(registry, {
    name: 'payout_webhooks_received_total',
    help: 'Provider webhook requests by outcome (stored, duplicate, refused_<reason>, not_json, too_large)',
    labelNames: ['provider', 'outcome'],
  });
  const dedupes = registeredCounter(registry, {
    name: 'payout_webhook_dedupes_total',
    help: 'Webhook deliveries already in the inbox under the same dedupe key (answered 200, nothing changed)',
    labelNames: ['provider'],
  });
  const lag = registeredHistogram(registry, {
    name: 'payout_webhook_lag_seconds',
    help: 'From receiving a webhook to recording its decision on the payout',
    labelNames: ['provider', 'applied'],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15, 60, 300, 3600],
  });
  const orphans = registeredCounter(registry, {
    name: 'payout_webhook_orphans_total',
    help: 'Authentic webhooks that matched no attempt when first processed',
    labelNames: ['provider'],
  });
  const orphansWaiting = registeredGauge(registry, {
    name: 'payout_webhook_orphans',
    help: 'Webhooks in the inbox that still match no attempt (as of the last inbox sweep)',
  });
  return {
    received: (provider, outcome) => received.inc({ provider, outcome }),
    duplicate: (provider) => dedupes.inc({ provider }),
    processed: (provider, applied, seconds) => lag.observe({ provider, applied: String(applied) }, seconds),
    ...signalOutcomeMetrics(registry, 'webhook'),
    orphaned: (provider) => orphans.inc({ provider }),
    orphansWaiting: (count) => orphansWaiting.set(count),
  };
}
