import { signalOutcomeMetrics } from '@libs/payouts';
import { metricsRegistry, registeredCounter, registeredGauge } from '@libs/platform/metrics';
import type { Registry } from 'prom-client';
import type { PollMetrics } from './application/poll-store.port';

const BUDGET_WINDOW_MS = 60_000;

/**
 * The poller's Prometheus metrics. `payout_provider_budget_used` is the share of a provider's per-minute request
 * budget this process's poller used in the last minute (absent for providers without a documented budget); every
 * worker reports its own, and together they stay within RECONCILIATION_BUDGET_SHARE.
 */
export function prometheusPollMetrics(registry: Registry = metricsRegistry, now: () => number = Date.now): PollMetrics {
  const polls = registeredCounter(registry, {
    name: 'payout_polls_total',
    help: 'Provider lookups by the poller, by outcome (found, not_found, unavailable, unparseable, budget_spent, error)',
    labelNames: ['provider', 'outcome'],
  });
  const budgetUsed = registeredGauge(registry, {
    name: 'payout_provider_budget_used',
    help: "Share (0..1) of a provider's per-minute request budget this process's poller used in the last minute",
    labelNames: ['provider'],
  });
  const replays = registeredCounter(registry, {
    name: 'payout_missed_webhooks_replayed_total',
    help: 'Undelivered provider webhooks the sweeper asked the provider to send again',
    labelNames: ['provider'],
  });
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
    ...signalOutcomeMetrics(registry, 'poll'),
    missedWebhooksReplayed: (provider, count) => replays.inc({ provider }, count),
  };
}
