import { Counter, Gauge, type Registry } from 'prom-client';
import { metricsRegistry } from '@libs/platform/metrics';
import type { CircuitState } from '@libs/routing';
import type { DispatchMetrics, DispatchOutcomeKind } from '../application';

const CIRCUIT_VALUE: Record<CircuitState, number> = { closed: 0, open: 1, half_open: 2 };

function counter(registry: Registry): Counter<'provider' | 'kind'> {
  const name = 'payout_dispatch_outcomes_total';
  const existing = registry.getSingleMetric(name);
  if (existing) return existing as Counter<'provider' | 'kind'>;
  return new Counter({
    name,
    help: 'Dispatch outcomes by provider (none when routing found none) and kind (accepted, ambiguous, failover, ...)',
    labelNames: ['provider', 'kind'],
    registers: [registry],
  });
}

function gauge(registry: Registry): Gauge<'provider'> {
  const name = 'payout_provider_circuit_state';
  const existing = registry.getSingleMetric(name);
  if (existing) return existing as Gauge<'provider'>;
  return new Gauge({
    name,
    help: 'Circuit breaker of each provider in this process: 0 closed, 1 open, 2 half-open',
    labelNames: ['provider'],
    registers: [registry],
  });
}

export interface CircuitMetrics {
  circuitState(provider: string, state: CircuitState): void;
}

/** Prometheus metrics on the process registry; registering twice (tests, several modules) reuses the first. */
export function createDispatchMetrics(registry: Registry = metricsRegistry): DispatchMetrics & CircuitMetrics {
  const outcomes = counter(registry);
  const circuits = gauge(registry);
  return {
    count: (provider: string, kind: DispatchOutcomeKind) => outcomes.inc({ provider, kind }),
    circuitState: (provider, state) => circuits.set({ provider }, CIRCUIT_VALUE[state]),
  };
}
