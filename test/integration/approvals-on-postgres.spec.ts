import { DataSource } from 'typeorm';
import {
  ApprovalPolicyRepository,
  CreatePayout,
  DecideApprovals,
  DueWaitingPayouts,
  ExpireUnapprovedPayouts,
  TransitionPayout,
  TypeOrmPayoutStore,
} from '@libs/payouts';
import type { MinorUnits } from '@libs/payouts/domain';
import { createClients } from '../support/clients';
import { queryOnce, runCommand } from '../support/database';
import { payoutsOnPostgres } from '../support/payouts-on-postgres';

const LEASE_MS = 10_000;
const HOUR = 3_600_000;

// Approvals on Postgres, driven through the use cases as the apps wire them: the expiry from rows (due only, once
// whatever the number of expirers, a dead worker's claim back after its lease, an approval first wins), concurrent
// votes under the row lock, one vote per client in Postgres, and the migration's down refusing while a payout awaits.
describe('approvals on Postgres', () => {
  let core: Awaited<ReturnType<typeof payoutsOnPostgres>>;
  let dataSource: DataSource;
  let store: TypeOrmPayoutStore;
  let transition: TransitionPayout;
  let createPayout: CreatePayout;
  let decide: DecideApprovals;
  let databaseUrl: string;
  let approvers: { id: string; name: string }[];
  let counter = 0;

  const newPayout = async (amount = '2000000'): Promise<string> => {
    const key = `key-${counter++}`;
    const result = await createPayout.execute({
      clientId: core.clientId,
      idempotencyKey: key,
      requestHash: key,
      input: { amount, currency: 'TRY', beneficiary: { name: 'Ayşe Demir', iban: 'TR320010009999901234567890' } },
    });
    return result.body.id as string;
  };
  const expirer = (at: () => Date) =>
    new ExpireUnapprovedPayouts(
      new DueWaitingPayouts(dataSource.manager, 'awaiting_approval'),
      transition,
      { now: at },
      {
        batchSize: 500,
        leaseMs: LEASE_MS,
        concurrency: 4,
      },
    );
  const eventsOf = (payoutId: string) =>
    queryOnce<{ to_status: string; source: string; applied: boolean }>(
      databaseUrl,
      'SELECT to_status, source, applied FROM payout_events WHERE payout_id = $1 ORDER BY id',
      [payoutId],
    );
  const dispatchJobsOf = (payoutIds: string[]) =>
    queryOnce<{ payout_id: string }>(
      databaseUrl,
      `SELECT payload->>'payoutId' AS payout_id FROM outbox
       WHERE job_name = 'dispatch-payout' AND payload->>'payoutId' = ANY($1::text[])`,
      [payoutIds],
    );
  const approver = (index: number) => ({ clientId: approvers[index].id, clientName: approvers[index].name });

  beforeAll(async () => {
    core = await payoutsOnPostgres('approvals_pg', { callbackUrl: 'http://127.0.0.1:9/hooks' });
    ({ dataSource, store, transition, createPayout } = core);
    databaseUrl = core.database.url;
    decide = new DecideApprovals(transition, core.clock, { firstCheckAfterMs: 30_000 });
    const created = await createClients(databaseUrl, [
      { name: 'checker-1', scopes: ['payouts:approve'] },
      { name: 'checker-2', scopes: ['payouts:approve'] },
      { name: 'checker-3', scopes: ['payouts:approve'] },
    ]);
    approvers = created.map((client, i) => ({ id: client.id, name: `checker-${i + 1}` }));
    await new ApprovalPolicyRepository(dataSource).replace({
      rules: [
        { minAmount: 1_000_000n as MinorUnits, currency: 'TRY', approvals: 1 },
        { minAmount: 5_000_000n as MinorUnits, currency: 'TRY', approvals: 2 },
      ],
      reason: 'test',
      actorClientId: core.clientId,
      now: new Date(),
    });
  });
  afterAll(() => core?.close());

  it('creates a payout above the threshold awaiting approval, due at its deadline, with no dispatch job', async () => {
    const before = Date.now();
    const id = await newPayout();
    const payout = await store.payouts.find(id);
    expect(payout).toMatchObject({ status: 'awaiting_approval', approval: { policyVersion: 1, required: 1 } });
    expect(payout?.nextCheckAt?.getTime()).toBeGreaterThanOrEqual(before + 72 * HOUR);
    expect(payout?.nextCheckAt?.toISOString()).toBe(payout?.approval?.expiresAt);
    expect(await dispatchJobsOf([id])).toEqual([]);
  });

  it('expires the due payouts only, each canceled approval_expired, never dispatched', async () => {
    const due = await newPayout();
    const approved = await newPayout();
    await decide.decide(approved, approver(0), 'approve');
    const at = new Date(Date.now() + 73 * HOUR);
    const later = new Date(Date.now() + 71 * HOUR);

    expect((await expirer(() => later).run()).expired).toBe(0);
    const run = await expirer(() => at).run();

    expect(run.failures).toEqual([]);
    expect(await store.payouts.find(due)).toMatchObject({
      status: 'canceled',
      failure: { code: 'approval_expired' },
      nextCheckAt: null,
    });
    expect((await eventsOf(due)).at(-1)).toEqual({ to_status: 'canceled', source: 'approval_expiry', applied: true });
    expect(await dispatchJobsOf([due])).toEqual([]);
    expect((await store.payouts.find(approved))?.status).toBe('pending');
  });

  it('expires each payout once when two expirers run at once, and what a dead worker claimed after its lease', async () => {
    const ids = await Promise.all(Array.from({ length: 20 }, () => newPayout()));
    const at = new Date(Date.now() + 80 * HOUR);
    // A dead worker claimed five of them and expired none.
    const claimed = await new DueWaitingPayouts(dataSource.manager, 'awaiting_approval').claimDue(
      at,
      5,
      new Date(at.getTime() + LEASE_MS),
    );
    expect(claimed).toHaveLength(5);

    const runs = await Promise.all([expirer(() => at).run(), expirer(() => at).run()]);
    expect(runs.flatMap((run) => run.failures)).toEqual([]);
    for (const id of claimed) expect((await store.payouts.find(id))?.status).toBe('awaiting_approval');

    await expirer(() => new Date(at.getTime() + LEASE_MS)).run();
    for (const id of ids) {
      const cancels = (await eventsOf(id)).filter((event) => event.to_status === 'canceled');
      expect(cancels).toEqual([{ to_status: 'canceled', source: 'approval_expiry', applied: true }]);
    }
  });

  it('counts every vote of approvers deciding at once and releases once', async () => {
    const id = await newPayout('5000000');
    const results = await Promise.allSettled([
      decide.decide(id, approver(0), 'approve'),
      decide.decide(id, approver(1), 'approve'),
      decide.decide(id, approver(2), 'approve'),
    ]);
    // Two votes release it; the third finds it pending (invalid_state) under the lock.
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(2);
    const rejected = results.filter((result) => result.status === 'rejected');
    expect(rejected.map((result) => (result as PromiseRejectedResult).reason.code)).toEqual(['invalid_state']);
    const payout = await store.payouts.find(id);
    expect(payout?.status).toBe('pending');
    expect(payout?.approval?.approvals).toHaveLength(2);
    expect((await eventsOf(id)).filter((event) => event.applied && event.to_status === 'pending')).toHaveLength(1);
    expect(await dispatchJobsOf([id])).toHaveLength(1);
    const [{ n }] = await queryOnce<{ n: number }>(
      databaseUrl,
      'SELECT count(*)::int AS n FROM payout_approvals WHERE payout_id = $1',
      [id],
    );
    expect(n).toBe(2);
  });

  it('refuses a second vote of one client in Postgres too (payout_approvals_pkey)', async () => {
    const id = await newPayout('5000000');
    await decide.decide(id, approver(0), 'approve');
    await expect(
      queryOnce(
        databaseUrl,
        `INSERT INTO payout_approvals (payout_id, client_id, decision, reason, created_at)
         VALUES ($1, $2, 'approve', NULL, now())`,
        [id, approvers[0].id],
      ),
    ).rejects.toThrow(/payout_approvals_pkey/);
    await expect(decide.decide(id, approver(0), 'approve')).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('decides a set of payouts one by one, each answering for itself (what a batch approval will call)', async () => {
    const [first, second, notAwaiting] = [await newPayout(), await newPayout(), await newPayout('100')];
    const outcomes = await decide.decideMany([first, second, notAwaiting], approver(2), 'approve', 'batch checked');
    expect(outcomes).toEqual([
      { payoutId: first, payout: expect.objectContaining({ status: 'pending' }) },
      { payoutId: second, payout: expect.objectContaining({ status: 'pending' }) },
      { payoutId: notAwaiting, error: expect.objectContaining({ code: 'invalid_state' }) },
    ]);
    await expect(decide.decideMany([first], approver(2), 'reject')).rejects.toMatchObject({
      code: 'validation_failed',
    });
  });

  it('lets an approval that came first win over the expiry', async () => {
    const id = await newPayout();
    await decide.decide(id, approver(1), 'approve', 'ok');
    expect(await expirer(() => new Date(Date.now() + 100 * HOUR)).expire(id)).toBe(false);
    expect((await store.payouts.find(id))?.status).toBe('pending');
  });

  it('refuses to revert the approvals migration while a payout awaits approval', async () => {
    await newPayout();
    const revert = () =>
      runCommand(
        'node',
        [
          '-r',
          '@swc-node/register',
          'node_modules/typeorm/cli.js',
          'migration:revert',
          '-d',
          'libs/manifest/data-source.ts',
        ],
        { DATABASE_URL: databaseUrl },
      );
    // Later migrations go first (nothing here holds them back).
    for (;;) {
      const [last] = await queryOnce<{ name: string }>(
        databaseUrl,
        'SELECT name FROM schema_migrations ORDER BY id DESC LIMIT 1',
      );
      if (last.name === 'AddApprovals1796900000000') break;
      expect((await revert()).code).toBe(0);
    }
    const result = await revert();
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/payouts still await approval/);
    const [{ count }] = await queryOnce<{ count: number }>(
      databaseUrl,
      "SELECT count(*)::int AS count FROM schema_migrations WHERE name = 'AddApprovals1796900000000'",
    );
    expect(count).toBe(1);
  });
});
