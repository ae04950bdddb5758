import { DataSource } from 'typeorm';
import {
  CreatePayout,
  DueWaitingPayouts,
  ReleaseScheduledPayouts,
  TransitionPayout,
  TypeOrmPayoutStore,
} from '@libs/payouts';
import { queryOnce, runCommand } from '../support/database';
import { payoutsOnPostgres } from '../support/payouts-on-postgres';

const FIRST_CHECK_AFTER_MS = 30_000;
const LEASE_MS = 10_000;

// The release of scheduled payouts from Postgres rows (programs.md): due ones only, each exactly once whatever the
// number of releasers, and one claimed by a worker that died comes back after its lease.
describe('ReleaseScheduledPayouts on Postgres', () => {
  let core: Awaited<ReturnType<typeof payoutsOnPostgres>>;
  let dataSource: DataSource;
  let store: TypeOrmPayoutStore;
  let transition: TransitionPayout;
  let createPayout: CreatePayout;
  let databaseUrl: string;
  let counter = 0;

  const newPayout = async (scheduledFor?: Date): Promise<string> => {
    const key = `key-${counter++}`;
    const result = await createPayout.execute({
      clientId: core.clientId,
      idempotencyKey: key,
      requestHash: key,
      input: {
        amount: '1000',
        currency: 'TRY',
        beneficiary: { name: 'Ayşe Demir', iban: 'TR320010009999901234567890' },
        ...(scheduledFor ? { scheduledFor: scheduledFor.toISOString() } : {}),
      },
    });
    return result.body.id as string;
  };
  /** A releaser as the worker wires one, whose clock reads `at`. */
  const releaser = (at: () => Date) =>
    new ReleaseScheduledPayouts(
      new DueWaitingPayouts(dataSource.manager, 'scheduled'),
      transition,
      { now: at },
      {
        batchSize: 500,
        leaseMs: LEASE_MS,
        concurrency: 4,
        firstCheckAfterMs: FIRST_CHECK_AFTER_MS,
      },
    );
  const eventsOf = (payoutId: string) =>
    queryOnce<{ from_status: string | null; to_status: string; source: string; applied: boolean }>(
      databaseUrl,
      'SELECT from_status, to_status, source, applied FROM payout_events WHERE payout_id = $1 ORDER BY id',
      [payoutId],
    );
  const dispatchJobsOf = (payoutIds: string[]) =>
    queryOnce<{ payout_id: string }>(
      databaseUrl,
      `SELECT payload->>'payoutId' AS payout_id FROM outbox
       WHERE job_name = 'dispatch-payout' AND payload->>'payoutId' = ANY($1::text[])`,
      [payoutIds],
    );
  /** Moves the payouts' release times (and so their next check) to `at`, as if created with it. */
  const makeDue = (payoutIds: string[], at: Date) =>
    queryOnce(databaseUrl, 'UPDATE payouts SET scheduled_for = $2, next_check_at = $2 WHERE id = ANY($1::uuid[])', [
      payoutIds,
      at,
    ]);

  beforeAll(async () => {
    core = await payoutsOnPostgres('scheduled_release', { callbackUrl: 'http://127.0.0.1:9/hooks' });
    ({ dataSource, store, transition, createPayout } = core);
    databaseUrl = core.database.url;
  });
  afterAll(() => core?.close());

  it('creates a scheduled payout with its release time as next check, and no dispatch job', async () => {
    const at = new Date(Date.now() + 3_600_000);
    const id = await newPayout(at);

    expect(await store.payouts.find(id)).toMatchObject({ status: 'scheduled', scheduledFor: at, nextCheckAt: at });
    expect(await eventsOf(id)).toEqual([{ from_status: null, to_status: 'scheduled', source: 'api', applied: true }]);
    expect(await dispatchJobsOf([id])).toEqual([]);
  });

  it('holds a pending payout for its closed rail and releases it at the opening, no longer held (money-movement.md)', async () => {
    const now = new Date();
    const id = await newPayout();
    const opensAt = new Date(now.getTime() + 60_000);
    const expectedCompletionAt = new Date(opensAt.getTime() + 3_600_000);

    // What dispatch writes for an EFT outside its window: the status by apply_payout_transition, the rest beside it.
    const held = await transition.apply(
      id,
      { to: 'scheduled', source: 'dispatch' },
      {
        nextCheckAt: opensAt,
        moneyMovement: { rail: 'eft', holdReason: 'rail_closed', scheduledFor: opensAt, expectedCompletionAt },
      },
    );
    const heldView = { status: 'scheduled', rail: 'eft', holdReason: 'rail_closed', scheduledFor: opensAt };
    expect(held.payout).toMatchObject({ ...heldView, nextCheckAt: opensAt, expectedCompletionAt });
    expect(await store.payouts.find(id)).toEqual(held.payout);
    expect(held.event.snapshot).toMatchObject({ rail: 'eft', holdReason: 'rail_closed' });

    expect(await releaser(() => new Date(now.getTime() + 30_000)).run()).toMatchObject({ released: 0 });
    const run = await releaser(() => new Date(now.getTime() + 61_000)).run();
    expect(run).toMatchObject({ released: 1, failures: [] });
    expect(await store.payouts.find(id)).toMatchObject({
      status: 'pending',
      rail: 'eft',
      holdReason: null,
      expectedCompletionAt,
    });
    expect(await dispatchJobsOf([id])).toHaveLength(2); // its creation's and the release's
  });

  it('releases the due payouts only, each to pending with its dispatch job in the same transaction', async () => {
    const now = new Date();
    const due = await newPayout(new Date(now.getTime() + 60_000));
    const later = await newPayout(new Date(now.getTime() + 3_600_000));
    const immediate = await newPayout();
    const at = new Date(now.getTime() + 120_000);

    const run = await releaser(() => at).run();

    expect(run).toMatchObject({ released: 1, failures: [] });
    expect(await store.payouts.find(due)).toMatchObject({
      status: 'pending',
      version: 2,
      scheduledFor: new Date(now.getTime() + 60_000),
      nextCheckAt: new Date(at.getTime() + FIRST_CHECK_AFTER_MS),
    });
    expect(await eventsOf(due)).toEqual([
      { from_status: null, to_status: 'scheduled', source: 'api', applied: true },
      { from_status: 'scheduled', to_status: 'pending', source: 'schedule', applied: true },
    ]);
    expect(await dispatchJobsOf([due])).toHaveLength(1);
    expect((await store.payouts.find(later))?.status).toBe('scheduled');
    expect(await dispatchJobsOf([later])).toEqual([]);
    expect((await store.payouts.find(immediate))?.status).toBe('pending');
  });

  it('releases each payout once when two releasers run at the same time', async () => {
    const ids = await Promise.all(Array.from({ length: 30 }, () => newPayout(new Date(Date.now() + 3_600_000))));
    const at = new Date(Date.now() + 2 * 3_600_000);
    // Earlier tests' payouts scheduled within the next hours are due then too.
    const [{ count: due }] = await queryOnce<{ count: number }>(
      databaseUrl,
      `SELECT count(*)::int AS count FROM payouts WHERE status = 'scheduled' AND next_check_at <= $1`,
      [at],
    );
    expect(due).toBeGreaterThanOrEqual(30);

    const runs = await Promise.all([releaser(() => at).run(), releaser(() => at).run()]);

    expect(runs[0].released + runs[1].released).toBe(due);
    expect(runs[0].claimed + runs[1].claimed).toBe(due);
    expect(runs.flatMap((run) => run.failures)).toEqual([]);
    for (const id of ids) {
      const releases = (await eventsOf(id)).filter((event) => event.to_status === 'pending');
      expect(releases).toEqual([{ from_status: 'scheduled', to_status: 'pending', source: 'schedule', applied: true }]);
    }
    expect(await dispatchJobsOf(ids)).toHaveLength(30);
  });

  it('refuses a second release of one payout under its row lock, even past the claim', async () => {
    const id = await newPayout(new Date(Date.now() + 3_600_000));
    const one = releaser(() => new Date());

    const results = await Promise.all([one.release(id), one.release(id), one.release(id)]);

    expect(results.filter(Boolean)).toHaveLength(1);
    expect((await eventsOf(id)).filter((event) => event.to_status === 'pending')).toHaveLength(1);
    expect(await dispatchJobsOf([id])).toHaveLength(1);
  });

  it('leaves a payout canceled before its release canceled', async () => {
    const id = await newPayout(new Date(Date.now() + 60_000));
    await transition.apply(id, { to: 'canceled', source: 'api', failure: { code: 'canceled', message: 'x' } });

    expect(await releaser(() => new Date(Date.now() + 120_000)).release(id)).toBe(false);
    expect((await store.payouts.find(id))?.status).toBe('canceled');
    expect(await dispatchJobsOf([id])).toEqual([]);
  });

  it('releases what a worker that died after its claim held, once its lease ends', async () => {
    const ids = await Promise.all(Array.from({ length: 5 }, () => newPayout(new Date(Date.now() + 3_600_000))));
    const dueAt = new Date(Date.now() + 1_000);
    await makeDue(ids, dueAt);
    const at = new Date(dueAt.getTime() + 1_000);
    // The dead worker: it claimed the due payouts (their lease runs to at + LEASE_MS), then released none.
    const claimed = await new DueWaitingPayouts(dataSource.manager, 'scheduled').claimDue(
      at,
      500,
      new Date(at.getTime() + LEASE_MS),
    );
    expect(claimed).toEqual(expect.arrayContaining(ids));

    // A restarted worker finds them leased: nothing to release yet, and nothing lost.
    expect((await releaser(() => at).run()).claimed).toBe(0);
    for (const id of ids) expect((await store.payouts.find(id))?.status).toBe('scheduled');

    const afterLease = new Date(at.getTime() + LEASE_MS);
    const run = await releaser(() => afterLease).run();
    expect(run.released).toBe(5);
    for (const id of ids) expect((await store.payouts.find(id))?.status).toBe('pending');
    expect(await dispatchJobsOf(ids)).toHaveLength(5);
  });

  it('refuses to revert the schedule migration while a payout is still scheduled', async () => {
    await newPayout(new Date(Date.now() + 3_600_000));
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
    // The migrations after it go first (nothing in this database holds them back).
    for (;;) {
      const [last] = await queryOnce<{ name: string }>(
        databaseUrl,
        'SELECT name FROM schema_migrations ORDER BY id DESC LIMIT 1',
      );
      if (last.name === 'SchedulePayouts1796800000000') break;
      expect((await revert()).code).toBe(0);
    }
    const result = await revert();
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/payouts are still scheduled/);
    const [{ count }] = await queryOnce<{ count: number }>(
      databaseUrl,
      "SELECT count(*)::int AS count FROM schema_migrations WHERE name = 'SchedulePayouts1796800000000'",
    );
    expect(count).toBe(1);
  });
});
