import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Redis from 'ioredis';
import { Webhook } from 'standardwebhooks';
import { batchState, createTestBatch, paidTwice, queryStack, type BatchItemSpec } from '../support/batches';
import { runCommand } from '../support/database';
import { waitUntil } from '../support/processes';
import { Stack } from '../support/stack';

interface Received {
  webhookId: string;
  verified: boolean;
  type: string;
  data: Record<string, unknown>;
}

interface SandboxTransfer {
  provider: string;
  reference: string;
  status: string;
}

const FINAL = ['succeeded', 'returned', 'failed', 'canceled'];
/** Batch-item dispatch jobs waiting at most: small, so a batch drains slowly enough to watch. */
const WINDOW = 2;

// The batch lifecycle through the HTTP API against the sandbox (programs.md "Batches", decision 0012): a batch paid end
// to end and closed once with one batch.completed; a batch cancel; fair share with single payouts; a restart with an
// emptied Redis. Batches are created through POST /v1/payout-batches (test/support/batches.ts).
describe('payout batch lifecycle against the sandbox', () => {
  let stack: Stack;
  let server: Server;
  const received: Received[] = [];
  let secret = '';
  let callbackClient: { id: string; key: string };

  beforeAll(async () => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        let verified = false;
        try {
          new Webhook(secret).verify(raw, request.headers as Record<string, string>);
          verified = true;
        } catch {
          verified = false;
        }
        const body = JSON.parse(raw) as { type: string; data: Record<string, unknown> };
        received.push({ webhookId: String(request.headers['webhook-id']), verified, type: body.type, data: body.data });
        response.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    stack = await Stack.start({
      label: 'batch_lifecycle',
      // development: the callback receiver is plain http on 127.0.0.1.
      env: { NODE_ENV: 'development', DISPATCH_BATCH_WINDOW: String(WINDOW), DISPATCH_CONCURRENCY: '4' },
    });
    const created = await runCommand(
      'node',
      [
        '-r',
        '@swc-node/register',
        'apps/api/src/cli.ts',
        'clients:create',
        '--name',
        'batch-callbacks',
        '--scopes',
        'payouts:write,payouts:read',
        '--callback-url',
        `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
        '--json',
      ],
      { ...stack.env, LOG_LEVEL: 'silent' },
    );
    if (created.code !== 0) throw new Error(`clients:create failed: ${created.output}`);
    const client = JSON.parse(created.output.trim().split('\n').pop() ?? '') as {
      id: string;
      key: string;
      webhookSecret: string;
    };
    secret = client.webhookSecret;
    callbackClient = client;
  }, 180_000);
  afterAll(async () => {
    await stack?.stop();
    await new Promise((resolve) => server?.close(resolve));
  });

  const transfers = async (): Promise<SandboxTransfer[]> =>
    (await stack.sandbox<{ data: SandboxTransfer[] }>('GET', '/_sandbox/transfers')).data;
  const waitForBatch = (batchId: string, statuses: string[], timeoutMs = 90_000) =>
    waitUntil(
      async () => {
        const state = await batchState(stack, batchId);
        return statuses.includes(state.status) ? state : undefined;
      },
      timeoutMs,
      `batch ${batchId} to be ${statuses.join('|')}`,
    );
  /** Every attempt reference of the batch's items has at most one transfer at the sandbox. */
  const expectEachReferenceSentOnce = async (batchId: string) => {
    const references = await queryStack<{ reference: string }>(
      stack,
      'SELECT a.reference FROM payout_attempts a JOIN payouts p ON p.id = a.payout_id WHERE p.batch_id = $1',
      [batchId],
    );
    const all = await transfers();
    for (const { reference } of references) {
      expect(all.filter((transfer) => transfer.reference === reference).length).toBeLessThanOrEqual(1);
    }
  };

  it('pays a batch end to end: completed with matching counts, batch.completed once, nothing paid twice', async () => {
    // 00 succeeds; 31 is refused by the provider (failed); 51 fails its first request (resent under its reference).
    const items: BatchItemSpec[] = Array.from({ length: 24 }, (_, i) => ({
      amount: i % 8 === 3 ? '100031' : i % 8 === 5 ? '100051' : '100000',
      provider: 'sipay',
    }));
    const { batchId, payoutIds } = await createTestBatch(stack, items, { key: callbackClient.key });

    const done = await waitForBatch(batchId, ['completed', 'canceled']);
    expect(done.status).toBe('completed');
    expect(done.completedAt).toBeInstanceOf(Date);
    const statuses = await Promise.all(
      payoutIds.map(
        async (id) =>
          (
            await stack.call<{ status: string }>('GET', `/v1/payouts/${id}`, undefined, {
              authorization: `Bearer ${callbackClient.key}`,
            })
          ).body.status,
      ),
    );
    expect(statuses.every((status) => FINAL.includes(status))).toBe(true);
    const counted: Record<string, number> = {};
    for (const status of statuses) counted[status] = (counted[status] ?? 0) + 1;
    expect(done.counts).toEqual(counted);
    expect(counted.failed).toBe(3);
    expect(await paidTwice(stack, batchId)).toEqual([]);
    await expectEachReferenceSentOnce(batchId);

    // batch.completed: one message, signed like payout events, with the batch's counts.
    await waitUntil(
      async () => received.some((entry) => entry.type === 'batch.completed' && entry.data.id === batchId) || undefined,
      30_000,
      'batch.completed to arrive',
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const completions = received.filter((entry) => entry.type === 'batch.completed' && entry.data.id === batchId);
    expect(new Set(completions.map((entry) => entry.webhookId)).size).toBe(1);
    expect(completions.every((entry) => entry.verified)).toBe(true);
    expect(completions[0].data).toMatchObject({
      id: batchId,
      status: 'completed',
      itemCount: 24,
      currency: 'TRY',
      counts: counted,
    });
    const listed = await stack.call<{ data: { type: string; batchId: string | null; status: string }[] }>(
      'GET',
      '/v1/notifications?limit=100',
      undefined,
      { authorization: `Bearer ${callbackClient.key}` },
    );
    expect(listed.body.data.filter((entry) => entry.type === 'batch.completed')).toEqual([
      expect.objectContaining({ batchId, status: 'delivered' }),
    ]);
  });

  it('dispatches a single payout created after a big batch before the batch drains (fair share)', async () => {
    const { batchId } = await createTestBatch(
      stack,
      Array.from({ length: 150 }, () => ({ amount: '200000', provider: 'sipay' })),
    );
    // The batch starts draining (released, then fed WINDOW at a time)...
    await waitUntil(
      async () => ((await batchState(stack, batchId)).counts.succeeded ?? 0) > 0 || undefined,
      30_000,
      'the batch to start paying',
    );
    // ...and a single payout created now is paid while most of the batch still waits: its job has no priority, the
    // batch's waiting jobs have one, and at most WINDOW of those wait at any time.
    const single = await stack.createPayout({ amount: '210000', provider: 'sipay' });
    expect(single.status).toBe(201);
    await stack.waitForStatus(single.body.id, ['succeeded'], 30_000);
    const done = await waitForBatch(batchId, ['completed'], 120_000);
    expect(done.counts).toEqual({ succeeded: 150 });
    // Sent before most of the batch: the batch feeds at most WINDOW waiting jobs per feed (200 ms here), so 150 items
    // take many seconds; the single waited for at most the jobs already running. Counted by event order once the
    // whole batch has been sent.
    const [{ before, after }] = await queryStack<{ before: number; after: number }>(
      stack,
      `SELECT count(*) FILTER (WHERE e.id < s.id)::int AS before, count(*) FILTER (WHERE e.id > s.id)::int AS after
       FROM payout_events e JOIN payouts p ON p.id = e.payout_id,
            (SELECT id FROM payout_events WHERE payout_id = $2 AND to_status = 'submitting' AND applied) s
       WHERE p.batch_id = $1 AND e.to_status = 'submitting' AND e.applied`,
      [batchId, single.body.id],
    );
    expect(before + after).toBe(150);
    expect(after).toBeGreaterThan(75);
    expect(await paidTwice(stack, batchId)).toEqual([]);
  });

  it('cancels the items not yet sent; in-flight ones finish and the batch completes after them', async () => {
    // The first two are held in the provider's review (scenario 13) until released: in flight at the cancel.
    const items: BatchItemSpec[] = Array.from({ length: 40 }, (_, i) => ({
      amount: i < 2 ? '300013' : '300000',
      provider: 'sipay',
    }));
    const { batchId, payoutIds } = await createTestBatch(stack, items);
    await waitUntil(
      async () => {
        const rows = await queryStack<{ status: string }>(stack, 'SELECT status FROM payouts WHERE id = ANY($1)', [
          payoutIds.slice(0, 2),
        ]);
        return rows.every((row) => ['processing', 'manual_review'].includes(row.status)) || undefined;
      },
      30_000,
      'the review items to be in flight',
    );

    const canceled = await stack.call<{ status: string; canceledNow: number; counts: Record<string, number> }>(
      'POST',
      `/v1/payout-batches/${batchId}/cancel`,
      { reason: 'payroll sent twice' },
    );
    expect(canceled.status).toBe(200);
    expect(canceled.body.canceledNow).toBeGreaterThan(20);
    expect(canceled.body.status).toBe('open');
    expect(canceled.body.counts.canceled).toBe(canceled.body.canceledNow);

    // Canceled items were never sent; in-flight ones were not canceled.
    const canceledItems = await queryStack<{ id: string; attempts: number }>(
      stack,
      `SELECT p.id, (SELECT count(*)::int FROM payout_attempts a WHERE a.payout_id = p.id) AS attempts
       FROM payouts p WHERE p.batch_id = $1 AND p.status = 'canceled'`,
      [batchId],
    );
    expect(canceledItems.every((item) => item.attempts === 0)).toBe(true);
    expect(canceledItems.map((item) => item.id)).not.toEqual(expect.arrayContaining([payoutIds[0]]));

    // A second cancel is harmless; another client's answers 404.
    const again = await stack.call<{ canceledNow: number; counts: Record<string, number> }>(
      'POST',
      `/v1/payout-batches/${batchId}/cancel`,
      {},
    );
    expect(again.status).toBe(200);
    expect(again.body.canceledNow).toBe(0);
    expect(again.body.counts.canceled).toBe(canceled.body.counts.canceled);
    const foreign = await stack.call(
      'POST',
      `/v1/payout-batches/${batchId}/cancel`,
      {},
      {
        authorization: `Bearer ${callbackClient.key}`,
      },
    );
    expect(foreign.status).toBe(404);
    expect((await stack.call('POST', '/v1/payout-batches/not-a-batch/cancel', {})).status).toBe(404);

    // Still open while the review items are in flight; completed once they are paid.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect((await batchState(stack, batchId)).status).toBe('open');
    const references = await queryStack<{ reference: string }>(
      stack,
      'SELECT reference FROM payout_attempts WHERE payout_id = ANY($1)',
      [payoutIds.slice(0, 2)],
    );
    for (const { reference } of references) {
      await stack.sandbox('POST', `/_sandbox/transfers/sipay/${reference}/release`, { outcome: 'sent' });
    }
    const done = await waitForBatch(batchId, ['completed', 'canceled'], 60_000);
    expect(done.status).toBe('completed');
    expect((done.counts.canceled ?? 0) + (done.counts.succeeded ?? 0)).toBe(40);
    expect(done.counts.succeeded).toBeGreaterThanOrEqual(2);
  });

  it('marks a batch canceled when every item was canceled before any was sent', async () => {
    // Items scheduled far ahead: nothing sends them before the cancel.
    const { batchId } = await createTestBatch(stack, [{ amount: '400000' }, { amount: '400000' }], {
      release: false,
    });
    const canceled = await stack.call<{ status: string; canceledNow: number; completedAt: string | null }>(
      'POST',
      `/v1/payout-batches/${batchId}/cancel`,
    );
    expect(canceled.status).toBe(200);
    expect(canceled.body).toMatchObject({ status: 'canceled', canceledNow: 2, completedAt: expect.any(String) });
  });

  it('loses and doubles no batch item across a worker kill and an emptied Redis', async () => {
    const { batchId } = await createTestBatch(
      stack,
      Array.from({ length: 60 }, () => ({ amount: '500000', provider: 'sipay' })),
    );
    await waitUntil(
      async () => ((await batchState(stack, batchId)).counts.succeeded ?? 0) >= 5 || undefined,
      30_000,
      'some items to be paid',
    );
    await Promise.all(stack.processes.workers.splice(0).map((worker) => worker.stop('SIGKILL')));
    stack.workerUrls.splice(0);
    const redis = new Redis(stack.env.REDIS_URL);
    try {
      const keys = await redis.keys(`${stack.env.REDIS_KEY_PREFIX}*`);
      if (keys.length > 0) await redis.del(...keys);
    } finally {
      redis.disconnect();
    }
    const stopped = await batchState(stack, batchId);
    expect(stopped.status).toBe('open');

    await stack.addWorker();
    const done = await waitForBatch(batchId, ['completed'], 120_000);
    expect(done.counts).toEqual({ succeeded: 60 });
    const attempts = await queryStack<{ n: number }>(
      stack,
      `SELECT count(a.id)::int AS n FROM payouts p LEFT JOIN payout_attempts a ON a.payout_id = p.id
       WHERE p.batch_id = $1 GROUP BY p.id`,
      [batchId],
    );
    expect(attempts.every((row) => row.n === 1)).toBe(true);
    expect(await paidTwice(stack, batchId)).toEqual([]);
    await expectEachReferenceSentOnce(batchId);
  });
});
