import { randomUUID } from 'node:crypto';
import { DispatchPayout, DispatchStore, RoutePayout, type SendAttempt } from '@libs/dispatch';
import type { PayoutProvider } from '@libs/providers';
import { LoadRoutingSnapshot, TypeOrmRoutingStore, type ProviderDescription } from '@libs/routing';
import { queryOnce } from '../support/database';
import { payoutsOnPostgres } from '../support/payouts-on-postgres';
import { ALWAYS_OPEN_CALENDARS, TEST_RAILS } from '../support/dispatch/dispatch.test-fakes';

const LIMIT = 450_000n;
const AMOUNT = 100_000n;
const DISPATCHES = 10;

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

/**
 * `dailyLimit` under concurrency, on real Postgres with the real dispatch and routing: every dispatch reads its routing
 * snapshot before any of them creates its attempt (a barrier holds them there), which is the interleaving that let
 * check-then-act exceed the limit (issue 14). The database must still let through only what fits.
 */
describe('the daily limit of a provider under concurrent dispatches', () => {
  let core: Awaited<ReturnType<typeof payoutsOnPostgres>>;
  let counter = 0;

  const newPayout = async (): Promise<string> => {
    const key = `dl-${counter++}`;
    const result = await core.createPayout.execute({
      clientId: core.clientId,
      idempotencyKey: key,
      requestHash: key,
      input: {
        amount: AMOUNT.toString(),
        currency: 'TRY',
        beneficiary: { name: 'Ayşe Demir', iban: 'TR320010009999901234567890' },
      },
    });
    return result.body.id as string;
  };

  /** The worker's DispatchPayout, sending nothing; `holdAfterRouting` dispatches wait for each other once routed. */
  const dispatcher = (holdAfterRouting: number) => {
    const reads = new DispatchStore(core.dataSource.manager, core.store);
    const real = new RoutePayout(
      new LoadRoutingSnapshot(
        new TypeOrmRoutingStore(core.dataSource.manager),
        { list: () => [ALPHA] },
        { openCircuits: async () => new Set() },
      ),
      reads,
    );
    let arrived = 0;
    let open: () => void = () => undefined;
    const allRouted = new Promise<void>((resolve) => (open = resolve));
    const route = {
      execute: async (...args: Parameters<RoutePayout['execute']>) => {
        const result = await real.execute(...args);
        if (arrived < holdAfterRouting) {
          if (++arrived === holdAfterRouting) open();
          await allRouted;
        }
        return result;
      },
    } as unknown as RoutePayout;
    const capabilities = { processingPollSchedule: { stepsMs: [60_000], thenEveryMs: 60_000 }, rails: TEST_RAILS };
    return new DispatchPayout({
      calendars: ALWAYS_OPEN_CALENDARS,
      reads,
      writes: reads,
      lease: { acquire: async () => ({ release: async () => undefined }), heldAmong: async () => new Set() },
      route,
      transition: core.transition,
      send: { execute: async () => 'accepted' } as unknown as SendAttempt,
      adapters: { get: () => ({ capabilities }) as unknown as PayoutProvider },
      newReference: randomUUID,
      clock: core.clock,
      metrics: { count: () => undefined },
      timing: { timeScale: 1, redispatchAfterMs: 30_000, resubmitDelaysMs: [], insufficientBalanceWaitMs: 86_400_000 },
    });
  };

  const liveAttempts = () =>
    queryOnce<{ payout_id: string; amount: string }>(
      core.database.url,
      `SELECT a.payout_id, p.amount::text AS amount FROM payout_attempts a JOIN payouts p ON p.id = a.payout_id
       WHERE a.provider = 'alpha' AND a.status <> 'rejected'`,
    );
  const sum = (rows: { amount: string }[]) => rows.reduce((total, row) => total + BigInt(row.amount), 0n);

  beforeAll(async () => {
    core = await payoutsOnPostgres('daily_limit', { knownProviders: ['alpha'], poolSize: 24 });
    await queryOnce(
      core.database.url,
      `INSERT INTO provider_settings (provider, enabled, drain, daily_limit, version, updated_at)
       VALUES ('alpha', true, false, $1, 1, now())`,
      [LIMIT.toString()],
    );
  });
  afterAll(() => core?.close());

  it('lets through only the payouts that fit, however the dispatches interleave, and keeps the rest waiting', async () => {
    const ids = await Promise.all(Array.from({ length: DISPATCHES }, () => newPayout()));
    const dispatch = dispatcher(DISPATCHES);
    const results = await Promise.all(ids.map((id) => dispatch.execute(id)));

    const live = await liveAttempts();
    expect(sum(live)).toBeLessThanOrEqual(LIMIT);
    expect(live).toHaveLength(Number(LIMIT / AMOUNT));
    expect(results.filter((result) => result === 'accepted')).toHaveLength(4);
    expect(results.filter((result) => result === 'waiting')).toHaveLength(DISPATCHES - 4);
    const waiting = await queryOnce<{ status: string; routing: { providers: { reason: string }[] } }>(
      core.database.url,
      `SELECT status, routing FROM payouts WHERE id <> ALL($1::uuid[]) AND id = ANY($2::uuid[])`,
      [live.map((row) => row.payout_id), ids],
    );
    expect(waiting).toHaveLength(DISPATCHES - 4);
    for (const payout of waiting) {
      expect(payout.status).toBe('pending');
      expect(payout.routing.providers[0].reason).toMatch(/^daily limit 450000 would be exceeded \(\d+ used\)$/);
    }
    const usage = await queryOnce<{ used: string }>(
      core.database.url,
      `SELECT used::text AS used FROM provider_daily_usage WHERE provider = 'alpha' AND day = payout_limit_day(now())`,
    );
    expect(usage).toEqual([{ used: sum(live).toString() }]);
  });

  it('gives the amount back when an attempt is proven not executed, so a waiting payout can take it', async () => {
    const [released] = await liveAttempts();
    await queryOnce(
      core.database.url,
      `UPDATE payout_attempts SET status = 'rejected' WHERE payout_id = $1 AND provider = 'alpha'`,
      [released.payout_id],
    );
    const [{ used }] = await queryOnce<{ used: string }>(
      core.database.url,
      `SELECT used::text AS used FROM provider_daily_usage WHERE provider = 'alpha' AND day = payout_limit_day(now())`,
    );
    expect(BigInt(used)).toBe(LIMIT - (LIMIT % AMOUNT) - AMOUNT);

    const [waiting] = await queryOnce<{ id: string }>(
      core.database.url,
      `SELECT id FROM payouts WHERE status = 'pending' ORDER BY created_at LIMIT 1`,
    );
    expect(await dispatcher(0).execute(waiting.id)).toBe('accepted');
    expect(sum(await liveAttempts())).toBe(LIMIT - (LIMIT % AMOUNT));
  });
});
