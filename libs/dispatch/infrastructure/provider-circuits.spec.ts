import type { SubmitOutcome } from '@libs/providers';
import type { CircuitState, ProcessCircuit } from '@libs/routing';
import { ProviderCircuits } from './provider-circuits';

const timeout: SubmitOutcome = { kind: 'ambiguous', reason: 'timeout', raw: { body: '', requestCount: 4 } };
const refused: SubmitOutcome = {
  kind: 'not_executed',
  failure: { code: 'beneficiary_mismatch', message: 'name does not match' },
  failoverAllowed: false,
  raw: { httpStatus: 200, body: '{}', requestCount: 1 },
};
const accepted: SubmitOutcome = {
  kind: 'accepted',
  providerId: 'w-1',
  signal: { status: 'processing', providerStatus: 'created' },
  raw: { httpStatus: 201, body: '{}', requestCount: 1 },
};

function setup(options: { threshold?: number; coolDownMs?: number; concurrency?: number } = {}) {
  let nowMs = 1_000_000;
  const changes: [string, CircuitState][] = [];
  const calls: [string, boolean][] = [];
  const gauges: [string, CircuitState][] = [];
  const circuits = new ProviderCircuits({
    threshold: options.threshold ?? 3,
    coolDownMs: options.coolDownMs ?? 30_000,
    concurrencyPerProvider: options.concurrency ?? 4,
    metrics: { circuitState: (provider, state) => void gauges.push([provider, state]) },
    onStateChange: (provider: string, circuit: ProcessCircuit) => void changes.push([provider, circuit.state]),
    onCall: (provider, isTransportFailure) => void calls.push([provider, isTransportFailure]),
    now: () => nowMs,
  });
  return { circuits, changes, calls, gauges, advance: (ms: number) => (nowMs += ms) };
}

describe('ProviderCircuits', () => {
  it('opens after consecutive transport failures and then refuses without calling the provider', async () => {
    const { circuits, changes } = setup({ threshold: 3 });
    for (let i = 0; i < 3; i++) await circuits.submit('alpha', async () => timeout);
    expect(circuits.state('alpha')).toBe('open');
    expect(await circuits.openCircuits()).toEqual(new Set(['alpha']));
    expect(changes).toEqual([['alpha', 'open']]);
    const send = jest.fn(async () => accepted);
    expect(await circuits.submit('alpha', send)).toEqual({ kind: 'circuit_open' });
    expect(send).not.toHaveBeenCalled();
    expect(circuits.state('beta')).toBe('closed');
  });

  it('counts a refusal as an answer: it resets the failure streak and never opens the circuit', async () => {
    const { circuits, calls } = setup({ threshold: 2 });
    await circuits.submit('alpha', async () => timeout);
    await circuits.submit('alpha', async () => refused);
    await circuits.submit('alpha', async () => timeout);
    expect(circuits.state('alpha')).toBe('closed');
    expect(calls).toEqual([
      ['alpha', true],
      ['alpha', false],
      ['alpha', true],
    ]);
  });

  it('lets one submission test the provider after the cool-down, and closes on its success', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick'] });
    try {
      const { circuits, changes, advance } = setup({ threshold: 1, coolDownMs: 5_000 });
      await circuits.submit('alpha', async () => timeout);
      expect(circuits.state('alpha')).toBe('open');
      advance(5_001);
      jest.advanceTimersByTime(5_001); // cockatiel reads Date.now() for its own cool-down
      expect(circuits.state('alpha')).toBe('half_open');
      expect(await circuits.openCircuits()).toEqual(new Set());
      expect(await circuits.submit('alpha', async () => accepted)).toEqual({ kind: 'sent', outcome: accepted });
      expect(circuits.state('alpha')).toBe('closed');
      expect(changes.map(([, state]) => state)).toEqual(['open', 'half_open', 'closed']);
    } finally {
      jest.useRealTimers();
    }
  });

  it('runs at most the configured number of submissions per provider at once', async () => {
    const { circuits } = setup({ concurrency: 2 });
    let running = 0;
    let most = 0;
    const send = async (): Promise<SubmitOutcome> => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running--;
      return accepted;
    };
    const results = await Promise.all(Array.from({ length: 7 }, () => circuits.submit('alpha', send)));
    expect(results.every((r) => r.kind === 'sent')).toBe(true);
    expect(most).toBe(2);
  });
});
