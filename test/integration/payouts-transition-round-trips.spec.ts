import { Client } from 'pg';
import type { CreatePayout, Decider, NormalizedFailure, TransitionPayout, TypeOrmPayoutStore } from '@libs/payouts';
import { queryOnce } from '../support/database';
import { payoutsOnPostgres } from '../support/payouts-on-postgres';

/**
 * Issue 18: a payout status change costs two round trips inside its transaction, one that reads the payout and its
 * attempts under their locks and one that writes the decision, counted where they leave the process (pg's
 * Client.query). What it returns is what a re-read would (the write no longer re-reads), and the one read keeps the
 * ordering guarantees of the locks it replaced.
 */
describe('TransitionPayout round trips on Postgres', () => {
  let core: Awaited<ReturnType<typeof payoutsOnPostgres>>;
  let database: typeof core.database;
  let store: TypeOrmPayoutStore;
  let transition: TransitionPayout;
  let createPayout: CreatePayout;
  let clientId: string;
  let counter = 0;
  const sent: string[] = [];
  let counting = false;
  const realQuery = Client.prototype.query;

  const newPayout = async (): Promise<string> => {
    const key = `round-trips-${counter++}`;
    const result = await createPayout.execute({
      clientId,
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
  /** What `work` sent to Postgres: the statement's name when it has one, else its text up to the first space. */
  const roundTrips = async (work: () => Promise<unknown>): Promise<string[]> => {
    sent.length = 0;
    counting = true;
    try {
      await work();
    } finally {
      counting = false;
    }
    return [...sent];
  };
  /** JSON with bigints as strings: equal only if the keys are in the same order too. */
  const json = (value: unknown) => JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
  // The lock returns the payout's batch and money-movement columns too (migration 1797350000000).
  const ONE_TRANSITION = ['START TRANSACTION', 'lock_payout_for_transition', 'apply_payout_transition', 'COMMIT'];
  const route = { provider: 'sipay', routing: { ruleId: null, ruleVersion: null, reason: 'default' } };
  const submitting = async () => {
    const id = await newPayout();
    const dispatched = await transition.apply(
      id,
      { to: 'submitting', source: 'dispatch' },
      { route, newAttempt: { provider: 'sipay', reference: `ref-${id}` } },
    );
    return { id, attemptId: dispatched.attempt?.id as string };
  };

  beforeAll(async () => {
    core = await payoutsOnPostgres('transition_round_trips', { callbackUrl: 'http://127.0.0.1:9/hooks' });
    ({ database, store, transition, createPayout, clientId } = core);
    Client.prototype.query = function (this: Client, ...args: unknown[]) {
      if (counting) {
        const query = args[0] as string | { name?: string; text?: string };
        const text = typeof query === 'string' ? query : (query.name ?? query.text ?? '?');
        sent.push(
          text
            .trim()
            .split(/\s+/)
            .slice(0, text.startsWith('START') ? 2 : 1)
            .join(' '),
        );
      }
      return (realQuery as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof Client.prototype.query;
  });
  afterAll(async () => {
    Client.prototype.query = realQuery;
    await core?.close();
  });

  it('writes a dispatch (route, new attempt, notification) in two round trips inside its transaction', async () => {
    const id = await newPayout();
    const trips = await roundTrips(() =>
      transition.apply(
        id,
        { to: 'submitting', source: 'dispatch' },
        { route, newAttempt: { provider: 'sipay', reference: `ref-${id}` } },
      ),
    );
    expect(trips).toEqual(ONE_TRANSITION);
  });

  it('inserts a dispatch’s new attempt with its first send claimed, in the same two round trips', async () => {
    const id = await newPayout();
    const now = new Date('2026-12-06T10:00:00.123Z');
    let attempt;
    const trips = await roundTrips(async () => {
      ({ attempt } = await transition.apply(
        id,
        { to: 'submitting', source: 'dispatch' },
        { route, newAttempt: { provider: 'sipay', reference: `ref-${id}`, firstSendClaimedAt: now } },
      ));
    });
    expect(trips).toEqual(ONE_TRANSITION);
    const stored = await store.attempts.find((attempt as unknown as { id: string }).id);
    expect(stored).toMatchObject({ sendCount: 1, ambiguousSince: now, lastSentAt: now });
    expect(attempt).toEqual(stored);
    // The next call is number 2, as after a claim of its own.
    expect(await store.attempts.claimSend(stored!.id, new Date(now.getTime() + 1_000))).toEqual({
      kind: 'claimed',
      sendNumber: 2,
    });
  });

  it('opens the beneficiary a dispatch sends from what the lock read: no round trip of its own', async () => {
    const id = await newPayout();
    let opened;
    const trips = await roundTrips(() =>
      transition.decide(id, async (locked) => {
        opened = locked.beneficiary();
        return { signal: { to: 'submitting', source: 'dispatch' }, options: { route } };
      }),
    );
    expect(trips).toEqual(ONE_TRANSITION);
    expect(opened).toEqual({ name: 'Ayşe Demir', iban: 'TR320010009999901234567890' });
    expect(opened).toEqual(await store.beneficiaries.loadBeneficiaryForSubmission(id));
  });

  it('writes rail, hold or completion in the same two round trips (decision 0015, migration 1797350000000)', async () => {
    const id = await newPayout();
    const trips = await roundTrips(() =>
      transition.apply(
        id,
        { to: 'submitting', source: 'dispatch' },
        {
          route,
          newAttempt: { provider: 'sipay', reference: `ref-${id}` },
          moneyMovement: { rail: 'fast', holdReason: null },
        },
      ),
    );
    expect(trips).toEqual(ONE_TRANSITION);
    expect(await store.payouts.find(id)).toMatchObject({ status: 'submitting', rail: 'fast', holdReason: null });
    // Refused: nothing of it is written, and no UPDATE is sent.
    const refused = await roundTrips(() =>
      transition.apply(id, { to: 'scheduled', source: 'dispatch' }, { moneyMovement: { holdReason: 'rail_closed' } }),
    );
    expect(refused).toEqual(ONE_TRANSITION);
    expect(await store.payouts.find(id)).toMatchObject({ status: 'submitting', holdReason: null });
  });

  it('keeps the hold reason a decision gives while a balance hold ends with the same UPDATE (the trigger reads NEW)', async () => {
    const id = await newPayout();
    const heldSince = new Date('2026-12-05T09:00:00.000Z');
    await queryOnce(
      database.url,
      `UPDATE payouts SET hold_reason = 'insufficient_provider_balance', hold_since = $2 WHERE id = $1`,
      [id, heldSince],
    );
    const opensAt = new Date('2026-12-07T06:30:00.123Z');
    const trips = await roundTrips(() =>
      transition.apply(
        id,
        { to: 'scheduled', source: 'dispatch' },
        { nextCheckAt: opensAt, moneyMovement: { rail: 'eft', holdReason: 'rail_closed', scheduledFor: opensAt } },
      ),
    );
    expect(trips).toEqual(ONE_TRANSITION);
    expect(await store.payouts.find(id)).toMatchObject({
      status: 'scheduled',
      rail: 'eft',
      holdReason: 'rail_closed',
      scheduledFor: opensAt,
    });
    const [row] = await queryOnce<{ hold_since: Date | null }>(
      database.url,
      'SELECT hold_since FROM payouts WHERE id = $1',
      [id],
    );
    expect(row.hold_since).toBeNull();
  });

  it('writes an attempt update, a refused signal, a duplicate, an ops action with its audit each in two', async () => {
    const { id, attemptId } = await submitting();
    const accepted = () =>
      transition.apply(
        id,
        { to: 'processing', source: 'webhook:sipay', evidence: { eventId: 'e-1' } },
        { attemptUpdate: { attemptId, status: 'accepted', providerId: 'sipay-1' } },
      );
    expect(await roundTrips(accepted)).toEqual(ONE_TRANSITION);
    // A duplicate with nothing to change on the row: the event only.
    expect(await roundTrips(accepted)).toEqual(ONE_TRANSITION);
    // Refused (backwards), with the attempt's evidence kept.
    const refused = await roundTrips(() =>
      transition.apply(
        id,
        { to: 'submitting', source: 'poll:sipay' },
        { attemptUpdate: { attemptId, polled: true }, nextCheckAt: new Date(Date.now() + 60_000) },
      ),
    );
    expect(refused).toEqual(ONE_TRANSITION);
    const audited = await roundTrips(() =>
      transition.apply(
        id,
        { to: 'succeeded', source: 'ops:cli' },
        {
          attemptUpdate: { attemptId, status: 'completed' },
          audit: { actorClientId: null, action: 'resolve', subjectType: 'payout', subjectId: id, reason: 'checked' },
        },
      ),
    );
    expect(audited).toEqual(ONE_TRANSITION);
    expect((await store.payouts.find(id))?.status).toBe('succeeded');
  });

  it("adds one round trip, settle_batch_item, only to a batch item's first final status (decision 0012)", async () => {
    const { id, attemptId } = await submitting();
    const batchId = '0193a1b2-0000-7000-8000-00000000b001';
    await queryOnce(
      database.url,
      `INSERT INTO payout_batches (id, client_id, status, item_count, total_amount, currency, created_at, updated_at)
       VALUES ($1, $2, 'open', 1, 1000, 'TRY', now(), now())`,
      [batchId, clientId],
    );
    await queryOnce(database.url, `UPDATE payouts SET batch_id = $1, item_reference = 'item-1' WHERE id = $2`, [
      batchId,
      id,
    ]);
    const settled = await roundTrips(() =>
      transition.apply(
        id,
        { to: 'succeeded', source: 'ops:cli' },
        { attemptUpdate: { attemptId, status: 'completed' } },
      ),
    );
    expect(settled).toEqual([...ONE_TRANSITION.slice(0, 3), 'settle_batch_item', 'COMMIT']);
    // A later return is not a first final status: two round trips, as for any payout.
    expect(await roundTrips(() => transition.apply(id, { to: 'returned', source: 'ops:cli' }))).toEqual(ONE_TRANSITION);
  });

  it('reads once and writes nothing when the decider decides nothing', async () => {
    const id = await newPayout();
    expect(await roundTrips(() => transition.decide(id, async () => undefined))).toEqual([
      'START TRANSACTION',
      'lock_payout_for_transition',
      'COMMIT',
    ]);
  });

  it('returns the payout, event and attempt exactly as a re-read returns them, JSON key order included', async () => {
    const { id, attemptId } = await submitting();
    // Keys in an order jsonb does not keep, nested values, and a field that JSON drops.
    const failure: NormalizedFailure = {
      providerCode: 'E42',
      message: 'insufficient balance',
      code: 'insufficient_provider_balance',
    };
    const evidence = { zeta: 1, a: { yy: [{ b: 2, a: 1 }], x: 'x' }, gone: undefined };
    const result = await transition.apply(
      id,
      { to: 'failed', source: 'webhook:sipay', failure, evidence },
      {
        attemptUpdate: { attemptId, status: 'completed', providerId: 'sipay-77', failure },
        actor: 'sipay',
      },
    );
    const payout = await store.payouts.find(id);
    expect(json(result.payout)).toBe(json(payout));
    expect(result.payout).toEqual(payout);
    expect(result.payout.providerReference).toBe('sipay-77');
    const [, event] = await store.events.listForPayout(id).then((events) => events.slice(-2));
    const { actorName: _name, ...reread } = event;
    expect(JSON.stringify(result.event)).toBe(JSON.stringify(reread));
    expect(result.event.snapshot).toEqual(expect.objectContaining({ status: 'failed', providerReference: 'sipay-77' }));
    expect(result.attempt).toEqual(await store.attempts.find(attemptId));
    // The notification carries the event's id, which only the database knew.
    const jobs = await queryOnce<{ payload: { eventId: string; version: number } }>(
      database.url,
      `SELECT payload FROM outbox WHERE payload->>'payoutId' = $1 AND job_name = 'payout-status-changed' ORDER BY id`,
      [id],
    );
    expect(jobs.at(-1)?.payload).toMatchObject({ eventId: result.event.id, version: result.payout.version });
  });

  it('returns a failover’s new attempt as a re-read does, and the payout’s provider reference from it', async () => {
    const { id, attemptId } = await submitting();
    const failure: NormalizedFailure = { code: 'provider_unavailable', message: 'breaker open' };
    await transition.apply(
      id,
      { to: 'pending', source: 'dispatch', failover: true },
      {
        attemptUpdate: { attemptId, status: 'rejected', providerId: 'first-1', failure },
        notExecutedProof: { kind: 'never_sent' },
      },
    );
    expect((await store.payouts.find(id))?.providerReference).toBe('first-1');
    const result = await transition.apply(
      id,
      { to: 'submitting', source: 'dispatch' },
      { route, newAttempt: { provider: 'sipay', reference: `ref2-${id}` } },
    );
    const payout = await store.payouts.find(id);
    expect(json(result.payout)).toBe(json(payout));
    expect(result.payout.providerReference).toBeNull();
    expect(result.attempt).toEqual(await store.attempts.find(result.attempt?.id as string));
    expect(result.attempt).toMatchObject({ status: 'submitting', sendCount: 0, providerId: null });
    expect(result.event.snapshot).toEqual(expect.objectContaining({ status: 'submitting', providerReference: null }));
  });

  describe('the one locked read', () => {
    const gate = () => {
      let open = () => undefined as void;
      const opened = new Promise<void>((resolve) => (open = resolve));
      return { opened, open };
    };
    const waitingOnALock = async (): Promise<number> => {
      const rows = await queryOnce<{ n: number }>(
        database.url,
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      return rows[0].n;
    };
    const untilWaiting = async (count: number) => {
      for (let i = 0; i < 200 && (await waitingOnALock()) < count; i++) await new Promise((r) => setTimeout(r, 10));
      expect(await waitingOnALock()).toBe(count);
    };

    it('shows a decision the attempt its predecessor under the lock inserted', async () => {
      const id = await newPayout();
      const held = gate();
      let entered = () => undefined as void;
      const inside = new Promise<void>((resolve) => (entered = resolve));
      const first = transition.decide(id, async ({ payout }) => {
        entered();
        await held.opened;
        return {
          signal: { to: 'submitting', source: 'dispatch' },
          options: { newAttempt: { provider: 'sipay', reference: `ref-${id}` }, expectedVersion: payout.version },
        };
      });
      await inside;
      let seen: string[] = [];
      const second: Decider = async (locked) => {
        seen = (await locked.attempts()).map((attempt) => attempt.status);
        return undefined;
      };
      const later = transition.decide(id, second);
      await untilWaiting(1);
      held.open();
      await Promise.all([first, later]);
      expect(seen).toEqual(['submitting']);
    });

    it('makes a claimSend of the payout’s attempt wait for the whole decision, then refuses it once settled', async () => {
      const { id, attemptId } = await submitting();
      await store.attempts.claimSend(attemptId, new Date()); // call 1 left, and was refused
      const held = gate();
      let entered = () => undefined as void;
      const inside = new Promise<void>((resolve) => (entered = resolve));
      const settling = transition.decide(id, async () => {
        entered();
        await held.opened;
        return {
          signal: { to: 'failed', source: 'dispatch', failure: { code: 'invalid_beneficiary', message: 'no' } },
          options: {
            attemptUpdate: { attemptId, status: 'rejected', failure: { code: 'invalid_beneficiary', message: 'no' } },
            notExecutedProof: { kind: 'refusal', sendNumber: 1 },
          },
        };
      });
      await inside;
      // Another worker's resend, while the decision is being made on the attempt as locked (send count 1).
      const claim = store.attempts.claimSend(attemptId, new Date());
      await untilWaiting(1);
      held.open();
      const [settled, claimed] = await Promise.all([settling, claim]);
      expect(settled?.decision.kind).toBe('applied');
      expect(claimed.kind).toBe('settled');
      expect(await store.attempts.find(attemptId)).toMatchObject({ status: 'rejected', sendCount: 1 });
    });
  });
});
