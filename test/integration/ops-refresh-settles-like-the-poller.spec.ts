import { CreatePayout, TransitionPayout } from '@libs/payouts';
import { ProviderRegistry, type LookupOutcome } from '@libs/providers';
import { ReconcileAttempt } from '@libs/reconciliation';
import { startApiInProcess, type InProcessApi } from '../support/api-in-process';
import { createClients } from '../support/clients';
import { createFreshDatabase, migrate, queryOnce } from '../support/database';

/**
 * An ops refresh is the poller's lookup run now: the api's RefreshPayout runs the ReconcileAttempt the reconciliation
 * module exports, with dispatch's settlement of an attempt the lookup proves never executed. That settlement is the
 * poller's step a refresh used to skip: it asks routing whether another provider can take the payout and, when none
 * can, fails it at once, where the refresh alone handed it back to `pending` for dispatch to fail later.
 */
describe('ops refresh settles a proven not-executed attempt as the poller does', () => {
  let database: Awaited<ReturnType<typeof createFreshDatabase>>;
  let api: InProcessApi;
  let owner: { id: string; key: string };
  let ops: { id: string; key: string };
  let counter = 0;

  beforeAll(async () => {
    database = await createFreshDatabase('ops_refresh_settles');
    await migrate(database.url);
    [owner, ops] = await createClients(database.url, [
      { name: 'merchant', scopes: ['payouts:write'] },
      { name: 'night-shift', scopes: ['payouts:read', 'ops:read', 'ops:write'] },
    ]);
    api = await startApiInProcess({
      NODE_ENV: 'test',
      DATABASE_URL: database.url,
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/14',
    });
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(async () => {
    await api?.close();
    await database?.drop();
  });

  /** A payout (pinned to pientegra, or not) with its first attempt there committed `submitting`, as dispatch leaves it. */
  async function submittingAtPientegra(pinned = true): Promise<string> {
    const key = `refresh-${counter++}`;
    const created = await api.app.get(CreatePayout, { strict: false }).execute({
      clientId: owner.id,
      idempotencyKey: key,
      requestHash: key,
      input: {
        amount: '250000',
        currency: 'TRY',
        ...(pinned ? { provider: 'pientegra' } : {}),
        beneficiary: { name: 'Ahmet Yılmaz', iban: 'TR320010009999901234567890', nationalId: '10000000146' },
      },
    });
    const id = created.body.id as string;
    await api.app.get(TransitionPayout, { strict: false }).apply(
      id,
      { to: 'submitting', source: 'dispatch' },
      {
        newAttempt: {
          provider: 'pientegra',
          reference: crypto.randomUUID(),
          status: 'submitting',
          submittedAt: new Date(),
        },
      },
    );
    return id;
  }

  const refresh = (payoutId: string) =>
    fetch(`${api.baseUrl}/v1/ops/payouts/${payoutId}/refresh`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ops.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'provider support says it never arrived' }),
    });

  const noRecord: LookupOutcome = {
    kind: 'not_found',
    provesNotExecuted: true,
    raw: { httpStatus: 404, body: '{"error":"not_found"}', requestCount: 1 },
  };

  it('fails a pinned payout at once when the lookup proves its attempt never executed (no provider left)', async () => {
    const payoutId = await submittingAtPientegra();
    jest.spyOn(api.app.get(ProviderRegistry, { strict: false }).get('pientegra'), 'lookup').mockResolvedValue(noRecord);
    const reconcile = jest.spyOn(api.app.get(ReconcileAttempt, { strict: false }), 'execute');

    const response = await refresh(payoutId);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { status: string }).status).toBe('failed');
    expect(reconcile).toHaveBeenCalledTimes(1);

    const attempts = await queryOnce<{ status: string }>(
      database.url,
      'SELECT status FROM payout_attempts WHERE payout_id = $1',
      [payoutId],
    );
    expect(attempts).toEqual([{ status: 'rejected' }]);
    const events = await queryOnce<{ to_status: string; source: string }>(
      database.url,
      'SELECT to_status, source FROM payout_events WHERE payout_id = $1 AND applied ORDER BY id',
      [payoutId],
    );
    expect(events.at(-1)).toEqual({ to_status: 'failed', source: `ops:${ops.id}` });
    // No hand-back to dispatch: nothing is queued to route the payout again.
    const dispatchJobs = await queryOnce<{ n: string }>(
      database.url,
      `SELECT count(*)::text AS n FROM outbox WHERE job_name = 'dispatch-payout' AND payload->>'payoutId' = $1`,
      [payoutId],
    );
    expect(dispatchJobs).toEqual([{ n: '1' }]); // the creation's only
  });

  it('fails over to the provider routing picks now, and says which, as the poller does', async () => {
    const payoutId = await submittingAtPientegra(false);
    jest.spyOn(api.app.get(ProviderRegistry, { strict: false }).get('pientegra'), 'lookup').mockResolvedValue(noRecord);

    const response = await refresh(payoutId);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { status: string }).status).toBe('pending');
    const events = await queryOnce<{ to_status: string; evidence: { nextProvider?: string } }>(
      database.url,
      'SELECT to_status, evidence FROM payout_events WHERE payout_id = $1 AND applied ORDER BY id',
      [payoutId],
    );
    // SettleRejectedAttempt's evidence: routing was asked, and named the next provider before dispatch runs.
    expect(events.at(-1)).toEqual(
      expect.objectContaining({ to_status: 'pending', evidence: expect.objectContaining({ nextProvider: 'sipay' }) }),
    );
  });
});
