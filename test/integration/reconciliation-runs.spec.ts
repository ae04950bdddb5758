import { randomUUID } from 'node:crypto';
import type { ListedTransfer, PayoutProvider, TransferListingOutcome, TransferListingQuery } from '@libs/providers';
import {
  ListingUnavailableError,
  ReadReconciliationRuns,
  ResumeStalledRuns,
  RunMovedOnError,
  RunReconciliation,
  StartReconciliationRun,
  type ListingProviders,
} from '@libs/reconciliation/application';
import { TypeOrmReconciliationRunStore } from '@libs/reconciliation';
import { payoutsOnPostgres } from '../support/payouts-on-postgres';

const PROVIDER = 'listing-fake';
const FROM = new Date('2026-11-01T00:00:00Z');
const TO = new Date('2026-11-02T00:00:00Z');
const IN_PERIOD = new Date('2026-11-01T10:00:00Z');

/** A provider whose listing is a list of rows served `pageSize` at a time; `failOnce` pages answer unavailable once. */
class ListingFake {
  rows: ListedTransfer[] = [];
  failOnce = new Set<number>();
  queries: TransferListingQuery[] = [];
  constructor(private readonly pageSize = 2) {}

  provider(): PayoutProvider {
    return {
      name: PROVIDER,
      listTransfers: async (query: TransferListingQuery): Promise<TransferListingOutcome> => {
        this.queries.push(query);
        const page = Number(query.cursor ?? '0');
        if (this.failOnce.delete(page)) {
          return { kind: 'unavailable', reason: 'server_error', raw: { body: '', requestCount: 1 } };
        }
        const items = this.rows.slice(page * this.pageSize, (page + 1) * this.pageSize);
        const more = (page + 1) * this.pageSize < this.rows.length;
        return { kind: 'page', items, nextCursor: more ? String(page + 1) : null, raw: { body: '', requestCount: 1 } };
      },
    } as unknown as PayoutProvider;
  }
}

describe('reconciliation runs on Postgres', () => {
  let core: Awaited<ReturnType<typeof payoutsOnPostgres>>;
  let store: TypeOrmReconciliationRunStore;
  const fake = new ListingFake();
  const providers: ListingProviders = {
    find: (name) => (name === PROVIDER ? fake.provider() : undefined),
    names: () => [PROVIDER],
  };
  const clock = { now: () => new Date('2026-11-03T00:00:00Z') };

  beforeAll(async () => {
    core = await payoutsOnPostgres('recon-runs', { knownProviders: [PROVIDER] });
    store = new TypeOrmReconciliationRunStore(core.dataSource);
  });
  afterAll(() => core.close());

  /** A payout of ours at the fake provider, created in the period, with its live attempt. */
  async function paidPayout(amount: string, status = 'succeeded'): Promise<{ id: string; reference: string }> {
    const key = randomUUID();
    const created = await core.createPayout.execute({
      clientId: core.clientId,
      idempotencyKey: key,
      requestHash: key,
      input: { amount, currency: 'TRY', beneficiary: { name: 'Ayşe Demir', iban: 'TR320010009999901234567890' } },
    });
    const id = created.body.id as string;
    const reference = randomUUID();
    await core.dataSource.query(`UPDATE payouts SET provider = $2, status = $3, created_at = $4 WHERE id = $1`, [
      id,
      PROVIDER,
      status,
      IN_PERIOD,
    ]);
    await core.dataSource.query(
      `INSERT INTO payout_attempts (id, payout_id, provider, reference, provider_id, status, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, 'completed', $6, $6)`,
      [randomUUID(), id, PROVIDER, reference, `pid-${reference}`, IN_PERIOD],
    );
    return { id, reference };
  }

  const listed = (overrides: Partial<ListedTransfer>): ListedTransfer => ({
    status: 'paid',
    currency: 'TRY',
    createdAt: IN_PERIOD,
    ...overrides,
  });

  it('finds each kind of discrepancy, flags the payouts, resumes after a failed page and answers the same run twice', async () => {
    const matched = await paidPayout('1000');
    const missing = await paidPayout('2000');
    const higher = await paidPayout('3000');
    const failedHere = await paidPayout('4000', 'failed');
    const byIdOnly = await paidPayout('5000');
    fake.rows = [
      listed({ reference: matched.reference, amount: 1000n }),
      listed({ reference: higher.reference, amount: 3100n }),
      listed({ reference: failedHere.reference, amount: 4000n, status: 'paid' }),
      listed({ providerId: `pid-${byIdOnly.reference}`, amount: 5000n }),
      listed({ providerId: 'stranger', amount: 777n }),
      listed({ providerId: 'garbage', status: 'unknown', problem: 'amount unreadable' }),
      // Outside the period and nobody's: read for matching only, never "unknown".
      listed({ providerId: 'next-day', amount: 1n, createdAt: new Date('2026-11-02T00:30:00Z') }),
    ];
    fake.failOnce = new Set([2]);
    const start = new StartReconciliationRun(store, providers, clock);
    const runner = new RunReconciliation(store, providers, core.store, core.transition, clock);

    const first = await start.execute({
      provider: PROVIDER,
      from: FROM.toISOString(),
      to: TO.toISOString(),
      reason: 'test',
      requestedBy: null,
    });
    expect(first.created).toBe(true);
    const [job] = await core.dataSource.query(`SELECT payload FROM outbox WHERE job_name = 'run-reconciliation'`);
    expect(job.payload).toEqual({ runId: first.run.id });

    // Page 3 (cursor "2") fails: the job fails with the two pages before it staged and their cursor kept.
    await expect(runner.execute(first.run.id)).rejects.toThrow(ListingUnavailableError);
    const stopped = await store.find(first.run.id);
    expect([stopped?.status, stopped?.pages, stopped?.cursor, stopped?.listedCount]).toEqual(['running', 2, '2', 4]);

    const pagesAsked = fake.queries.length;
    const done = await runner.execute(first.run.id);
    // The retry starts at the stored cursor, not at the first page.
    expect(fake.queries.slice(pagesAsked).map((q) => q.cursor)).toEqual(['2', '3']);
    expect(fake.queries[0].from.getTime()).toBeLessThan(FROM.getTime());
    expect(done?.status).toBe('completed');
    expect(done?.counts).toEqual({
      matched: 2,
      missingAtProvider: 1,
      unknownAtProvider: 2,
      amountMismatch: 1,
      statusMismatch: 1,
    });

    const read = new ReadReconciliationRuns(store);
    const items = (await read.items(first.run.id, { limit: 50 })).data;
    expect(items.map((i) => [i.kind, i.payoutId, i.providerId, i.providerAmount])).toEqual([
      ['missingAtProvider', missing.id, null, null],
      ['unknownAtProvider', null, 'stranger', 777n],
      ['unknownAtProvider', null, 'garbage', null],
      ['amountMismatch', higher.id, null, 3100n],
      ['statusMismatch', failedHere.id, null, 4000n],
    ]);
    expect(items.find((i) => i.providerId === 'garbage')?.providerProblem).toBe('amount unreadable');
    expect((await read.items(first.run.id, { kind: 'amountMismatch', limit: 50 })).data).toHaveLength(1);

    const flags = await core.dataSource.query(`SELECT id, status, needs_attention FROM payouts ORDER BY amount`);
    expect(flags.map((p: { needs_attention: boolean }) => p.needs_attention)).toEqual([false, true, true, true, false]);
    // Flagging changes no status.
    expect(flags.map((p: { status: string }) => p.status)).toEqual([
      'succeeded',
      'succeeded',
      'succeeded',
      'failed',
      'succeeded',
    ]);
    const staged = await core.dataSource.query(`SELECT count(*)::int AS n FROM reconciliation_listed_transfers`);
    expect(staged[0].n).toBe(0);

    const again = await start.execute({
      provider: PROVIDER,
      from: '2026-11-01T03:00:00+03:00',
      to: TO.toISOString(),
      reason: 'again',
      requestedBy: null,
    });
    expect([again.created, again.run.id, again.run.status]).toEqual([false, first.run.id, 'completed']);
    // A finished run is not run again by a late job.
    expect((await runner.execute(first.run.id))?.counts).toEqual(done?.counts);

    const csv: string[] = [];
    for await (const chunk of read.csv(first.run.id)) csv.push(chunk);
    const lines = csv.join('').trimEnd().split('\n');
    expect(lines).toHaveLength(6);
    expect(lines[4]).toBe(
      `amountMismatch,${higher.id},${higher.reference},3000,TRY,succeeded,,${higher.reference},3100,TRY,paid,2026-11-01T10:00:00.000Z,`,
    );
  });

  it('stages each page once when two jobs of the same run go at once', async () => {
    const ours = await Promise.all(['6001', '6002', '6003', '6004', '6005'].map((amount) => paidPayout(amount)));
    fake.rows = ours.map(({ reference }, i) => listed({ reference, amount: BigInt(6001 + i) }));
    fake.failOnce = new Set();
    const start = new StartReconciliationRun(store, providers, clock);
    const { run } = await start.execute({
      provider: PROVIDER,
      from: '2026-11-01T09:00:00Z',
      to: '2026-11-01T11:00:00Z',
      reason: 'twice at once',
      requestedBy: null,
    });
    const runner = () => new RunReconciliation(store, providers, core.store, core.transition, clock).execute(run.id);
    const outcomes = await Promise.allSettled([runner(), runner()]);
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(RunMovedOnError);
    }
    const done = await store.find(run.id);
    expect([done?.status, done?.listedCount, done?.pages]).toEqual(['completed', 5, 3]);
    // The earlier test's payouts share the hours: only these five are in flight here, each listed once.
    expect(done?.counts).toMatchObject({ unknownAtProvider: 0, amountMismatch: 0 });
  });

  it('gives a running run that stopped moving a new job, and leaves a moving one alone', async () => {
    const start = new StartReconciliationRun(store, providers, clock);
    const period = (hour: string) => ({
      provider: PROVIDER,
      from: `2026-10-01T${hour}:00:00Z`,
      to: `2026-10-01T${hour}:30:00Z`,
      reason: 'stall',
      requestedBy: null,
    });
    const stalled = (await start.execute(period('01'))).run;
    const moving = (await start.execute(period('02'))).run;
    const setProgressedAgo = (runId: string, ms: number) =>
      core.dataSource.query(`UPDATE reconciliation_runs SET progressed_at = $2 WHERE id = $1`, [
        runId,
        new Date(clock.now().getTime() - ms),
      ]);
    await setProgressedAgo(stalled.id, 3_600_000);
    await setProgressedAgo(moving.id, 60_000);
    const jobs = async (runId: string) =>
      (
        await core.dataSource.query(
          `SELECT count(*)::int AS n FROM outbox WHERE job_name = 'run-reconciliation' AND payload->>'runId' = $1`,
          [runId],
        )
      )[0].n;
    const sweep = new ResumeStalledRuns(store, clock, 15 * 60_000);
    expect(await sweep.execute()).toEqual([stalled.id]);
    expect([await jobs(stalled.id), await jobs(moving.id)]).toEqual([2, 1]);
    // Marked moved: the next sweep does not queue it again.
    expect(await sweep.execute()).toEqual([]);

    // A failed run asked for again is reopened where it stopped, with a new job.
    await store.fail(moving.id, 'listing page 1 unavailable: server_error', clock.now());
    const reopened = await start.execute({ ...period('02'), reason: 'once more' });
    expect([reopened.created, reopened.run.id, reopened.run.status, reopened.run.failure]).toEqual([
      false,
      moving.id,
      'running',
      null,
    ]);
    expect(await jobs(moving.id)).toBe(2);
  });

  it('refuses an unknown provider, a reversed period and a bad time, storing nothing', async () => {
    const start = new StartReconciliationRun(store, providers, clock);
    const before = await core.dataSource.query(`SELECT count(*)::int AS n FROM reconciliation_runs`);
    for (const input of [
      { provider: 'nope', from: FROM.toISOString(), to: TO.toISOString() },
      { provider: PROVIDER, from: TO.toISOString(), to: FROM.toISOString() },
      { provider: PROVIDER, from: '2026-11-01', to: TO.toISOString() },
      { provider: PROVIDER, from: FROM.toISOString(), to: '2099-01-01T00:00:00Z' },
    ]) {
      await expect(start.execute({ ...input, reason: 'x', requestedBy: null })).rejects.toMatchObject({
        code: 'validation_failed',
      });
    }
    const after = await core.dataSource.query(`SELECT count(*)::int AS n FROM reconciliation_runs`);
    expect(after[0].n).toBe(before[0].n);
  });
});
