import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { createClients } from '../support/clients';
import { Stack } from '../support/stack';

interface Vote {
  clientId: string;
  clientName: string;
  at: string;
  reason: string | null;
}

interface PayoutBody {
  id: string;
  status: string;
  scheduledFor: string | null;
  nextCheckAt?: string | null;
  failure: { code: string; message: string } | null;
  approval: { policyVersion: number; required: number; expiresAt: string; approvals: Vote[] } | null;
  attempts: { reference: string; provider: string }[];
  events: {
    from: string | null;
    to: string;
    source: string;
    applied: boolean;
    reason: string;
    actor?: string;
    createdAt: string;
  }[];
}

interface Problem {
  code: string;
  errors?: { field: string; message: string }[];
}

const BENEFICIARY = { name: 'Ahmet Yılmaz', iban: 'TR320010009999901234567890', nationalId: '10000000146' };
// Scaled by POLL_TIME_SCALE 0.001: a payout awaits approval 8 s in this stack.
const APPROVAL_TIMEOUT = '8000s';
const TIMEOUT_MS = 8_000;

// Maker-checker approvals through the HTTP API against the sandbox (programs.md "Approvals"): the policy (versioned,
// audited, invalid ones refused with nothing changed), payouts created awaiting approval, the approvers' rules (never
// the creator, once per client, only while awaiting approval), approval then paid exactly once, rejection, expiry,
// cancel, the approvals queue and what an approver may read, and two approvers at once.
describe('approvals against the sandbox', () => {
  let stack: Stack;
  let db: Client;
  // The maker creates payouts; checkers A and B approve; the maker-checker may approve, but not its own payouts.
  let maker: { id: string; key: string };
  let checkerA: { id: string; key: string };
  let checkerB: { id: string; key: string };
  let makerChecker: { id: string; key: string };
  let reader: { id: string; key: string };

  beforeAll(async () => {
    stack = await Stack.start({ label: 'approvals', env: { APPROVAL_TIMEOUT } });
    [maker, checkerA, checkerB, makerChecker, reader] = await createClients(stack.databaseUrl, [
      { name: 'maker', scopes: ['payouts:write', 'payouts:read'] },
      { name: 'checker-a', scopes: ['payouts:read', 'payouts:approve'] },
      { name: 'checker-b', scopes: ['payouts:read', 'payouts:approve'] },
      { name: 'maker-checker', scopes: ['payouts:write', 'payouts:read', 'payouts:approve'] },
      { name: 'reader', scopes: ['payouts:read'] },
    ]);
    db = new Client({ connectionString: stack.databaseUrl });
    await db.connect();
  }, 120_000);
  afterAll(async () => {
    await db?.end();
    await stack?.stop();
  });

  const as = <T = PayoutBody>(key: string, method: string, path: string, body?: unknown) =>
    stack.call<T>(method, path, body, { authorization: `Bearer ${key}` });
  const create = (key: string, amount: string, extra: Record<string, unknown> = {}) =>
    stack.call<PayoutBody>(
      'POST',
      '/v1/payouts',
      { amount, currency: 'TRY', beneficiary: BENEFICIARY, ...extra },
      { authorization: `Bearer ${key}`, 'idempotency-key': randomUUID() },
    );
  const approve = (key: string, id: string, reason?: string) =>
    as(key, 'POST', `/v1/payouts/${id}/approve`, reason === undefined ? {} : { reason });
  const reject = (key: string, id: string, reason?: string) =>
    as(key, 'POST', `/v1/payouts/${id}/reject`, reason === undefined ? {} : { reason });
  const payoutOf = async (id: string): Promise<PayoutBody> =>
    (await stack.call<PayoutBody>('GET', `/v1/payouts/${id}?expand=attempts,events`)).body;
  const transfersOf = async (reference: string) =>
    (await stack.sandbox<{ data: unknown[] }>('GET', `/_sandbox/transfers?reference=${encodeURIComponent(reference)}`))
      .data;
  const setPolicy = (rules: unknown[], reason = 'e2e policy') =>
    stack.call<{ version: number }>('PUT', '/v1/approval-policy', { rules, reason });
  const policyVersion = async () => (await stack.call<{ version: number }>('GET', '/v1/approval-policy')).body.version;

  describe('the policy', () => {
    it('starts empty, refuses invalid policies naming the field with nothing changed, then versions each change', async () => {
      expect((await stack.call('GET', '/v1/approval-policy')).body).toMatchObject({ version: 0, rules: [] });

      const tooMany = await setPolicy([{ minAmount: '1000000', currency: 'TRY', approvals: 3 }]);
      expect(tooMany.status).toBe(400);
      expect((tooMany.body as unknown as Problem).errors).toEqual([
        expect.objectContaining({ field: 'rules[0].approvals' }),
      ]);
      const badAmount = await setPolicy([{ minAmount: '10.5', currency: 'XXX', approvals: 1 }]);
      expect((badAmount.body as unknown as Problem).errors?.map((error) => error.field)).toEqual([
        'rules[0].minAmount',
        'rules[0].currency',
      ]);
      const unknownClient = await setPolicy([
        { minAmount: '1', currency: 'TRY', approvals: 1, clientIds: ['00000000-0000-4000-8000-000000000000'] },
      ]);
      expect(unknownClient.status).toBe(400);
      expect((unknownClient.body as unknown as Problem).errors?.[0].field).toBe('rules[0].clientIds');
      const noReason = await stack.call('PUT', '/v1/approval-policy', { rules: [] });
      expect(noReason.status).toBe(400);
      expect(await policyVersion()).toBe(0);
      // Only routing:admin changes it.
      expect((await as(checkerA.key, 'PUT', '/v1/approval-policy', { rules: [], reason: 'x' })).status).toBe(403);
      expect(await policyVersion()).toBe(0);

      const set = await setPolicy(
        [
          { minAmount: '1000000', currency: 'TRY', approvals: 1 },
          { minAmount: '5000000', currency: 'TRY', approvals: 2 },
        ],
        'maker-checker from 10,000.00 TRY',
      );
      expect(set.status).toBe(200);
      expect(set.body).toMatchObject({ version: 1, setBy: stack.clientId, reason: 'maker-checker from 10,000.00 TRY' });
      expect((await stack.call('GET', '/v1/approval-policy')).body).toMatchObject({
        version: 1,
        rules: [
          { minAmount: '1000000', currency: 'TRY', approvals: 1 },
          { minAmount: '5000000', currency: 'TRY', approvals: 2 },
        ],
      });
      const { rows } = await db.query(
        `SELECT actor_client_id, reason, details FROM audit_log WHERE action = 'approval_policy.updated'`,
      );
      expect(rows).toEqual([
        {
          actor_client_id: stack.clientId,
          reason: 'maker-checker from 10,000.00 TRY',
          details: { before: null, after: { version: 1, rules: expect.any(Array) } },
        },
      ]);
    });
  });

  describe('payouts under the policy', () => {
    it('creates a payout at or above the threshold awaiting approval (no dispatch), one below pending', async () => {
      const held = await create(maker.key, '1000000');
      expect(held.status).toBe(201);
      expect(held.body).toMatchObject({
        status: 'awaiting_approval',
        approval: { policyVersion: 1, required: 1, approvals: [] },
      });
      expect(held.body.nextCheckAt).toBe(held.body.approval?.expiresAt);
      const below = await create(maker.key, '999999');
      expect(below.body).toMatchObject({ status: 'pending', approval: null });
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await payoutOf(held.body.id)).toMatchObject({ status: 'awaiting_approval', attempts: [] });
      // Still awaiting approval, so canceled by its creator.
      const canceled = await as(maker.key, 'POST', `/v1/payouts/${held.body.id}/cancel`, {});
      expect(canceled.body).toMatchObject({ status: 'canceled', failure: { code: 'canceled' } });
      expect((await approve(checkerA.key, held.body.id)).status).toBe(409);
    });

    it('lets an approver approve: the payout goes pending and the sandbox pays it exactly once', async () => {
      const created = await create(maker.key, '1200000');
      const approved = await approve(checkerA.key, created.body.id, 'invoice 2026-114 checked');
      expect(approved.status).toBe(200);
      expect(approved.body).toMatchObject({
        status: 'pending',
        approval: {
          required: 1,
          approvals: [{ clientId: checkerA.id, clientName: 'checker-a', reason: 'invoice 2026-114 checked' }],
        },
      });
      const paid = (await stack.waitForStatus(created.body.id, ['succeeded'], 30_000)) as unknown as PayoutBody;
      expect(paid.attempts).toHaveLength(1);
      expect(await transfersOf(paid.attempts[0].reference)).toHaveLength(1);
      const decision = paid.events.find((event) => event.source === `approval:${checkerA.id}`);
      expect(decision).toMatchObject({
        from: 'awaiting_approval',
        to: 'pending',
        applied: true,
        actor: 'checker-a',
        reason: 'invoice 2026-114 checked',
      });
      const { rows } = await db.query(`SELECT actor_client_id, reason FROM audit_log WHERE subject_id = $1`, [
        created.body.id,
      ]);
      expect(rows).toEqual([{ actor_client_id: checkerA.id, reason: 'invoice 2026-114 checked' }]);
    });

    it('never lets the creator approve its own payout (403), nothing changed', async () => {
      const created = await create(makerChecker.key, '1300000');
      const own = await approve(makerChecker.key, created.body.id, 'mine');
      expect(own.status).toBe(403);
      expect((own.body as unknown as Problem).code).toBe('forbidden');
      expect(await payoutOf(created.body.id)).toMatchObject({
        status: 'awaiting_approval',
        approval: { approvals: [] },
      });
      // Another client's approval still counts.
      expect((await approve(makerChecker.key, (await create(maker.key, '1300000')).body.id)).status).toBe(200);
    });

    it('needs two approvals from two clients above the second threshold; the same client twice is 403', async () => {
      const created = await create(maker.key, '5000000');
      expect(created.body.approval).toMatchObject({ required: 2 });
      const first = await approve(checkerA.key, created.body.id);
      expect(first.body).toMatchObject({
        status: 'awaiting_approval',
        approval: { approvals: [{ clientId: checkerA.id, reason: null }] },
      });
      const again = await approve(checkerA.key, created.body.id);
      expect(again.status).toBe(403);
      expect(await payoutOf(created.body.id)).toMatchObject({ status: 'awaiting_approval' });
      const second = await approve(checkerB.key, created.body.id, 'second pair of eyes');
      expect(second.body).toMatchObject({ status: 'pending' });
      expect(second.body.approval?.approvals.map((vote) => vote.clientId)).toEqual([checkerA.id, checkerB.id]);
      const paid = (await stack.waitForStatus(created.body.id, ['succeeded'], 30_000)) as unknown as PayoutBody;
      expect(await transfersOf(paid.attempts[0].reference)).toHaveLength(1);
      // The first vote is an event that changed no status.
      expect(paid.events.filter((event) => event.source.startsWith('approval:')).map((e) => [e.to, e.applied])).toEqual(
        [
          ['awaiting_approval', false],
          ['pending', true],
        ],
      );
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM payout_approvals WHERE payout_id = $1`, [
        created.body.id,
      ]);
      expect(rows[0].n).toBe(2);
    });

    it('rejects with a reason only: the payout ends canceled (rejected_by_approver), never sent', async () => {
      const created = await create(maker.key, '1400000');
      const noReason = await reject(checkerA.key, created.body.id);
      expect(noReason.status).toBe(400);
      const rejected = await reject(checkerA.key, created.body.id, 'beneficiary not on the vendor list');
      expect(rejected.status).toBe(200);
      expect(rejected.body).toMatchObject({ status: 'canceled', failure: { code: 'rejected_by_approver' } });
      expect((await approve(checkerB.key, created.body.id)).status).toBe(409);
      await new Promise((resolve) => setTimeout(resolve, 500));
      const after = await payoutOf(created.body.id);
      expect(after).toMatchObject({ status: 'canceled', attempts: [] });
      expect(after.events.at(-1)).toMatchObject({
        source: `approval:${checkerA.id}`,
        actor: 'checker-a',
        reason: 'beneficiary not on the vendor list',
      });
    });

    it('moves an approved payout whose scheduledFor is still ahead to scheduled, then releases and pays it', async () => {
      const releaseAt = new Date(Date.now() + 3_000);
      const created = await create(maker.key, '1500000', { scheduledFor: releaseAt.toISOString() });
      expect(created.body.status).toBe('awaiting_approval');
      const approved = await approve(checkerB.key, created.body.id);
      expect(approved.body).toMatchObject({ status: 'scheduled', nextCheckAt: releaseAt.toISOString() });
      const paid = (await stack.waitForStatus(created.body.id, ['succeeded'], 30_000)) as unknown as PayoutBody;
      expect(paid.events.filter((event) => event.applied).map((event) => event.to)).toEqual(
        expect.arrayContaining(['awaiting_approval', 'scheduled', 'pending', 'succeeded']),
      );
      expect(await transfersOf(paid.attempts[0].reference)).toHaveLength(1);
    });

    it('cancels a payout nobody approved by its deadline (approval_expired), never sent', async () => {
      const created = await create(maker.key, '1600000');
      const expired = (await stack.waitForStatus(
        created.body.id,
        ['canceled'],
        TIMEOUT_MS + 15_000,
      )) as unknown as PayoutBody;
      expect(expired).toMatchObject({ failure: { code: 'approval_expired' }, attempts: [] });
      expect(expired.events.at(-1)).toMatchObject({ from: 'awaiting_approval', source: 'approval_expiry' });
      expect(new Date(expired.events.at(-1)?.createdAt ?? 0).getTime()).toBeGreaterThanOrEqual(
        new Date(created.body.approval?.expiresAt ?? 0).getTime(),
      );
      expect((await approve(checkerA.key, created.body.id)).status).toBe(409);
    }, 40_000);
  });

  describe('what an approver sees', () => {
    it('lists payouts awaiting approval of every client oldest first; reads those, nothing else of others', async () => {
      const first = await create(maker.key, '1700000');
      const second = await create(makerChecker.key, '1700001');
      const pendingOfMaker = await create(maker.key, '100');

      const queue = await as<{ data: PayoutBody[]; nextCursor: string | null }>(checkerA.key, 'GET', '/v1/approvals');
      expect(queue.status).toBe(200);
      const ids = queue.body.data.map((payout) => payout.id);
      expect(ids).toEqual(expect.arrayContaining([first.body.id, second.body.id]));
      expect(ids.indexOf(first.body.id)).toBeLessThan(ids.indexOf(second.body.id));
      expect(ids).not.toContain(pendingOfMaker.body.id);
      expect(queue.body.data.every((payout) => payout.status === 'awaiting_approval')).toBe(true);

      expect((await as(checkerA.key, 'GET', `/v1/payouts/${first.body.id}`)).status).toBe(200);
      expect((await as(checkerA.key, 'GET', `/v1/payouts/${pendingOfMaker.body.id}`)).status).toBe(404);
      // Without payouts:approve: no queue, and another client's payout awaiting approval stays hidden.
      expect((await as(reader.key, 'GET', '/v1/approvals')).status).toBe(403);
      expect((await as(reader.key, 'GET', `/v1/payouts/${first.body.id}`)).status).toBe(404);
      expect((await approve(reader.key, first.body.id)).status).toBe(403);
      // Once approved, it is no longer the approver's to read.
      await approve(checkerB.key, first.body.id);
      expect((await as(checkerA.key, 'GET', `/v1/payouts/${first.body.id}`)).status).toBe(404);
    });
  });

  describe('two approvers at once', () => {
    it('counts both votes and releases once; the same client twice at once counts once', async () => {
      const created = await create(maker.key, '6000000');
      const [a, b] = await Promise.all([
        approve(checkerA.key, created.body.id),
        approve(checkerB.key, created.body.id),
      ]);
      expect([a.status, b.status]).toEqual([200, 200]);
      const after = await payoutOf(created.body.id);
      expect(['pending', 'submitting', 'processing', 'succeeded']).toContain(after.status);
      expect(after.approval?.approvals.map((vote) => vote.clientId).sort()).toEqual([checkerA.id, checkerB.id].sort());
      const paid = (await stack.waitForStatus(created.body.id, ['succeeded'], 30_000)) as unknown as PayoutBody;
      expect(paid.attempts).toHaveLength(1);
      expect(paid.events.filter((event) => event.applied && event.to === 'pending')).toHaveLength(1);
      expect(await transfersOf(paid.attempts[0].reference)).toHaveLength(1);

      const twice = await create(maker.key, '6000001');
      const answers = await Promise.all([approve(checkerA.key, twice.body.id), approve(checkerA.key, twice.body.id)]);
      expect(answers.map((answer) => answer.status).sort()).toEqual([200, 403]);
      expect(await payoutOf(twice.body.id)).toMatchObject({
        status: 'awaiting_approval',
        approval: { approvals: [{ clientId: checkerA.id }] },
      });
    });
  });

  describe('clearing the policy', () => {
    it('with rules: [] pays new payouts at once again', async () => {
      expect((await setPolicy([], 'approvals off')).body).toMatchObject({ version: 2, rules: [] });
      expect((await create(maker.key, '9000000')).body).toMatchObject({ status: 'pending', approval: null });
    });
  });
});
