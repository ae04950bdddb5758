import {
  BrokenCircuitError,
  BulkheadPolicy,
  bulkhead,
  circuitBreaker,
  CircuitBreakerPolicy,
  CircuitState as CockatielState,
  ConsecutiveBreaker,
  handleWhenResult,
  IsolatedCircuitError,
} from 'cockatiel';
import type { SubmitOutcome } from '@libs/providers';
import type { CircuitState, CircuitView, ProcessCircuit } from '@libs/routing';
import { isTransportFailure, type GateResult, type SubmissionGate } from '../application';
import type { CircuitMetrics } from './dispatch.metrics';

export interface ProviderCircuitsOptions {
  /** Consecutive transport failures that open a circuit. */
  threshold: number;
  /** Open -> a submission may test the provider again. */
  coolDownMs: number;
  /** Submissions in flight per provider in this process; more wait in line. */
  concurrencyPerProvider: number;
  metrics: CircuitMetrics;
  /** Told about every state change and every submission (the health board). */
  onStateChange: (provider: string, circuit: ProcessCircuit) => void;
  onCall: (provider: string, isTransportFailure: boolean) => void;
  now?: () => number;
}

interface ProviderCircuit {
  breaker: CircuitBreakerPolicy;
  slots: BulkheadPolicy;
  openedAt: number;
  since: number;
}

// Queue length of the per-provider bulkhead: a dispatch job holds its BullMQ slot while it waits, so this only has
// to be larger than the process's job concurrency.
const WAITING_LIMIT = 10_000;

/**
 * One cockatiel circuit breaker and one bulkhead per provider, in this process. The breaker counts transport
 * failures only (timeouts, connection errors, 5xx, no token): a refusal is an answer and keeps the circuit closed.
 * Open, it refuses new submissions for the cool-down, and routing sends new payouts elsewhere; after the cool-down
 * one submission tests the provider (half-open) and closes or reopens it.
 */
export class ProviderCircuits implements SubmissionGate, CircuitView {
  private readonly circuits = new Map<string, ProviderCircuit>();
  private readonly now: () => number;

  constructor(private readonly options: ProviderCircuitsOptions) {
    this.now = options.now ?? Date.now;
  }

  async submit(provider: string, send: () => Promise<SubmitOutcome>): Promise<GateResult> {
    const circuit = this.circuit(provider);
    try {
      const outcome = await circuit.slots.execute(() => circuit.breaker.execute(send));
      this.options.onCall(provider, isTransportFailure(outcome));
      return { kind: 'sent', outcome };
    } catch (error) {
      if (error instanceof BrokenCircuitError || error instanceof IsolatedCircuitError) return { kind: 'circuit_open' };
      throw error;
    }
  }

  /** Open only during the cool-down: once it is over the next submission is the half-open test. */
  state(provider: string): CircuitState {
    const circuit = this.circuits.get(provider);
    if (!circuit) return 'closed';
    switch (circuit.breaker.state) {
      case CockatielState.Closed:
        return 'closed';
      case CockatielState.HalfOpen:
        return 'half_open';
      case CockatielState.Isolated:
        return 'open';
      case CockatielState.Open:
        return this.now() - circuit.openedAt < this.options.coolDownMs ? 'open' : 'half_open';
    }
  }

  snapshot(provider: string): ProcessCircuit {
    const since = this.circuits.get(provider)?.since ?? this.now();
    return { instance: '', state: this.state(provider), since: new Date(since) };
  }

  async openCircuits(): Promise<ReadonlySet<string>> {
    return new Set([...this.circuits.keys()].filter((provider) => this.state(provider) === 'open'));
  }

  private circuit(provider: string): ProviderCircuit {
    const existing = this.circuits.get(provider);
    if (existing) return existing;
    const breaker = circuitBreaker(
      handleWhenResult((result) => isTransportFailure(result as SubmitOutcome)),
      { halfOpenAfter: this.options.coolDownMs, breaker: new ConsecutiveBreaker(this.options.threshold) },
    );
    const circuit: ProviderCircuit = {
      breaker,
      slots: bulkhead(this.options.concurrencyPerProvider, WAITING_LIMIT),
      openedAt: 0,
      since: this.now(),
    };
    breaker.onBreak(() => (circuit.openedAt = this.now()));
    breaker.onStateChange(() => {
      circuit.since = this.now();
      const state = this.state(provider);
      this.options.metrics.circuitState(provider, state);
      this.options.onStateChange(provider, { instance: '', state, since: new Date(circuit.since) });
    });
    this.circuits.set(provider, circuit);
    this.options.metrics.circuitState(provider, 'closed');
    return circuit;
  }
}
