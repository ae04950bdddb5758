import { randomUUID } from 'node:crypto';
import { DispatchPayout, DispatchStore, RecordProviderBalance, RoutePayout, type SendAttempt } from '@libs/dispatch';
import type { PayoutProvider } from '@libs/providers';
import {
  LoadRoutingSnapshot,
  ProviderBalanceRepository,
  TypeOrmRoutingStore,
  type ProviderDescription,
} from '@libs/routing';
import { queryOnce } from '../support/database';
import { ALWAYS_OPEN_CALENDARS, TEST_RAILS } from '../support/dispatch/dispatch.test-fakes';
import { payoutsOnPostgres } from '../support/payouts-on-postgres';

const ALPHA: ProviderDescription = {
  name: 'alpha',
  isConfigured: true,
  usesSandbox: true,
  currencies: ['TRY'],
  ibanCountries: ['TR'],
  requiresNationalId: false,
  minAmount: 1n,
  maxAmount: 1_000_000_000_000n,
};
const WAIT_MS = 60_000;

type HeldRow = {
  id: string;
  status: string;
  hold_reason: string | null;
  hold_since: Date | null;
  next_check_at: Date | null;
  failure: { code: string } | null;
};

/** Balance holds on real Postgres with the real dispatch, routing and balance bookkeeping (the send is a fake). */
describe('provider balance holds', () => {
  let core: Awaited<ReturnType<typeof payoutsOnPostgres>>;
  let balances: ProviderBalanceRepository;
  let store: DispatchStore;
  let counter = 0;

  const newPayout = async (amount: bigint): Promise<string> => {
    const key = `pb-${counter++}`;
    const result = await core.createPayout.execute({
      clientId: core.clientId,
      idempotencyKey: key,
      requestHash: key,
      input: {
        amount: amount.toString(),
        currency: 'TRY',
        beneficiary: { name: 'Ayşe Demir', iban: 'TR320010009999901234567890' },
      },
    });
    return result.body.id as string;
  };

  const dispatcherAt = (now: Date) => {
    const route = new RoutePayout(
      new LoadRoutingSnapshot(
        new TypeOrmRoutingStore(core.dataSource.manager),
        { list: () => [ALPHA] },
        { openCircuits: async () => new Set() },
      ),
      store,
    );
    const capabilities = { processingPollSchedule: { stepsMs: [60_000], thenEveryMs: 60_000 }, rails: TEST_RAILS };
    return new DispatchPayout({
      calendars: ALWAYS_OPEN_CALENDARS,
      reads: store,
      writes: store,
      lease: { acquire: async () => ({ release: async () => undefined }), heldAmong: async () => new Set() },
      route,
      transition: core.transition,
      send: { execute: async () => 'accepted' } as unknown as SendAttempt,
      adapters: { get: () => ({ capabilities }) as unknown as PayoutProvider },
      newReference: randomUUID,
      clock: { now: () => now },
      metrics: { count: () => undefined },
      timing: { timeScale: 1, redispatchAfterMs: 30_000, resubmitDelaysMs: [], insufficientBalanceWaitMs: WAIT_MS },
    });
  };

  const rows = (ids: string[]) =>
    queryOnce<HeldRow>(
      core.database.url,
      `SELECT id, status, hold_reason, hold_since, next_check_at, failure FROM payouts WHERE id = ANY($1::uuid[])
       ORDER BY created_at`,
      [ids],
    );

  beforeAll(async () => {
    core = await payoutsOnPostgres('provider_balances', { knownProviders: ['alpha'] });
    balances = new ProviderBalanceRepository(core.dataSource.manager);
    store = new DispatchStore(core.dataSource.manager, core.store);
  });
  afterAll(() => core?.close());

  it('holds what no known balance covers, keeps the hold’s start, fails it after the wait, releases the rest oldest first', async () => {
    const t0 = new Date();
    await balances.recordKnown('alpha', { amount: 50_000n, currency: 'TRY' }, 'read', t0);
    const ids = [await newPayout(100_000n), await newPayout(100_000n), await newPayout(100_000n)];
    for (const id of ids) expect(await dispatcherAt(t0).execute(id)).toBe('waiting');
    let held = await rows(ids);
    expect(held.map((row) => [row.status, row.hold_reason, row.hold_since?.getTime()])).toEqual(
      ids.map(() => ['pending', 'insufficient_provider_balance', t0.getTime()]),
    );

    // Routed again later, still short: the hold keeps the time it began.
    const later = new Date(t0.getTime() + WAIT_MS / 2);
    expect(await dispatcherAt(later).execute(ids[1])).toBe('waiting');
    expect((await rows([ids[1]]))[0].hold_since?.getTime()).toBe(t0.getTime());

    // INSUFFICIENT_BALANCE_WAIT after the hold began: failed with the existing failure code; the hold is gone.
    expect(await dispatcherAt(new Date(t0.getTime() + WAIT_MS)).execute(ids[0])).toBe('failed');
    const [expired] = await rows([ids[0]]);
    expect(expired).toMatchObject({ status: 'failed', hold_reason: null, hold_since: null });
    expect(expired.failure?.code).toBe('insufficient_provider_balance');

    // A lower balance releases nothing; a higher one makes the held payouts due now, in created_at order.
    const record = new RecordProviderBalance(balances, store);
    const pushed = (await rows(ids.slice(1))).map((row) => row.next_check_at?.getTime());
    expect(
      await record.execute('alpha', { kind: 'known', amount: 40_000n, currency: 'TRY' }, 'submission', later),
    ).toBe('recorded');
    expect((await rows(ids.slice(1))).map((row) => row.next_check_at?.getTime())).toEqual(pushed);
    const topUp = new Date(later.getTime() + 1);
    expect(await record.execute('alpha', { kind: 'known', amount: 150_000n, currency: 'TRY' }, 'read', topUp)).toBe(
      'topped_up',
    );
    held = await rows(ids.slice(1));
    expect(held.map((row) => row.next_check_at?.getTime())).toEqual([topUp.getTime() - 1, topUp.getTime()]);

    // A garbage balance is flagged and releases nothing; the known balance stays.
    expect(
      await record.execute(
        'alpha',
        { kind: 'unreadable', reason: 'not a number' },
        'submission',
        new Date(topUp.getTime() + 1),
      ),
    ).toBe('unreadable');
    expect((await balances.list()).find((row) => row.provider === 'alpha')?.known?.amount).toBe(150_000n);

    // The released payout is routed: submitting, and its hold reason is cleared by the move.
    expect(await dispatcherAt(new Date(later.getTime() + 2)).execute(ids[1])).toBe('accepted');
    expect((await rows([ids[1]]))[0]).toMatchObject({ status: 'submitting', hold_reason: null });
  });

  it('keeps the newest known balance, and flags an unreadable answer without touching the known one', async () => {
    const at = new Date('2030-01-01T00:00:00Z');
    await balances.recordKnown('beta', { amount: 700n, currency: 'TRY' }, 'read', at);
    const older = await balances.recordKnown(
      'beta',
      { amount: 1n, currency: 'TRY' },
      'submission',
      new Date(at.getTime() - 1),
    );
    expect(older).toEqual({ recorded: false, previous: null });
    await balances.recordUnreadable('beta', 'payment_balance.available is not a number', 'submission', at);
    const [beta] = (await balances.list()).filter((row) => row.provider === 'beta');
    expect(beta).toEqual({
      provider: 'beta',
      known: { amount: 700n, currency: 'TRY', asOf: at, source: 'read' },
      unreadable: { at, source: 'submission', reason: 'payment_balance.available is not a number' },
    });
    // Garbage only: a row, flagged, and no balance (unknown, not zero).
    await balances.recordUnreadable('gamma', 'wallet_info is not an object', 'read', at);
    const [gamma] = (await balances.list()).filter((row) => row.provider === 'gamma');
    expect(gamma.known).toBeNull();
    expect(gamma.unreadable?.reason).toBe('wallet_info is not an object');
  });
});
