import { metricsRegistry, registeredCounter, registeredHistogram } from '@libs/platform/metrics';
import type { Registry } from 'prom-client';
import type { PayoutFinalMetrics } from './application';

// Provider signals reach TransitionPayout from webhooks and from polls; both count what was not applied and what
// contradicted us under one name each, so one alert covers both sources (the `source` label tells them apart).

/** The signal outcomes one source of provider signals counts, under its `source` label. */
export function signalOutcomeMetrics(
  registry: Registry,
  source: 'poll' | 'webhook',
): { notApplied(provider: string, reason: string): void; contradiction(provider: string): void } {
  const notApplied = registeredCounter(registry, {
    name: 'payout_events_not_applied_total',
    help: 'Provider events recorded as not applied, by source and reason (stale, duplicate, contradiction, ...)',
    labelNames: ['source', 'provider', 'reason'],
  });
  const contradictions = registeredCounter(registry, {
    name: 'payout_contradictions_total',
    help: 'Provider statements that contradict what we know (flagged for ops, never applied)',
    labelNames: ['source', 'provider'],
  });
  return {
    notApplied: (provider, reason) => notApplied.inc({ source, provider, reason }),
    contradiction: (provider) => contradictions.inc({ source, provider }),
  };
}

/** Time to final per provider: from creation to the first of succeeded, failed, canceled (returned comes after). */
export function prometheusPayoutFinalMetrics(registry: Registry = metricsRegistry): PayoutFinalMetrics {
  const timeToFinal = registeredHistogram(registry, {
    name: 'payout_time_to_final_seconds',
    help: 'From creating a payout to its first final status (succeeded, failed, canceled), by provider and status',
    labelNames: ['provider', 'status'],
    // Seconds for a provider answering at once, up to the days a manual review can take.
    buckets: [1, 5, 15, 30, 60, 300, 900, 1800, 3600, 4 * 3600, 86400, 3 * 86400],
  });
  return {
    reachedFinal: (provider, status, seconds) => timeToFinal.observe({ provider, status }, seconds),
  };
}
