import { metricsRegistry } from '@libs/platform/metrics';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { WebhookMetrics } from './application/webhook-metrics.port';

/** Registering twice (api and worker modules in one test process) reuses the first metric of a name. */
function once<T>(registry: Registry, name: string, create: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? create();
}

/** The inbox's Prometheus metrics on the process registry. */
export function prometheusWebhookMetrics(registry: Registry = metricsRegistry): WebhookMetrics {
  const received = once(
    registry,
    'payout_webhooks_received_total',
    () =>
      new Counter({
        name: 'payout_webhooks_received_total',
        help: 'Provider webhook requests by outcome (stored, duplicate, refused_<reason>, not_json, too_large)',
        labelNames: ['provider', 'outcome'],
        registers: [registry],
      }),
  );
  const dedupes = once(
    registry,
    'payout_webhook_dedupes_total',
    () =>
      new Counter({
        name: 'payout_webhook_dedupes_total',
        help: 'Webhook deliveries already in the inbox under the same dedupe key (answered 200, nothing changed)',
        labelNames: ['provider'],
        registers: [registry],
      }),
  );
  const lag = once(
    registry,
    'payout_webhook_lag_seconds',
    () =>
      new Histogram({
        name: 'payout_webhook_lag_seconds',
        help: 'From receiving a webhook to recording its decision on the payout',
        labelNames: ['provider', 'applied'],
        buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15, 60, 300, 3600],
        registers: [registry],
      }),
  );
  const notApplied = once(
    registry,
    'payout_events_not_applied_total',
    () =>
      new Counter({
        name: 'payout_events_not_applied_total',
        help: 'Provider events recorded as not applied, by source and reason (stale, duplicate, contradiction, ...)',
        labelNames: ['source', 'provider', 'reason'],
        registers: [registry],
      }),
  );
  const contradictions = once(
    registry,
    'payout_contradictions_total',
    () =>
      new Counter({
        name: 'payout_contradictions_total',
        help: 'Provider statements that contradict what we know (flagged for ops, never applied)',
        labelNames: ['source', 'provider'],
        registers: [registry],
      }),
  );
  const orphans = once(
    registry,
    'payout_webhook_orphans_total',
    () =>
      new Counter({
        name: 'payout_webhook_orphans_total',
        help: 'Authentic webhooks that matched no attempt when first processed',
        labelNames: ['provider'],
        registers: [registry],
      }),
  );
  const orphansWaiting = once(
    registry,
    'payout_webhook_orphans',
    () =>
      new Gauge({
        name: 'payout_webhook_orphans',
        help: 'Webhooks in the inbox that still match no attempt (as of the last inbox sweep)',
        registers: [registry],
      }),
  );
  return {
    received: (provider, outcome) => received.inc({ provider, outcome }),
    duplicate: (provider) => dedupes.inc({ provider }),
    processed: (provider, applied, seconds) => lag.observe({ provider, applied: String(applied) }, seconds),
    notApplied: (provider, reason) => notApplied.inc({ source: 'webhook', provider, reason }),
    contradiction: (provider) => contradictions.inc({ source: 'webhook', provider }),
    orphaned: (provider) => orphans.inc({ provider }),
    orphansWaiting: (count) => orphansWaiting.set(count),
  };
}
