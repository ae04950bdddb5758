import { waitUntil } from '../support/processes';
import { Stack } from '../support/stack';

interface PayoutBody {
  status: string;
  provider: string | null;
  attempts: { provider: string }[];
}

async function createRule(stack: Stack, rule: Record<string, unknown>): Promise<void> {
  const answer = await stack.call('POST', '/v1/routing/rules', { reason: 'e2e', ...rule });
  if (answer.status !== 201) throw new Error(`rule not created: ${answer.status} ${answer.text}`);
}

async function payoutOf(stack: Stack, id: string): Promise<PayoutBody> {
  return (await stack.call<PayoutBody>('GET', `/v1/payouts/${id}?expand=attempts`)).body;
}

interface ProviderHealthView {
  name: string;
  health: {
    circuit: string;
    processes: { state: string }[];
    calls: number;
    transportFailures: number;
    errorRate: number;
  };
}

// A provider that goes down opens its circuit in the worker: new payouts go elsewhere, and none fails because of it.
describe('circuit breaker against a provider the sandbox takes down', () => {
  let stack: Stack;
  const COOL_DOWN_MS = 6_000;

  beforeAll(async () => {
    stack = await Stack.start({
      label: 'dispatch_circuit',
      env: {
        DISPATCH_CIRCUIT_THRESHOLD: '2',
        DISPATCH_CIRCUIT_COOLDOWN: `${COOL_DOWN_MS}ms`,
        DISPATCH_RESUBMIT_DELAYS: '200ms',
      },
    });
  }, 120_000);
  afterAll(() => stack?.stop());

  const health = async (provider: string): Promise<ProviderHealthView['health']> => {
    const { body } = await stack.call<{ data: ProviderHealthView[] }>('GET', '/v1/providers');
    const view = body.data.find((p) => p.name === provider);
    if (!view) throw new Error(`no provider ${provider}`);
    return view.health;
  };

  it('opens on consecutive transport failures, routes new payouts elsewhere, fails none, and closes after the cool-down', async () => {
    await createRule(stack, {
      name: 'pientegra first',
      priority: 1,
      targets: [{ provider: 'pientegra', weight: 1 }],
      fallback: ['sipay'],
    });
    await stack.sandbox('PUT', '/_sandbox/providers/pientegra', { mode: 'down' });

    const first = (await stack.createPayout({ amount: '210000' })).body.id;
    await waitUntil(
      async () => (await health('pientegra')).circuit === 'open',
      30_000,
      'the pientegra circuit to open',
    );
    const opened = await health('pientegra');
    expect(opened.transportFailures).toBeGreaterThanOrEqual(2);
    expect(opened.errorRate).toBeGreaterThan(0);

    const whileOpen: string[] = [];
    for (let i = 0; i < 5; i++) whileOpen.push((await stack.createPayout({ amount: `2200${i}0` })).body.id);
    for (const id of whileOpen) {
      const payout = (await stack.waitForStatus(id, ['processing', 'succeeded'])) as unknown as PayoutBody;
      expect(payout.provider).toBe('sipay');
      expect(payout.attempts.map((a) => a.provider)).toEqual(['sipay']);
    }

    // The payout caught by the outage stays submitting (ambiguous: a 5xx may have been executed), never failed.
    const caught = await payoutOf(stack, first);
    expect(caught.provider).toBe('pientegra');
    expect(['submitting', 'processing', 'succeeded']).toContain(caught.status);
    expect(caught.attempts).toHaveLength(1);

    await stack.sandbox('PUT', '/_sandbox/providers/pientegra', { mode: 'up' });
    await new Promise((resolve) => setTimeout(resolve, COOL_DOWN_MS + 500));
    // The cool-down is over: the next payout is the half-open test, and its success closes the circuit.
    const afterwards = (await stack.createPayout({ amount: '230000' })).body.id;
    const tested = (await stack.waitForStatus(afterwards, ['processing', 'succeeded'])) as unknown as PayoutBody;
    expect(tested.provider).toBe('pientegra');
    await waitUntil(async () => (await health('pientegra')).circuit === 'closed', 10_000, 'the circuit to close');

    const all = await stack.call<{ data: { status: string }[] }>('GET', '/v1/payouts?limit=100');
    expect(all.body.data.filter((p) => p.status === 'failed')).toEqual([]);
  });
});
