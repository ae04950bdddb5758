import { metricsRegistry } from '@libs/platform/metrics';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { PollMetrics } from './application/poll-store.port';

function once<T>(registry: Registry, name: string, create: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? create();
}

const BUDGET_WINDOW_MS = 60_000;

/**
 * The poller's Prometheus metrics. `payout_provider_budget_used` is the share of a provider's per-minute request
 * budget this process's poller used in the last minute (absent for providers without a documented budget); every
 * worker reports its own, and together they stay within RECONCILIATION_BUDGET_SHARE.
 */
export function prometheusPollMetrics(registry: Registry = metricsRegistry, now: () => number = Date.now): PollMetrics {
  const polls = once(
    registry,
    'payout_polls_total',
    () =>
      new Counter({
        name: 'payout_polls_total',
        help: 'Provider lookups by the poller, by outcome (found, not_found, unavailable, unparseable, budget_spent, error)',
        labelNames: ['provider', 'outcome'],
        registers: [registry],
      }),
  );
  const budgetUsed = once(
    registry,
    'payout_provider_budget_used',
    () =>
      new Gauge({
        name: 'payout_provider_budget_used',
        help: "Share (0..1) of a provider's per-minute request budget this process's poller used in the last minute",
        labelNames: ['provider'],
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
  const replays = once(
    registry,
    'payout_missed_webhooks_replayed_total',
    () =>
      new Counter({
        name: 'payout_missed_webhooks_replayed_total',
        help: 'Undelivered provider webhooks the sweeper asked the provider to send again',
        labelNames: ['provider'],
        registers: [registry],
      }),
  );
  const taken = new Map<string, number[]>();
  return {
    polled: (provider, outcome) => polls.inc({ provider, outcome }),
    budgetTaken: (provider, limit) => {
      if (limit === undefined) return;
      const at = now();
      const recent = (taken.get(provider) ?? []).filter((t) => t > at - BUDGET_WINDOW_MS);
      recent.push(at);
      taken.set(provider, recent);
      budgetUsed.set({ provider }, recent.length / limit);
    },
    notApplied: (provider, reason) => notApplied.inc({ source: 'poll', provider, reason }),
    contradiction: (provider) => contradictions.inc({ source: 'poll', provider }),
    missedWebhooksReplayed: (provider, count) => replays.inc({ provider }, count),
  };
}
