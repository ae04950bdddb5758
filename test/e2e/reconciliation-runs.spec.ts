import { waitUntil } from '../support/processes';
import { Stack } from '../support/stack';

interface RunView {
  id: string;
  provider: string;
  status: string;
  counts: Record<string, number>;
  failure: string | null;
}
interface ItemView {
  kind: string;
  ours: { payoutId: string; amount: string; status: string } | null;
  provider: { providerId: string | null; amount: string | null; status: string } | null;
}

// Reconciliation runs end to end: payouts paid through the sandbox, one of them dropped from the provider's listing
// (scenario 96) and one listed 1.00 TRY higher (95); the run is the worker's job against the sandbox's listing.
describe('reconciliation runs against the sandbox', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await Stack.start({ label: 'recon_runs' });
  });
  afterAll(() => stack.stop());

  const paid = async (amount: string): Promise<string> => {
    const created = await stack.createPayout({ amount, provider: 'sipay' });
    expect(created.status).toBe(201);
    await stack.waitForStatus(created.body.id, ['succeeded'], 60_000);
    return created.body.id;
  };
  const finished = (id: string) =>
    waitUntil(
      async () => {
        const run = await stack.call<RunView>('GET', `/v1/reconciliation/runs/${id}`);
        return run.body.status === 'running' ? undefined : run.body;
      },
      60_000,
      `run ${id} to finish`,
    );

  it('shows a dropped transfer as missingAtProvider and a changed amount as amountMismatch, flagging both payouts', async () => {
    const from = new Date(Date.now() - 1_000).toISOString();
    const matched = await paid('250000');
    const dropped = await paid('250096');
    const higher = await paid('250095');
    const to = new Date(Date.now() + 1_000).toISOString();
    const period = { provider: 'sipay', from, to, reason: 'e2e: end of day check' };

    const started = await stack.call<RunView>('POST', '/v1/reconciliation/runs', period);
    expect(started.status).toBe(201);
    expect(started.headers.get('location')).toBe(`/v1/reconciliation/runs/${started.body.id}`);
    const run = await finished(started.body.id);
    expect(run).toMatchObject({
      status: 'completed',
      counts: { matched: 1, missingAtProvider: 1, unknownAtProvider: 0, amountMismatch: 1, statusMismatch: 0 },
    });

    const items = await stack.call<{ data: ItemView[] }>('GET', `/v1/reconciliation/runs/${run.id}/items`);
    expect(items.body.data).toEqual([
      {
        id: expect.any(String),
        kind: 'missingAtProvider',
        ours: expect.objectContaining({ payoutId: dropped, amount: '250096' }),
        provider: null,
      },
      {
        id: expect.any(String),
        kind: 'amountMismatch',
        ours: expect.objectContaining({ payoutId: higher, amount: '250095', status: 'succeeded' }),
        provider: expect.objectContaining({ amount: '250195', status: 'paid' }),
      },
    ]);
    const onlyMissing = await stack.call<{ data: ItemView[] }>(
      'GET',
      `/v1/reconciliation/runs/${run.id}/items?kind=missingAtProvider`,
    );
    expect(onlyMissing.body.data.map((i) => i.ours?.payoutId)).toEqual([dropped]);

    for (const [id, flagged] of [
      [dropped, true],
      [higher, true],
      [matched, false],
    ] as const) {
      const payout = await stack.call<{ status: string; needsAttention?: boolean }>('GET', `/v1/payouts/${id}`);
      expect({ id, status: payout.body.status, flagged: payout.body.needsAttention }).toEqual({
        id,
        status: 'succeeded',
        flagged,
      });
    }

    const csv = await fetch(`${stack.apiUrl}/v1/reconciliation/runs/${run.id}/items.csv`, {
      headers: { authorization: `Bearer ${stack.key}` },
    });
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const lines = (await csv.text()).trimEnd().split('\n');
    expect(lines[0]).toMatch(/^kind,payoutId,/);
    expect(lines.slice(1).map((line) => line.split(',').slice(0, 2))).toEqual([
      ['missingAtProvider', dropped],
      ['amountMismatch', higher],
    ]);

    // The same period again answers the same run; the list shows it newest first.
    const again = await stack.call<RunView>('POST', '/v1/reconciliation/runs', { ...period, reason: 'again' });
    expect([again.status, again.body.id]).toEqual([200, run.id]);
    const list = await stack.call<{ data: RunView[] }>('GET', '/v1/reconciliation/runs');
    expect(list.body.data[0].id).toBe(run.id);
  });

  it('resumes a run whose listing failed while the provider was down', async () => {
    // From now on: the previous test's payouts stay out of this period.
    const from = new Date().toISOString();
    const missing = await paid('250096');
    const to = new Date(Date.now() + 1_000).toISOString();
    await stack.sandbox('PUT', '/_sandbox/providers/sipay', { mode: 'down' });
    try {
      const started = await stack.call<RunView>('POST', '/v1/reconciliation/runs', {
        provider: 'sipay',
        from,
        to,
        reason: 'e2e: provider down',
      });
      expect(started.status).toBe(201);
      // The listing is asked for and refused while the provider is down; the run stays running, its job retried.
      await waitUntil(
        async () => {
          const asked = await stack.sandbox<{ data: { path: string }[] }>(
            'GET',
            `/_sandbox/requests?provider=sipay&since=${encodeURIComponent(from)}`,
          );
          return asked.data.some((r) => /GetRequestWithdrawListByFilter/i.test(r.path)) || undefined;
        },
        30_000,
        'a listing request while down',
      );
      expect((await stack.call<RunView>('GET', `/v1/reconciliation/runs/${started.body.id}`)).body.status).toBe(
        'running',
      );
      await stack.sandbox('PUT', '/_sandbox/providers/sipay', { mode: 'up' });
      const run = await finished(started.body.id);
      expect(run).toMatchObject({ status: 'completed', counts: { missingAtProvider: 1 } });
      const items = await stack.call<{ data: ItemView[] }>('GET', `/v1/reconciliation/runs/${run.id}/items`);
      expect(items.body.data.map((i) => [i.kind, i.ours?.payoutId])).toEqual([['missingAtProvider', missing]]);
    } finally {
      await stack.sandbox('PUT', '/_sandbox/providers/sipay', { mode: 'up' });
    }
  });

  it('reconciles Pientegra by its withdrawalId (its listing carries no reference of ours)', async () => {
    const from = new Date().toISOString();
    const payout = async (amount: string) => {
      const created = await stack.createPayout({ amount, provider: 'pientegra' });
      expect(created.status).toBe(201);
      await stack.waitForStatus(created.body.id, ['succeeded'], 60_000);
      return created.body.id;
    };
    const plain = await payout('250000');
    const higher = await payout('250095');
    const started = await stack.call<RunView>('POST', '/v1/reconciliation/runs', {
      provider: 'pientegra',
      from,
      to: new Date(Date.now() + 1_000).toISOString(),
      reason: 'e2e: pientegra',
    });
    expect(started.status).toBe(201);
    const run = await finished(started.body.id);
    expect(run).toMatchObject({
      status: 'completed',
      counts: { matched: 1, missingAtProvider: 0, unknownAtProvider: 0, amountMismatch: 1, statusMismatch: 0 },
    });
    const items = await stack.call<{ data: ItemView[] }>('GET', `/v1/reconciliation/runs/${run.id}/items`);
    expect(items.body.data.map((i) => [i.kind, i.ours?.payoutId, i.provider?.amount])).toEqual([
      ['amountMismatch', higher, '250195'],
    ]);
    const flagged = async (id: string) =>
      (await stack.call<{ needsAttention?: boolean }>('GET', `/v1/payouts/${id}`)).body.needsAttention;
    expect([await flagged(higher), await flagged(plain)]).toEqual([true, false]);
  });

  it('refuses bad input with a problem and stores nothing', async () => {
    const before = await stack.call<{ data: RunView[] }>('GET', '/v1/reconciliation/runs?limit=100');
    for (const body of [
      { provider: 'nope', from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z', reason: 'x' },
      { provider: 'sipay', from: '2026-01-02T00:00:00Z', to: '2026-01-01T00:00:00Z', reason: 'x' },
      { provider: 'sipay', from: 'yesterday', to: '2026-01-01T00:00:00Z', reason: 'x' },
    ]) {
      const answer = await stack.call('POST', '/v1/reconciliation/runs', body);
      expect(answer.status).toBe(400);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
    }
    const after = await stack.call<{ data: RunView[] }>('GET', '/v1/reconciliation/runs?limit=100');
    expect(after.body.data).toHaveLength(before.body.data.length);
    expect((await stack.call('GET', '/v1/reconciliation/runs/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });
});
