import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { batchState, paidTwice } from '../support/batches';
import { createClients } from '../support/clients';
import { waitUntil } from '../support/processes';
import { Stack } from '../support/stack';

interface Vote {
  clientId: string;
  clientName: string;
  at: string;
  reason: string | null;
}

interface Approval {
  policyVersion: number;
  required: number;
  expiresAt: string;
  approvals: Vote[];
  rejection?: Vote;
}

interface BatchBody {
  id: string;
  status: string;
  itemCount: number;
  totalAmount: string;
  counts: Record<string, number>;
  approval?: Approval;
  itemsDecided?: number;
}

interface ItemBody {
  id: string;
  status: string;
  batchId: string;
  nextCheckAt?: string | null;
  approval: Approval | null;
  failure: { code: string; message: string } | null;
  attempts?: { reference: string }[];
  events?: { from: string | null; to: string; source: string; actor?: string; reason: string; applied: boolean }[];
}

interface Problem {
  code: string;
  detail?: string;
  message?: string;
  errors?: { field: string; message: string }[];
}

const BENEFICIARY = { name: 'Ayşe Yılmaz', iban: 'TR320010009999901234567890', nationalId: '10000000146' };
// Scaled by POLL_TIME_SCALE 0.001: a batch awaits approval 15 s in this stack.
const APPROVAL_TIMEOUT = '15000s';

// Batch approvals through the HTTP API against the sandbox (programs.md "Batches", decision 0013): the policy applies
// to a batch's total; a held batch and its items await approval; one decision for every item (never the creator, one
// vote per client, 2-approval rules, two approvers at once); approved -> paid once and completed; rejected -> every
// item canceled, nothing sent; expiry; an item is never decided alone; the queue and what an approver may read.
describe('batch approvals against the sandbox', () => {
  let stack: Stack;
  let db: Client;
  let maker: { id: string; key: string };
  let checkerA: { id: string; key: string };
  let checkerB: { id: string; key: string };
  let makerChecker: { id: string; key: string };

  beforeAll(async () => {
    stack = await Stack.start({ label: 'batch_approvals', env: { APPROVAL_TIMEOUT } });
    [maker, checkerA, checkerB, makerChecker] = await createClients(stack.databaseUrl, [
      // A callback URL nobody answers: its batch.completed delivery rows are still written, once per batch.
      { name: 'maker', scopes: ['payouts:write', 'payouts:read'], callbackUrl: 'http://127.0.0.1:9/hooks' },
      { name: 'checker-a', scopes: ['payouts:read', 'payouts:approve'] },
      { name: 'checker-b', scopes: ['payouts:read', 'payouts:approve'] },
      { name: 'maker-checker', scopes: ['payouts:write', 'payouts:read', 'payouts:approve'] },
    ]);
    db = new Client({ connectionString: stack.databaseUrl });
    await db.connect();
    const policy = await stack.call('PUT', '/v1/approval-policy', {
      rules: [
        { minAmount: '1000000', currency: 'TRY', approvals: 1 },
        { minAmount: '5000000', currency: 'TRY', approvals: 2 },
      ],
      reason: 'batch approvals e2e',
    });
    if (policy.status !== 200) throw new Error(`policy refused: ${policy.text}`);
  }, 120_000);
  afterAll(async () => {
    await db?.end();
    await stack?.stop();
  });

  const as = <T = BatchBody>(key: string, method: string, path: string, body?: unknown) =>
    stack.call<T>(method, path, body, { authorization: `Bearer ${key}` });
  /** A batch of `count` items of `amount` each (all under every rule alone), by `key`. */
  const createBatch = (key: string, count: number, amount: string, extra: Record<string, unknown> = {}) =>
    stack.call<BatchBody>(
      'POST',
      '/v1/payout-batches',
      {
        reference: `approvals-${randomUUID()}`,
        items: Array.from({ length: count }, (_, i) => ({
          amount,
          currency: 'TRY',
          beneficiary: BENEFICIARY,
          itemReference: `item-${i + 1}`,
          ...extra,
        })),
      },
      { authorization: `Bearer ${key}`, 'idempotency-key': randomUUID() },
    );
  const itemsOf = async (batchId: string): Promise<ItemBody[]> => {
    const { rows } = await db.query<{ id: string }>(`SELECT id FROM payouts WHERE batch_id = $1 ORDER BY id`, [
      batchId,
    ]);
    return Promise.all(
      rows.map(async ({ id }) => (await stack.call<ItemBody>('GET', `/v1/payouts/${id}?expand=attempts,events`)).body),
    );
  };
  const approve = (key: string, id: string, reason?: string) =>
    as(key, 'POST', `/v1/payout-batches/${id}/approve`, reason === undefined ? {} : { reason });
  const reject = (key: string, id: string, reason?: string) =>
    as(key, 'POST', `/v1/payout-batches/${id}/reject`, reason === undefined ? {} : { reason });
  const waitForBatch = (batchId: string, statuses: string[], timeoutMs = 60_000) =>
    waitUntil(
      async () => {
        const state = await batchState(stack, batchId);
        return statuses.includes(state.status) ? state : undefined;
      },
      timeoutMs,
      `batch ${batchId} to be ${statuses.join('|')}`,
    );
  const transfersFor = async (batchId: string) => {
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM payout_attempts a JOIN payouts p ON p.id = a.payout_id WHERE p.batch_id = $1`,
      [batchId],
    );
    return rows[0].n;
  };

  it('holds a batch by its total: awaiting_approval, every item awaiting with the batch approval, in the batch queue only', async () => {
    // 3 x 4,000.00 TRY: no item needs an approval alone, the 12,000.00 TRY batch needs one.
    const created = await createBatch(maker.key, 3, '400000');
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      status: 'awaiting_approval',
      totalAmount: '1200000',
      counts: { awaiting_approval: 3 },
      approval: { required: 1, approvals: [] },
    });
    const approval = created.body.approval as Approval;
    expect((await stack.call<BatchBody>('GET', `/v1/payout-batches/${created.body.id}`)).body).toEqual(created.body);
    for (const item of await itemsOf(created.body.id)) {
      expect(item).toMatchObject({ status: 'awaiting_approval', batchId: created.body.id, approval });
      expect(item.nextCheckAt).toBe(approval.expiresAt);
    }
    // The batch queue lists it; the payouts queue does not list its items; an approver reads the batch and its items.
    const queue = await as<{ data: BatchBody[] }>(checkerA.key, 'GET', '/v1/approvals/batches?limit=100');
    expect(queue.status).toBe(200);
    expect(queue.body.data.map((batch) => batch.id)).toContain(created.body.id);
    const payouts = await as<{ data: ItemBody[] }>(checkerA.key, 'GET', '/v1/approvals');
    expect(payouts.body.data.filter((payout) => payout.batchId === created.body.id)).toEqual([]);
    expect((await as(checkerA.key, 'GET', `/v1/payout-batches/${created.body.id}`)).status).toBe(200);
    const items = await as<{ data: ItemBody[] }>(checkerA.key, 'GET', `/v1/payout-batches/${created.body.id}/items`);
    expect(items.body.data).toHaveLength(3);
    // Under the threshold: open at once.
    const small = await createBatch(maker.key, 2, '400000');
    expect(small.body).toMatchObject({ status: 'open' });
    expect(small.body.approval).toBeUndefined();
  });

  it('refuses an item decided alone (409), the creator (403); an approval releases every item, paid once, completed once', async () => {
    const created = await createBatch(makerChecker.key, 3, '400000');
    const batchId = created.body.id;
    const [first] = await itemsOf(batchId);
    const alone = await as<Problem>(checkerA.key, 'POST', `/v1/payouts/${first.id}/approve`, {});
    expect(alone.status).toBe(409);
    expect(alone.body.code).toBe('invalid_state');
    expect(alone.text).toContain(`/v1/payout-batches/${batchId}/approve`);
    const own = await approve(makerChecker.key, batchId);
    expect(own.status).toBe(403);
    expect((own.body as unknown as Problem).code).toBe('forbidden');
    const noReasonReject = await reject(checkerA.key, batchId);
    expect(noReasonReject.status).toBe(400);
    expect((await batchState(stack, batchId)).status).toBe('awaiting_approval');

    const approved = await approve(checkerA.key, batchId, 'payroll checked');
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({
      status: 'open',
      itemsDecided: 3,
      approval: { approvals: [{ clientId: checkerA.id, clientName: 'checker-a', reason: 'payroll checked' }] },
    });
    expect((await approve(checkerB.key, batchId)).status).toBe(409);
    await waitForBatch(batchId, ['completed']);
    for (const item of await itemsOf(batchId)) {
      expect(item.status).toBe('succeeded');
      const decision = item.events?.find((event) => event.from === 'awaiting_approval');
      expect(decision).toMatchObject({
        to: 'pending',
        source: `approval:${checkerA.id}`,
        actor: 'checker-a',
        applied: true,
      });
      expect(item.attempts).toHaveLength(1);
    }
    expect(await paidTwice(stack, batchId)).toEqual([]);
    const audit = await db.query(`SELECT action, reason FROM audit_log WHERE subject_id = $1 ORDER BY created_at`, [
      batchId,
    ]);
    expect(audit.rows).toEqual([{ action: 'payout_batch.approve', reason: 'payroll checked' }]);
    const votes = await db.query(`SELECT client_id, decision FROM batch_approvals WHERE batch_id = $1`, [batchId]);
    expect(votes.rows).toEqual([{ client_id: checkerA.id, decision: 'approve' }]);
  });

  it('needs two approvals for a large total, one per client; the batch of the maker notifies batch.completed once', async () => {
    // 3 x 20,000.00 TRY = 60,000.00 TRY: two approvals.
    const created = await createBatch(maker.key, 3, '2000000');
    const batchId = created.body.id;
    expect(created.body.approval).toMatchObject({ required: 2 });
    const firstVote = await approve(checkerA.key, batchId);
    expect(firstVote.status).toBe(200);
    expect(firstVote.body).toMatchObject({ status: 'awaiting_approval', itemsDecided: 0 });
    const twice = await approve(checkerA.key, batchId);
    expect(twice.status).toBe(403);
    // The vote is on the items' approval too; no status moved.
    for (const item of await itemsOf(batchId)) {
      expect(item.status).toBe('awaiting_approval');
      expect(item.approval?.approvals.map((vote) => vote.clientId)).toEqual([checkerA.id]);
    }
    const second = await approve(checkerB.key, batchId, 'second pair of eyes');
    expect(second.body).toMatchObject({ status: 'open', itemsDecided: 3 });
    await waitForBatch(batchId, ['completed']);
    expect(await paidTwice(stack, batchId)).toEqual([]);
    const deliveries = await db.query(
      `SELECT event_type FROM notification_deliveries WHERE batch_id = $1 AND client_id = $2`,
      [batchId, maker.id],
    );
    expect(deliveries.rows).toEqual([{ event_type: 'batch.completed' }]);
  });

  it('counts two approvers at once: both votes kept, every item released once', async () => {
    const created = await createBatch(maker.key, 20, '400000', {
      // Released to scheduled: nothing is sent, the decision is what is checked.
      scheduledFor: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    });
    const batchId = created.body.id;
    // 20 x 4,000.00 TRY = 80,000.00 TRY: two approvals.
    expect(created.body.approval).toMatchObject({ required: 2 });
    const [a, b] = await Promise.all([approve(checkerA.key, batchId), approve(checkerB.key, batchId)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.body.itemsDecided! + b.body.itemsDecided!).toBeLessThanOrEqual(20);
    const batch = (await stack.call<BatchBody>('GET', `/v1/payout-batches/${batchId}`)).body;
    expect(batch).toMatchObject({ status: 'open', counts: { scheduled: 20 } });
    expect(batch.approval?.approvals.map((vote) => vote.clientId).sort()).toEqual([checkerA.id, checkerB.id].sort());
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM payout_events e JOIN payouts p ON p.id = e.payout_id
       WHERE p.batch_id = $1 AND e.from_status = 'awaiting_approval' AND e.applied`,
      [batchId],
    );
    expect(rows[0].n).toBe(20);
  });

  it('rejects a batch: every item canceled (rejected_by_approver), nothing sent, the batch canceled; then 409', async () => {
    const created = await createBatch(maker.key, 4, '400000');
    const batchId = created.body.id;
    const rejected = await reject(checkerA.key, batchId, 'wrong payroll month');
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'canceled', itemsDecided: 4, counts: { canceled: 4 } });
    for (const item of await itemsOf(batchId)) {
      expect(item).toMatchObject({ status: 'canceled', failure: { code: 'rejected_by_approver' } });
      expect(item.events?.at(-1)).toMatchObject({ source: `approval:${checkerA.id}`, actor: 'checker-a' });
    }
    expect(await transfersFor(batchId)).toBe(0);
    const late = await approve(checkerB.key, batchId);
    expect(late.status).toBe(409);
    expect((late.body as unknown as Problem).code).toBe('invalid_state');
  });

  it('expires a batch nobody approved: every item approval_expired, the batch canceled, nothing sent', async () => {
    const created = await createBatch(maker.key, 3, '400000');
    const batchId = created.body.id;
    await waitForBatch(batchId, ['canceled'], 40_000);
    for (const item of await itemsOf(batchId)) {
      expect(item).toMatchObject({ status: 'canceled', failure: { code: 'approval_expired' } });
    }
    expect(await transfersFor(batchId)).toBe(0);
    expect((await approve(checkerA.key, batchId)).status).toBe(409);
  });

  it('finishes a decision whose items were left behind (a crash after the vote): the expiry job releases them', async () => {
    const created = await createBatch(maker.key, 3, '400000');
    const batchId = created.body.id;
    // What the vote's transaction commits (batch_approvals, the batch open, the vote on every item, next check now),
    // with no item moved afterwards: the api died between the two.
    const approval = {
      ...created.body.approval,
      approvals: [{ clientId: checkerA.id, clientName: 'checker-a', at: new Date().toISOString(), reason: 'crash' }],
    };
    await db.query(
      `INSERT INTO batch_approvals (batch_id, client_id, decision, reason, created_at) VALUES ($1, $2, 'approve', 'crash', now())`,
      [batchId, checkerA.id],
    );
    await db.query(`UPDATE payout_batches SET status = 'open', approval = $2 WHERE id = $1`, [batchId, approval]);
    await db.query(
      `UPDATE payouts SET approval = $2, next_check_at = now() WHERE batch_id = $1 AND status = 'awaiting_approval'`,
      [batchId, approval],
    );
    await waitForBatch(batchId, ['completed']);
    for (const item of await itemsOf(batchId)) {
      expect(item.status).toBe('succeeded');
      expect(item.events?.find((event) => event.from === 'awaiting_approval')).toMatchObject({
        to: 'pending',
        source: `approval:${checkerA.id}`,
        applied: true,
      });
    }
    expect(await paidTwice(stack, batchId)).toEqual([]);
  });

  it('approves a 1,000-item batch in one call (items moved in lanes)', async () => {
    // 1,000 x 10.00 TRY = 10,000.00 TRY: one approval.
    const created = await createBatch(maker.key, 1000, '1000', {
      scheduledFor: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    });
    expect(created.status).toBe(201);
    const started = Date.now();
    const approved = await approve(checkerA.key, created.body.id);
    const tookMs = Date.now() - started;
    // Every item released by this call, or by the approval expiry job that takes over an item a decision has not moved
    // within a (time-scaled) minute: in this stack, 60 ms.
    expect(approved.body).toMatchObject({ status: 'open', counts: { scheduled: 1000 } });
    expect(approved.body.itemsDecided).toBeGreaterThan(0);
    // Measured, not a benchmark: printed for the record.
    process.stdout.write(`1,000-item batch approve: ${tookMs} ms\n`);
  }, 120_000);
});
