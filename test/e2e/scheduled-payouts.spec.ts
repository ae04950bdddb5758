import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { Stack } from '../support/stack';

interface PayoutBody {
  id: string;
  status: string;
  scheduledFor: string | null;
  nextCheckAt?: string | null;
  attempts: { reference: string; provider: string }[];
  events: { from: string | null; to: string; source: string; applied: boolean; createdAt: string }[];
}

interface SandboxTransfer {
  provider: string;
  reference: string;
}

// Scheduled payouts through the HTTP API against the sandbox (programs.md): scheduled until their time, then pending
// and paid once; canceled while scheduled, never sent; bad times refused with nothing stored. The stack runs with
// POLL_TIME_SCALE 0.001, so the release job runs every 200 ms (its floor).
describe('scheduled payouts against the sandbox', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await Stack.start({ label: 'scheduled_payouts' });
  }, 120_000);
  afterAll(() => stack?.stop());

  const payoutOf = async (id: string): Promise<PayoutBody> =>
    (await stack.call<PayoutBody>('GET', `/v1/payouts/${id}?expand=attempts,events`)).body;
  const transfersOf = async (reference: string): Promise<SandboxTransfer[]> =>
    (
      await stack.sandbox<{ data: SandboxTransfer[] }>(
        'GET',
        `/_sandbox/transfers?reference=${encodeURIComponent(reference)}`,
      )
    ).data;

  it('shows a payout scheduled with its release time, then releases it and pays it once', async () => {
    const releaseAt = new Date(Date.now() + 2_000);
    const created = await stack.createPayout({ amount: '150000', scheduledFor: releaseAt.toISOString() });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      status: 'scheduled',
      scheduledFor: releaseAt.toISOString(),
      nextCheckAt: releaseAt.toISOString(),
    });
    const waiting = await payoutOf(created.body.id);
    expect(waiting).toMatchObject({ status: 'scheduled', scheduledFor: releaseAt.toISOString(), attempts: [] });

    const paid = (await stack.waitForStatus(created.body.id, ['succeeded'], 30_000)) as unknown as PayoutBody;

    const release = paid.events.find((event) => event.from === 'scheduled');
    expect(release).toMatchObject({ to: 'pending', source: 'schedule', applied: true });
    expect(new Date(release?.createdAt ?? 0).getTime()).toBeGreaterThanOrEqual(releaseAt.getTime());
    expect(paid.events.filter((event) => event.applied).map((event) => event.to)).toEqual(
      expect.arrayContaining(['scheduled', 'pending', 'submitting', 'succeeded']),
    );
    expect(paid.scheduledFor).toBe(releaseAt.toISOString());
    expect(paid.attempts).toHaveLength(1);
    expect(await transfersOf(paid.attempts[0].reference)).toHaveLength(1);
  });

  it('cancels a scheduled payout, which is then never sent', async () => {
    const releaseAt = new Date(Date.now() + 1_500);
    const created = await stack.createPayout({ amount: '160000', scheduledFor: releaseAt.toISOString() });
    expect(created.body.status).toBe('scheduled');

    const canceled = await stack.call('POST', `/v1/payouts/${created.body.id}/cancel`, { reason: 'not needed' });
    expect(canceled.status).toBe(200);
    expect(canceled.body).toMatchObject({ status: 'canceled', failure: { code: 'canceled' } });

    // Past its release time and a few release runs later: still canceled, never routed, nothing at a provider.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, releaseAt.getTime() - Date.now()) + 1_500));
    const after = await payoutOf(created.body.id);
    expect(after).toMatchObject({ status: 'canceled', attempts: [] });
    expect(after.events.filter((event) => event.applied).map((event) => event.to)).toEqual(['scheduled', 'canceled']);
  });

  it('releases a payout due while no worker ran and Redis was emptied, once a worker is back', async () => {
    const releaseAt = new Date(Date.now() + 1_000);
    const created = await stack.createPayout({ amount: '165000', scheduledFor: releaseAt.toISOString() });
    expect(created.body.status).toBe('scheduled');

    // The worker dies and Redis comes back empty (every key of this stack, the queues' job schedulers included).
    await Promise.all(stack.processes.workers.splice(0).map((worker) => worker.stop('SIGKILL')));
    stack.workerUrls.splice(0);
    const redis = new Redis(stack.env.REDIS_URL);
    try {
      const keys = await redis.keys(`${stack.env.REDIS_KEY_PREFIX}*`);
      if (keys.length > 0) await redis.del(...keys);
    } finally {
      redis.disconnect();
    }
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, releaseAt.getTime() - Date.now()) + 1_000));
    expect((await payoutOf(created.body.id)).status).toBe('scheduled');

    await stack.addWorker();
    const paid = (await stack.waitForStatus(created.body.id, ['succeeded'], 30_000)) as unknown as PayoutBody;
    expect(paid.events.filter((event) => event.from === 'scheduled' && event.applied)).toHaveLength(1);
    expect(paid.attempts).toHaveLength(1);
    expect(await transfersOf(paid.attempts[0].reference)).toHaveLength(1);
  });

  it('pays a payout whose scheduledFor is already past at once, as without one', async () => {
    const created = await stack.createPayout({ amount: '170000', scheduledFor: '2020-01-01T00:00:00+03:00' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'pending', scheduledFor: null });
    await stack.waitForStatus(created.body.id, ['succeeded'], 30_000);
  });

  it.each([
    ['without an offset', '2030-01-01T09:00:00'],
    ['not a time', 'tomorrow'],
    ['further ahead than SCHEDULE_MAX_AHEAD', new Date(Date.now() + 91 * 86_400_000).toISOString()],
  ])('refuses a scheduledFor %s with 422 naming it, and stores nothing', async (_what, scheduledFor) => {
    const key = randomUUID();
    const body = {
      amount: '180000',
      currency: 'TRY',
      beneficiary: { name: 'Ahmet Yılmaz', iban: 'TR320010009999901234567890' },
      scheduledFor,
    };
    const refused = await stack.call<{ code: string; errors: { field: string }[] }>('POST', '/v1/payouts', body, {
      'idempotency-key': key,
    });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('validation_failed');
    expect(refused.body.errors.map((error) => error.field)).toEqual(['scheduledFor']);

    // The key stayed free: a corrected body with it creates the payout.
    const corrected = await stack.call(
      'POST',
      '/v1/payouts',
      { ...body, scheduledFor: undefined },
      {
        'idempotency-key': key,
      },
    );
    expect(corrected.status).toBe(201);
  });

  it('replays a scheduled creation with the same key and body, and refuses another scheduledFor under it', async () => {
    const key = randomUUID();
    const body = {
      amount: '190000',
      currency: 'TRY',
      beneficiary: { name: 'Ahmet Yılmaz', iban: 'TR320010009999901234567890' },
      scheduledFor: new Date(Date.now() + 3_600_000).toISOString(),
    };
    const first = await stack.call('POST', '/v1/payouts', body, { 'idempotency-key': key });
    const again = await stack.call('POST', '/v1/payouts', body, { 'idempotency-key': key });
    const other = await stack.call(
      'POST',
      '/v1/payouts',
      { ...body, scheduledFor: undefined },
      {
        'idempotency-key': key,
      },
    );

    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.text).toBe(first.text);
    expect(other.status).toBe(422);
    expect(other.body).toMatchObject({ code: 'idempotency_key_reused' });
  });
});
