import { waitUntil } from '../support/processes';
import { Stack } from '../support/stack';

interface ProviderView {
  name: string;
  balance: { amount: string; currency: string; asOf: string; source: string } | null;
  lowBalanceThreshold: string | null;
}
interface PayoutView {
  id: string;
  status: string;
  provider: string | null;
  holdReason: string | null;
  attempts: { provider: string; status: string }[];
}

const BENEFICIARY = { name: 'Ahmet Yılmaz', iban: 'TR320010009999901234567890', nationalId: '10000000146' };

// money-movement.md "Provider balances", against the sandbox's wallets: a drained Sipay (known through its answers and
// the scheduled read) is routed around; with Pientegra drained too (its balance unknown: its refusal tells) payouts
// wait pending, held, and a Sipay top-up releases them to be paid once each.
describe('provider balances', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await Stack.start({
      label: 'provider_balances',
      // Scaled by POLL_TIME_SCALE 0.001: the refresh runs about every second; no hold expires during the test.
      env: { BALANCE_REFRESH_INTERVAL: '1s', INSUFFICIENT_BALANCE_WAIT: '100000h' },
    });
    const rule = await stack.call('POST', '/v1/routing/rules', {
      name: 'sipay first',
      priority: 1,
      targets: [{ provider: 'sipay', weight: 1 }],
      fallback: ['pientegra'],
      reason: 'e2e',
    });
    if (rule.status !== 201) throw new Error(`rule not created: ${rule.status} ${rule.text}`);
  }, 120_000);
  afterAll(() => stack?.stop());

  const provider = async (name: string): Promise<ProviderView> => {
    const { body } = await stack.call<{ data: ProviderView[] }>('GET', '/v1/providers');
    const view = body.data.find((p) => p.name === name);
    if (!view) throw new Error(`no provider ${name}`);
    return view;
  };
  const payout = async (id: string): Promise<PayoutView> =>
    (await stack.call<PayoutView>('GET', `/v1/payouts/${id}?expand=attempts`)).body;
  const transfersOf = async (amount: string): Promise<{ provider: string }[]> =>
    (await stack.sandbox<{ data: { provider: string }[] }>('GET', `/_sandbox/transfers?amount=${amount}`)).data;

  it('routes around a drained Sipay, holds payouts when both are drained, and releases them on a top-up', async () => {
    const threshold = await stack.call('PATCH', '/v1/providers/sipay', {
      lowBalanceThreshold: '500000',
      reason: 'e2e',
    });
    expect(threshold.status).toBe(200);
    expect((await provider('sipay')).lowBalanceThreshold).toBe('500000');
    for (const bad of ['-5', '1.5', 12, 'lots']) {
      const refused = await stack.call<{ code: string; errors: { field: string }[] }>('PATCH', '/v1/providers/sipay', {
        lowBalanceThreshold: bad,
        reason: 'e2e',
      });
      expect(refused.status).toBe(400);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect(refused.body.code).toBe('validation_failed');
      expect(refused.body.errors.map((e) => e.field)).toEqual(['lowBalanceThreshold']);
    }
    expect((await provider('sipay')).lowBalanceThreshold).toBe('500000');

    await stack.sandbox('PUT', '/_sandbox/providers/sipay', { balance: '0' });
    const drained = await waitUntil(
      async () => {
        const view = await provider('sipay');
        return view.balance?.amount === '0' ? view : undefined;
      },
      30_000,
      'the refresh to read the drained Sipay balance',
    );
    expect(drained.balance).toEqual({ amount: '0', currency: 'TRY', asOf: expect.any(String), source: 'read' });
    expect((await provider('pientegra')).balance).toBeNull();

    const explained = await stack.call<{ provider: string; providers: { provider: string; reason: string }[] }>(
      'POST',
      '/v1/routing/explain',
      { amount: '150000', currency: 'TRY', beneficiary: BENEFICIARY },
    );
    expect(explained.body.provider).toBe('pientegra');
    expect(explained.body.providers.find((p) => p.provider === 'sipay')?.reason).toMatch(/^insufficient_balance:/);

    const movedId = (await stack.createPayout({ amount: '150000' })).body.id;
    await stack.waitForStatus(movedId, ['processing', 'succeeded']);
    const moved = await payout(movedId);
    expect(moved.provider).toBe('pientegra');
    expect(moved.attempts.map((a) => a.provider)).toEqual(['pientegra']);
    expect(moved.holdReason).toBeNull();

    await stack.sandbox('PUT', '/_sandbox/providers/pientegra', { balance: '0' });
    const heldIds: string[] = [];
    for (const amount of ['160000', '170000']) heldIds.push((await stack.createPayout({ amount })).body.id);
    for (const id of heldIds) {
      const held = await waitUntil(
        async () => {
          const view = await payout(id);
          return view.status === 'pending' && view.holdReason === 'insufficient_provider_balance' ? view : undefined;
        },
        30_000,
        `payout ${id} to wait for a provider balance`,
      );
      // Pientegra's refusal recorded nothing; the attempt is rejected (not executed), never failed.
      expect(held.attempts.every((a) => a.provider === 'pientegra' && a.status === 'rejected')).toBe(true);
    }
    for (const amount of ['160000', '170000']) expect(await transfersOf(amount)).toEqual([]);

    await stack.sandbox('PUT', '/_sandbox/providers/sipay', { balance: '10000000' });
    for (const id of heldIds) {
      await stack.waitForStatus(id, ['processing', 'succeeded'], 60_000);
      const released = await payout(id);
      expect(released.provider).toBe('sipay');
      expect(released.holdReason).toBeNull();
    }
    for (const amount of ['160000', '170000']) {
      expect((await transfersOf(amount)).map((t) => t.provider)).toEqual(['sipay']);
    }
    // Each send's answer carries the wallet: the known balance follows the two payouts down.
    await waitUntil(
      async () => ((await provider('sipay')).balance?.amount === '9670000' ? true : undefined),
      30_000,
      'the Sipay balance after the two payouts',
    );
  });
});
