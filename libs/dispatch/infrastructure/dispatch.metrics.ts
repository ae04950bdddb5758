import type { Registry } from 'prom-client';
import { metricsRegistry, registeredCounter, registeredGauge } from '@libs/platform/metrics';
import type { CircuitState } from '@libs/routing';
import type { DispatchMetrics, DispatchOutcomeKind } from '../application';

const CIRCUIT_VALUE: Record<CircuitState, number> = { closed: 0, open: 1, half_open: 2 };

export interface CircuitMetrics {
  circuitState(provider: string, state: CircuitState): void;
}

/** Prometheus metrics on the process registry; registering twice (tests, several modules) reuses the first. */
export function createDispatchMetrics(registry: Registry = metricsRegistry): DispatchMetrics {
  const outcomes = registeredCounter(registry, {
    name: 'payout_dispatch_outcomes_total',
    help: 'Dispatch outcomes by provider (none when routing found none) and kind (accepted, ambiguous, failover, ...)',
    labelNames: ['provider', 'kind'],
  });
  return { count: (provider: string, kind: DispatchOutcomeKind) => outcomes.inc({ provider, kind }) };
}

/** The gauge of the circuit breakers: only a process that has them (the worker) registers it. */
export function createCircuitMetrics(registry: Registry = metricsRegistry): CircuitMetrics {
  const circuits = registeredGauge(registry, {
    name: 'payout_provider_circuit_state',
    help: 'Circuit breaker of each provider in this process: 0 closed, 1 open, 2 half-open',
    labelNames: ['provider'],
  });
  return { circuitState: (provider, state) => circuits.set({ provider }, CIRCUIT_VALUE[state]) };
}
