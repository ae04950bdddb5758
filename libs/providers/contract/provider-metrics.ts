import { metricsRegistry, registeredCounter, registeredHistogram } from '@libs/platform/metrics';
import type { Registry } from 'prom-client';

export interface ProviderMetrics {
  observeCall(labels: { provider: string; operation: string; outcome: string }, seconds: number): void;
  countError(labels: { provider: string; operation: string; code: string }): void;
}

/** Prometheus metrics on the process registry; registering twice (tests, several modules) reuses the first. */
export function createProviderMetrics(registry: Registry = metricsRegistry): ProviderMetrics {
  const calls = registeredHistogram(registry, {
    name: 'payout_provider_call_duration_seconds',
    help: 'Provider adapter calls (retries and rate-budget waits included) by provider, operation and outcome',
    labelNames: ['provider', 'operation', 'outcome'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
  });
  const errors = registeredCounter(registry, {
    name: 'payout_provider_call_errors_total',
    help: 'Provider adapter calls that did not succeed, by normalized failure code or uncertainty reason',
    labelNames: ['provider', 'operation', 'code'],
  });
  return {
    observeCall: (labels, seconds) => calls.observe(labels, seconds),
    countError: (labels) => errors.inc(labels),
  };
}
