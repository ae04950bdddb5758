import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { BatchFeedQueries, ReaperQueries } from '@libs/dispatch';
import type { CreatePayout, TransitionPayout } from '@libs/payouts';
import { queryOnce } from '../support/database';
import { payoutsOnPostgres } from '../support/payouts-on-postgres';

// The batch lifecycle on Postgres (decision 0012): a batch closes exactly once, in the transaction of its last item's
// final status, even when its last two items finish in parallel transactions; a later return does not reopen it; the
// feeder takes pending items in turns across open batches, oldest batch first, each once while its lease runs.
describe('batch lifecycle on Postgres', () => {
  let core: Awaited<ReturnType<typeof payoutsOnPostgres>>;
  let transition: TransitionPayout;
  let createPayout: CreatePayout;
  let url: string;
  let counter = 0;
  const route = { provider: 'sipay', routing: { ruleId: null, ruleVersion: null, reason: 'default' } };

  beforeAll(async () => {
    core = await payoutsOnPostgres('batch_lifecycle', { callbackUrl: 'https://receiver.example/hooks' });
    ({ transition, createPayout } = core);
    url = core.database.url;
  }, 60_000);
  afterAll(() => core?.close());

  const newPayout = async (): Promise<string> => {
    const key = `batch-${counter++}`;
    const result = await createPayout.execute({
      clientId: core.clientId,
      idempotencyKey: key,
      requestHash: key,
      input: {
        amount: '1000',
        currency: 'TRY',
        beneficiary: { name: 'Ayşe Demir', iban: 'TR320010009999901234567890' },
      },
    });
    return result.body.id as string;
  };
  /** `n` pending payouts bound to a new open batch created `createdAt`. */
  const newBatch = async (n: number, createdAt = new Date()): Promise<{ batchId: string; items: string[] }> => {
    const items: string[] = [];
    for (let i = 0; i < n; i++) items.push(await newPayout());
    const batchId = randomUUID();
    await queryOnce(
      url,
      `INSERT INTO payout_batches (id, client_id, status, item_count, total_amount, currency, created_at, updated_at)
       VALUES ($1, $2, 'open', $3, $4, 'TRY', $5, $5)`,
      [batchId, core.clientId, n, 1000 * n, createdAt],
    );
    await queryOnce(
      url,
      `UPDATE payouts p SET batch_id = $1, item_reference = 'item-' || i.n, next_check_at = $3
       FROM unnest($2::uuid[]) WITH ORDINALITY AS i(id, n) WHERE p.id = i.id`,
      [batchId, items, new Date(Date.now() - 1_000)],
    );
    return { batchId, items };
  };
  const batchRow = async (batchId: string) =>
    (
      await queryOnce<{ status: string; completed_at: Date | null }>(
        url,
        'SELECT status, completed_at FROM payout_batches WHERE id = $1',
        [batchId],
      )
    )[0];
  const batchDeliveries = (batchId: string) =>
    queryOnce<{ id: string; event_type: string }>(
      url,
      'SELECT id, event_type FROM notification_deliveries WHERE batch_id = $1',
      [batchId],
    );
  const cancel = (payoutId: string) =>
    transition.apply(payoutId, { to: 'canceled', source: 'api', failure: { code: 'canceled', message: 'test' } });

  it('closes a batch once when its last two items finish in parallel transactions (each waits on the batch row)', async () => {
    const { batchId, items } = await newBatch(2);
    const open = ['scheduled', 'pending', 'submitting', 'processing', 'manual_review'];
    const [first, second] = [new Client({ connectionString: url }), new Client({ connectionString: url })];
    await Promise.all([first.connect(), second.connect()]);
    try {
      // Each transaction sets its own item final and settles it, neither committed: at READ COMMITTED a plain
      // "no item left open?" check in each would see the other's item still pending, and neither would close it.
      await first.query('BEGIN');
      await first.query(`UPDATE payouts SET status = 'canceled' WHERE id = $1`, [items[0]]);
      const firstSettle = await first.query('SELECT * FROM settle_batch_item($1, now(), $2)', [batchId, open]);
      expect(firstSettle.rows).toEqual([{ batch_status: 'open', delivery_id: null }]);

      await second.query('BEGIN');
      await second.query(`UPDATE payouts SET status = 'canceled' WHERE id = $1`, [items[1]]);
      const secondSettle = second.query('SELECT * FROM settle_batch_item($1, now(), $2)', [batchId, open]);
      // The second waits for the batch row the first holds...
      await new Promise((resolve) => setTimeout(resolve, 200));
      await first.query('COMMIT');
      // ...and then sees the first's item final: it closes the batch, every item having been canceled.
      const closed = await secondSettle;
      expect(closed.rows).toHaveLength(1);
      expect(closed.rows[0].batch_status).toBe('canceled');
      await second.query('COMMIT');
    } finally {
      await Promise.all([first.end(), second.end()]);
    }
    expect(await batchRow(batchId)).toMatchObject({ status: 'canceled', completed_at: expect.any(Date) });
    expect(await batchDeliveries(batchId)).toEqual([{ id: expect.any(String), event_type: 'batch.completed' }]);
    const [{ n }] = await queryOnce<{ n: number }>(
      url,
      `SELECT count(*)::int AS n FROM outbox WHERE job_name = 'deliver-notification' AND payload->>'deliveryId' = $1`,
      [(await batchDeliveries(batchId))[0].id],
    );
    expect(n).toBe(1);
  });

  it('completes through TransitionPayout on the last final item, and a later return does not reopen it', async () => {
    const { batchId, items } = await newBatch(3);
    await cancel(items[0]);
    expect((await batchRow(batchId)).status).toBe('open');

    const paid = await transition.apply(
      items[1],
      { to: 'submitting', source: 'dispatch' },
      { route, newAttempt: { provider: 'sipay', reference: `ref-${items[1]}` } },
    );
    await transition.apply(
      items[1],
      { to: 'succeeded', source: 'ops:cli' },
      { attemptUpdate: { attemptId: paid.attempt?.id as string, status: 'completed' } },
    );
    expect((await batchRow(batchId)).status).toBe('open');
    await cancel(items[2]);
    const closed = await batchRow(batchId);
    expect(closed).toMatchObject({ status: 'completed', completed_at: expect.any(Date) });

    // The succeeded item is returned later: the batch stays completed, its completion time and notification unchanged.
    await transition.apply(items[1], { to: 'returned', source: 'ops:cli' });
    expect(await batchRow(batchId)).toEqual(closed);
    expect(await batchDeliveries(batchId)).toHaveLength(1);
  });

  it('writes no batch notification for a client without a callback URL, and still closes the batch', async () => {
    const { batchId, items } = await newBatch(1);
    await queryOnce(url, 'UPDATE clients SET callback_url = NULL WHERE id = $1', [core.clientId]);
    try {
      await cancel(items[0]);
    } finally {
      await queryOnce(url, `UPDATE clients SET callback_url = 'https://receiver.example/hooks' WHERE id = $1`, [
        core.clientId,
      ]);
    }
    expect((await batchRow(batchId)).status).toBe('canceled');
    expect(await batchDeliveries(batchId)).toEqual([]);
  });

  it('feeds pending items in turns across open batches, oldest batch first, each once while its lease runs', async () => {
    // Close every batch earlier tests left open, so only these two compete.
    await queryOnce(url, `UPDATE payout_batches SET status = 'completed' WHERE status = 'open'`);
    const older = await newBatch(3, new Date(Date.now() - 60_000));
    const newer = await newBatch(3, new Date(Date.now() - 30_000));
    const feed = new BatchFeedQueries(core.dataSource);
    const now = new Date();
    const leaseUntil = new Date(now.getTime() + 60_000);

    const first = await feed.claimDue({ now, limit: 4, leaseUntil, maxBatches: 10 });
    expect(first).toHaveLength(4);
    const batchOf = (id: string) => (older.items.includes(id) ? 'older' : 'newer');
    expect(first.map(batchOf)).toEqual(['older', 'newer', 'older', 'newer']);
    // Within a batch, oldest item first (uuidv7 ids in creation order, same next_check_at).
    expect(first.filter((id) => batchOf(id) === 'older')).toEqual(older.items.slice(0, 2));

    // Leased: the next run takes only what is left, and nothing once all are leased.
    const second = await feed.claimDue({ now, limit: 10, leaseUntil, maxBatches: 10 });
    expect(second.sort()).toEqual([older.items[2], newer.items[2]].sort());
    expect(await feed.claimDue({ now, limit: 10, leaseUntil, maxBatches: 10 })).toEqual([]);
    // After the lease (a job lost with Redis), they come back.
    const later = new Date(leaseUntil.getTime() + 1);
    const again = await feed.claimDue({
      now: later,
      limit: 10,
      leaseUntil: new Date(later.getTime() + 60_000),
      maxBatches: 10,
    });
    expect(again).toHaveLength(6);
  });

  it('leaves pending batch items to the feeder: the reaper redispatches only single payouts', async () => {
    await queryOnce(url, `UPDATE payout_batches SET status = 'completed' WHERE status = 'open'`);
    const { items } = await newBatch(2);
    const single = await newPayout();
    const past = new Date(Date.now() - 60_000);
    await queryOnce(url, `UPDATE payouts SET next_check_at = $2, created_at = $2 WHERE id = ANY($1)`, [
      [...items, single],
      past,
    ]);
    const due = await new ReaperQueries(core.dataSource).claimDuePending({
      now: new Date(),
      createdBefore: new Date(),
      pushTo: new Date(Date.now() + 60_000),
      limit: 1_000,
    });
    expect(due).toContain(single);
    expect(due).not.toContain(items[0]);
    expect(due).not.toContain(items[1]);
  });

  it('two feeders at once never take the same item (SKIP LOCKED)', async () => {
    await queryOnce(url, `UPDATE payout_batches SET status = 'completed' WHERE status = 'open'`);
    const { items } = await newBatch(20);
    const feed = new BatchFeedQueries(core.dataSource);
    const now = new Date();
    const leaseUntil = new Date(now.getTime() + 60_000);
    const runs = await Promise.all(
      [0, 1, 2, 3].map(() => feed.claimDue({ now, limit: 8, leaseUntil, maxBatches: 10 })),
    );
    const taken = runs.flat();
    expect(new Set(taken).size).toBe(taken.length);
    expect(taken.every((id) => items.includes(id))).toBe(true);
  });
});
