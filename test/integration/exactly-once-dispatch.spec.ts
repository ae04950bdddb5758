import nock from 'nock';
import { DataSource } from 'typeorm';
import {
  ApplySubmitOutcome,
  DispatchStore,
  SendAttempt,
  SettleRejectedAttempt,
  type DispatchJobs,
  type ResubmitJob,
  type RoutePayout,
} from '@libs/dispatch';
import type { AttemptRecord, PayoutRecord, TransitionPayout, TypeOrmPayoutStore } from '@libs/payouts';
import type { PayoutProvider } from '@libs/providers';
import { buildPientegra, TEST_API_ORIGIN } from '../support/providers/pientegra';
import {
  API_ORIGIN as SIPAY_ORIGIN,
  FIXTURE_TOKEN,
  LOOKUP_PATH,
  SEND_PATH,
  TOKEN_ORIGIN,
  TOKEN_PATH,
  buildSipay,
} from '../support/providers/sipay';
import { ReconcileAttempt } from '@libs/reconciliation/application';
import { PollRepository } from '@libs/reconciliation/persistence/poll.repository';
import { queryOnce } from '../support/database';
import { payoutsOnPostgres } from '../support/payouts-on-postgres';

const CREATE = '/api/v1/external/withdrawals';
const HOUR = 3_600_000;

/**
 * Issue 13's double payment, on real Postgres with the real dispatch, the real adapters (nock as the provider) and a
 * failover rule: a create times out on every try (the provider recorded it), and the resend of the same attempt is
 * refused (a key rotation during the incident). On f689337 the refusal was taken as "not executed" and the payout
 * failed over to the other provider, which paid it too; every case below failed there with the payout `pending`
 * (then paid twice) or `failed` while the provider held the money.
 */
describe('exactly once when a provider times out and then refuses the resend', () => {
  let core: Awaited<ReturnType<typeof payoutsOnPostgres>>;
  let database: typeof core.database;
  let dataSource: DataSource;
  let store: TypeOrmPayoutStore;
  let transition: TransitionPayout;
  let counter = 0;
  const clock = { now: () => new Date() };
  const timing = { timeScale: 1, redispatchAfterMs: 30_000, resubmitDelaysMs: [1_000, 5_000] };
  const metrics = { count: () => undefined };
  // The failover rule: whatever provider refused, the other one is eligible now.
  const routedElsewhere = { execute: async () => ({ kind: 'routed', provider: 'other', decision: {} }) };

  const settler = () =>
    new SettleRejectedAttempt(transition, routedElsewhere as unknown as RoutePayout, { clock, metrics, timing });

  beforeAll(async () => {
    core = await payoutsOnPostgres('exactly_once', {
      knownProviders: ['pientegra', 'sipay'],
      poolSize: 8,
      callbackUrl: 'http://127.0.0.1:9/hooks', // so the contradiction's notification job is written
    });
    ({ database, dataSource, store, transition } = core);
  });
  afterEach(() => nock.cleanAll());
  afterAll(() => core?.close());

  /** A payout with its first attempt committed `submitting` at `provider`, as dispatch leaves it before the call. */
  async function submittingAttempt(provider: string): Promise<{ payout: PayoutRecord; attempt: AttemptRecord }> {
    const key = `key-${counter++}`;
    const created = await core.createPayout.execute({
      clientId: core.clientId,
      idempotencyKey: key,
      requestHash: key,
      input: {
        amount: '250000',
        currency: 'TRY',
        beneficiary: { name: 'Ahmet Yılmaz', iban: 'TR320010009999901234567890', nationalId: '10000000146' },
      },
    });
    const id = created.body.id as string;
    const result = await transition.apply(
      id,
      { to: 'submitting', source: 'dispatch' },
      { newAttempt: { provider, reference: crypto.randomUUID(), status: 'submitting', submittedAt: new Date() } },
    );
    if (!result.attempt) throw new Error('no attempt');
    return { payout: result.payout, attempt: result.attempt };
  }

  function dispatchWith(provider: PayoutProvider) {
    const resubmits: ResubmitJob[] = [];
    const jobs: DispatchJobs = { resubmit: async (job) => void resubmits.push(job), redispatch: async () => undefined };
    const dispatchStore = new DispatchStore(dataSource.manager, store);
    const context = { clock, metrics, timing };
    const settle = settler();
    const apply = new ApplySubmitOutcome(
      transition,
      { reads: dispatchStore, writes: dispatchStore },
      settle,
      jobs,
      context,
    );
    const send = new SendAttempt(
      { get: () => provider },
      store.beneficiaries,
      { submit: async (_provider, call) => ({ kind: 'sent', outcome: await call() }) },
      apply,
      { crashAt: () => undefined, armDuringCall: () => () => undefined },
      dispatchStore,
      clock,
    );
    const reconcile = new ReconcileAttempt(
      store,
      transition,
      new PollRepository(dataSource.manager),
      { find: () => provider },
      { polled: () => undefined, notApplied: () => undefined, contradiction: () => undefined } as never,
      { timeScale: 1, lookAgainMs: HOUR, settleNotExecuted: settle },
    );
    return { send, reconcile, resubmits };
  }

  const rowsOf = async (payoutId: string) => ({
    payout: (await store.payouts.find(payoutId)) as PayoutRecord,
    attempts: await store.attempts.listForPayout(payoutId),
    dispatchJobs: await queryOnce<{ n: string }>(
      database.url,
      `SELECT count(*)::text AS n FROM outbox WHERE job_name = 'dispatch-payout' AND payload->>'payoutId' = $1`,
      [payoutId],
    ),
    events: await queryOnce<{ to_status: string; applied: boolean; reason: string }>(
      database.url,
      'SELECT to_status, applied, reason FROM payout_events WHERE payout_id = $1 ORDER BY id',
      [payoutId],
    ),
  });

  /** The attempt stays live and ambiguous, the payout waits: no failover, no failure, nothing sent elsewhere. */
  async function expectStillWaiting(payoutId: string, sends: number): Promise<void> {
    const { payout, attempts, dispatchJobs, events } = await rowsOf(payoutId);
    expect(payout.status).toBe('submitting');
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({ status: 'submitting', sendCount: sends });
    expect(attempts[0].ambiguousSince).toBeInstanceOf(Date);
    // Only the creation's dispatch job: no failover handed the payout back to routing.
    expect(dispatchJobs[0].n).toBe('1');
    expect(events.filter((e) => e.applied).map((e) => e.to_status)).toEqual(['pending', 'submitting']);
  }

  describe('Pientegra', () => {
    const timedOut = () =>
      nock(TEST_API_ORIGIN).post(CREATE).times(4).delay(300).reply(201, { withdrawalId: 'w-1', referenceNo: 'R1' });

    it.each([
      ['401 invalid api key', 401, { error: { code: 'unauthorized', message: 'invalid api key' } }],
      ['403 forbidden', 403, { error: { code: 'forbidden', message: 'key revoked' } }],
      ['400 validation_failed', 400, { error: { code: 'validation_failed', message: 'bad request' } }],
      ['422 amount_above_max', 422, { error: { code: 'amount_above_max', message: 'too much' } }],
      ['an unknown code', 418, { error: { code: 'teapot', message: '?' } }],
    ])('a timed-out create then %s on the resend: never failed over, never failed', async (_name, status, body) => {
      const { provider } = buildPientegra({ settings: { timeoutMs: 50 } });
      const { send, resubmits } = dispatchWith(provider);
      const { payout, attempt } = await submittingAttempt('pientegra');
      timedOut();
      expect(await send.execute({ payout, attempt, retry: 0, isFirstSend: true })).toBe('retrying');
      nock(TEST_API_ORIGIN).post(CREATE).reply(status, body);
      const fresh = (await store.attempts.find(attempt.id)) as AttemptRecord;
      expect(await send.execute({ payout, attempt: fresh, retry: resubmits[0].retry, isFirstSend: false })).not.toMatch(
        /failover|failed/,
      );
      await expectStillWaiting(payout.id, 2);
    });

    it('a lookup that replays the create and is refused (400) proves nothing after a timeout', async () => {
      const { provider } = buildPientegra({ settings: { timeoutMs: 50 } });
      const { send, reconcile } = dispatchWith(provider);
      const { payout, attempt } = await submittingAttempt('pientegra');
      timedOut();
      await send.execute({ payout, attempt, retry: 0, isFirstSend: true });
      nock(TEST_API_ORIGIN)
        .post(CREATE)
        .reply(400, { error: { code: 'validation_failed', message: 'no' } });
      const result = await reconcile.execute(payout.id, clock);
      expect(result.kind).not.toBe('settled');
      await expectStillWaiting(payout.id, 2);
    });

    it('the first call’s own refusal still fails the payout (nothing was ever executed)', async () => {
      const { provider } = buildPientegra();
      const { send } = dispatchWith(provider);
      const { payout, attempt } = await submittingAttempt('pientegra');
      nock(TEST_API_ORIGIN)
        .post(CREATE)
        .reply(422, { error: { code: 'amount_above_max', message: 'too much' } });
      expect(await send.execute({ payout, attempt, retry: 0, isFirstSend: true })).toBe('failed');
      const { attempts } = await rowsOf(payout.id);
      expect(attempts[0]).toMatchObject({ status: 'rejected', sendCount: 1 });
    });

    it('never resends past the idempotency retention, even for a job injected by hand', async () => {
      const { provider } = buildPientegra();
      const { send, resubmits } = dispatchWith(provider);
      const { payout, attempt } = await submittingAttempt('pientegra');
      await queryOnce(
        database.url,
        `UPDATE payout_attempts SET send_count = 1, ambiguous_since = now() - interval '25 hours' WHERE id = $1`,
        [attempt.id],
      );
      const scope = nock(TEST_API_ORIGIN).post(CREATE).reply(201, { withdrawalId: 'w-2', referenceNo: 'R2' });
      const fresh = (await store.attempts.find(attempt.id)) as AttemptRecord;
      expect(await send.execute({ payout, attempt: fresh, retry: 0, isFirstSend: false })).toBe(
        'handed_to_reconciliation',
      );
      expect(scope.isDone()).toBe(false);
      expect(resubmits).toEqual([]);
      const { payout: after, attempts } = await rowsOf(payout.id);
      expect(after).toMatchObject({ status: 'submitting', needsAttention: true });
      expect(attempts[0].sendCount).toBe(1);
    });
  });

  describe('Sipay', () => {
    const token = () =>
      nock(TOKEN_ORIGIN)
        .post(TOKEN_PATH)
        .reply(200, { access_token: FIXTURE_TOKEN, token_type: 'Bearer', expires_in: 3600, scope: 'sts_business_api' });
    const notFoundYet = () =>
      nock(SIPAY_ORIGIN).post(LOOKUP_PATH).reply(200, { status: 1, code: '300', message: 'not found', payload: null });

    it.each([
      ['a token error (invalid_client) on the resend', 'token'],
      ['a 401 on the send even after a token refresh', 'unauthorized'],
      ['an insufficient-balance code (311) on the resend', '311'],
    ])('a timed-out send then %s: never failed over', async (_name, refusal) => {
      const { provider, clock: sipayClock } = buildSipay({ settings: { timeoutMs: 50 } });
      const { send, resubmits } = dispatchWith(provider);
      const { payout, attempt } = await submittingAttempt('sipay');
      token();
      nock(SIPAY_ORIGIN).post(SEND_PATH).times(4).delay(300).reply(200, { status: 0, code: '100', message: 'ok' });
      notFoundYet(); // the adapter looks an unclear send up once
      expect(await send.execute({ payout, attempt, retry: 0, isFirstSend: true })).toBe('retrying');
      if (refusal === 'token') {
        sipayClock.advance(2 * HOUR); // the token expired: the refresh is refused
        nock(TOKEN_ORIGIN).post(TOKEN_PATH).times(2).reply(400, { error: 'invalid_client' });
      } else if (refusal === 'unauthorized') {
        nock(SIPAY_ORIGIN).post(SEND_PATH).reply(401, '');
        token();
        nock(SIPAY_ORIGIN).post(SEND_PATH).reply(401, '');
      } else {
        nock(SIPAY_ORIGIN).post(SEND_PATH).reply(200, { status: 1, code: '311', message: 'insufficient', payload: {} });
        notFoundYet();
      }
      const fresh = (await store.attempts.find(attempt.id)) as AttemptRecord;
      expect(await send.execute({ payout, attempt: fresh, retry: resubmits[0].retry, isFirstSend: false })).not.toMatch(
        /failover|failed/,
      );
      const sends = refusal === 'token' ? 1 : 2; // a refused token sends nothing: the call never claimed a send
      await expectStillWaiting(payout.id, sends);
    });
  });

  describe('only the live attempt moves the payout (2b)', () => {
    it('records a superseded attempt’s failure, and flags its success as a contradiction the client hears of once', async () => {
      const failure = { code: 'insufficient_provider_balance' as const, message: 'no balance', providerCode: '311' };
      const settle = settler();
      const { payout, attempt: first } = await submittingAttempt('sipay');
      await store.attempts.claimSend(first.id, new Date());
      const proof = { kind: 'refusal' as const, sendNumber: 1 };
      const base = { payoutId: payout.id, attemptId: first.id, failure, failoverAllowed: true, source: 'dispatch' };
      expect(await settle.execute({ ...base, proof })).toBe('failover');
      const second = await transition.apply(
        payout.id,
        { to: 'submitting', source: 'dispatch' },
        { newAttempt: { provider: 'pientegra', reference: crypto.randomUUID(), status: 'submitting' } },
      );
      expect(second.attempt?.provider).toBe('pientegra');

      const aboutFirst = { attemptUpdate: { attemptId: first.id, status: 'completed' as const } };
      const rejected = { code: 'bank_rejected' as const, message: 'rejected by the bank', providerCode: '2' };
      const late = await transition.apply(
        payout.id,
        { to: 'failed', source: 'webhook:sipay', failure: rejected },
        aboutFirst,
      );
      expect(late.decision).toMatchObject({ kind: 'refused', reason: 'superseded_attempt', contradiction: false });
      expect(late.payout).toMatchObject({ status: 'submitting', contradiction: false });

      const paid = await transition.apply(payout.id, { to: 'succeeded', source: 'webhook:sipay' }, aboutFirst);
      expect(paid.decision).toMatchObject({ kind: 'refused', reason: 'superseded_attempt', contradiction: true });
      expect(paid.payout).toMatchObject({ status: 'submitting', contradiction: true, needsAttention: true });
      await transition.apply(payout.id, { to: 'succeeded', source: 'webhook:sipay' }, aboutFirst);

      const attempts = await store.attempts.listForPayout(payout.id);
      expect(attempts.map((a) => [a.provider, a.status])).toEqual([
        ['sipay', 'rejected'],
        ['pientegra', 'submitting'],
      ]);
      const flagged = await queryOnce<{ applied: boolean; snapshot: unknown }>(
        database.url,
        'SELECT applied, snapshot FROM payout_events WHERE payout_id = $1 AND flags_contradiction',
        [payout.id],
      );
      expect(flagged).toEqual([{ applied: false, snapshot: expect.objectContaining({ needsAttention: true }) }]);
      const told = await queryOnce<{ n: string }>(
        database.url,
        `SELECT count(*)::text AS n FROM outbox WHERE job_name = 'payout-contradiction' AND payload->>'payoutId' = $1`,
        [payout.id],
      );
      expect(told[0].n).toBe('1');
    });
  });

  describe('decisions under the lock (2c)', () => {
    it('a settlement and a resend of the same attempt never both happen, however they interleave', async () => {
      const failure = { code: 'provider_unavailable' as const, message: 'invalid api key', providerCode: 'http_401' };
      const settle = settler();
      for (let round = 0; round < 20; round++) {
        const { payout, attempt } = await submittingAttempt('pientegra');
        await store.attempts.claimSend(attempt.id, new Date()); // call 1 left, and was refused
        const [settled, claim] = await Promise.all([
          settle.execute({
            payoutId: payout.id,
            attemptId: attempt.id,
            failure,
            failoverAllowed: true,
            source: 'dispatch',
            proof: { kind: 'refusal', sendNumber: 1 },
          }),
          store.attempts.claimSend(attempt.id, new Date()), // another worker's resend
        ]);
        // Either the refusal settled first and the resend was refused, or the resend left first and the refusal
        // proves nothing any more: never a failover while a request of the attempt may still create the transfer.
        if (settled === 'failover') expect(claim.kind).toBe('settled');
        else expect([settled, claim.kind]).toEqual(['not_proven', 'claimed']);
      }
    });
  });
});
