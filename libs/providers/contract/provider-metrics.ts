import { metricsRegistry } from '@libs/platform/metrics';
import { Counter, Histogram, Registry } from 'prom-client';

export interface ProviderMetrics {
  observeCall(labels: { provider: string; operation: string; outcome: string }, seconds: number): void;
  countError(labels: { provider: string; operation: string; code: string }): void;
}

function histogram(registry: Registry): Histogram<'provider' | 'operation' | 'outcome'> {
  const name = 'payout_provider_call_duration_seconds';
  const existing = registry.getSingleMetric(name);
  if (existing) return existing as Histogram<'provider' | 'operation' | 'outcome'>;
  return new Histogram({
    name,
    help: 'Provider adapter calls (retries and rate-budget waits included) by provider, operation and outcome',
    labelNames: ['provider', 'operation', 'outcome'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [registry],
  });
}

function counter(registry: Registry): Counter<'provider' | 'operation' | 'code'> {
  const name = 'payout_provider_call_errors_total';
  const existing = registry.getSingleMetric(name);
  if (existing) return existing as Counter<'provider' | 'operation' | 'code'>;
  return new Counter({
    name,
    help: 'Provider adapter calls that did not succeed, by normalized failure code or uncertainty reason',
    labelNames: ['provider', 'operation', 'code'],
    registers: [registry],
  });
}

/** Prometheus metrics on the process registry; registering twice (tests, several modules) reuses the first. */
export function createProviderMetrics(registry: Registry = metricsRegistry): ProviderMetrics {
  const calls = histogram(registry);
  const errors = counter(registry);
  return {
    observeCall: (labels, seconds) => calls.observe(labels, seconds),
    countError: (labels) => errors.inc(labels),
  };
}
