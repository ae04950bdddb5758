import { DataSource } from 'typeorm';
import {
  CreatePayout,
  DEVELOPMENT_ONLY_PII_KEY,
  LiveAttemptExistsError,
  PiiCipher,
  TransitionPayout,
  TypeOrmPayoutStore,
  type FeedPosition,
  type PayoutSignal,
} from '@libs/payouts';
import { createClients, revokeClient } from '../support/clients';
import { queryOnce } from '../support/database';
import { payoutsOnPostgres } from '../support/payouts-on-postgres';

// TransitionPayout and the payout tables on real Postgres: row locks, the partial unique index, append-only events.
describe('TransitionPayout on Postgres', () => {
  let core: Awaited<ReturnType<typeof payoutsOnPostgres>>;
  let database: typeof core.database;
  let dataSource: DataSource;
  let store: TypeOrmPayoutStore;
  let transition: TransitionPayout;
  let createPayout: CreatePayout;
  let clientId: string;
  let counter = 0;
  const cipher = new PiiCipher(DEVELOPMENT_ONLY_PII_KEY);
  const clock = { now: () => new Date() };

  const newPayout = async (owner = clientId): Promise<string> => {
    const key = `key-${counter++}`;
    const result = await createPayout.execute({
      clientId: owner,
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
  const eventsOf = (payoutId: string) =>
    queryOnce<{ version: number; to_status: string; applied: boolean; reason: string }>(
      database.url,
      'SELECT version, to_status, applied, reason FROM payout_events WHERE payout_id = $1 ORDER BY id',
      [payoutId],
    );
  const outboxOf = (payoutId: string) =>
    queryOnce<{ queue: string; job_name: string }>(
      database.url,
      `SELECT queue, job_name FROM outbox WHERE payload->>'payoutId' = $1 ORDER BY id`,
      [payoutId],
    );

  beforeAll(async () => {
    core = await payoutsOnPostgres('payouts_transition', { callbackUrl: 'http://127.0.0.1:9/hooks' });
    ({ database, dataSource, store, transition, createPayout, clientId } = core);
  });
  afterAll(() => core?.close());

  it('serializes concurrent transitions on one payout: every decision sees the last, versions run 1..n without gaps', async () => {
    const id = await newPayout();
    await transition.apply(id, { to: 'submitting', source: 'dispatch' });
    await transition.apply(id, { to: 'processing', source: 'webhook:sipay' });
    const signals: PayoutSignal[] = Array.from({ length: 40 }, (_, i) => ({
      to: i % 2 === 0 ? 'manual_review' : 'processing',
      source: 'poll:sipay',
    }));
    const results = await Promise.all(signals.map((signal) => transition.apply(id, signal)));
    const applied = results.filter((r) => r.decision.kind === 'applied').length;

    const payout = await store.payouts.find(id);
    expect(payout?.version).toBe(3 + applied);
    const events = await eventsOf(id);
    expect(events).toHaveLength(3 + 40);
    const appliedVersions = events.filter((e) => e.applied).map((e) => e.version);
    expect(appliedVersions).toEqual(Array.from({ length: 3 + applied }, (_, i) => i + 1));
    // Each applied decision was made on the state the previous one committed: no version was handed out twice.
    expect(new Set(results.filter((r) => r.decision.kind === 'applied').map((r) => r.decision.version)).size).toBe(
      applied,
    );
    const notifications = (await outboxOf(id)).filter((row) => row.queue === 'notifications');
    expect(notifications).toHaveLength(3 + applied);
  });

  it('lets exactly one of two racing signals win (client cancel against dispatch), on many payouts at once', async () => {
    const ids = await Promise.all(Array.from({ length: 10 }, () => newPayout()));
    await Promise.all(
      ids.flatMap((id) => [
        transition.apply(id, { to: 'canceled', source: 'api', failure: { code: 'canceled', message: 'canceled' } }),
        transition.apply(id, { to: 'submitting', source: 'dispatch' }),
      ]),
    );
    for (const id of ids) {
      const events = await eventsOf(id);
      expect(events.filter((e) => e.applied).map((e) => e.version)).toEqual([1, 2]);
      expect(events.filter((e) => !e.applied)).toHaveLength(1);
      expect((await store.payouts.find(id))?.version).toBe(2);
    }
  });

  it('refuses a second live attempt in the schema, and allows a new one once the first is rejected', async () => {
    const id = await newPayout();
    const first = await store.attempts.insert({ payoutId: id, provider: 'sipay', reference: `a1-${id}` }, new Date());
    await expect(
      store.attempts.insert({ payoutId: id, provider: 'pientegra', reference: `a2-${id}` }, new Date()),
    ).rejects.toBeInstanceOf(LiveAttemptExistsError);
    await expect(
      queryOnce(
        database.url,
        `INSERT INTO payout_attempts (id, payout_id, provider, reference, status, created_at, updated_at)
         VALUES (gen_random_uuid(), $1, 'sipay', $2, 'accepted', now(), now())`,
        [id, `raw-${id}`],
      ),
    ).rejects.toThrow(/payout_attempts_one_live/);

    await store.attempts.update(
      first.id,
      { status: 'rejected', failure: { code: 'insufficient_provider_balance', message: 'no balance' } },
      new Date(),
    );
    const second = await store.attempts.insert(
      { payoutId: id, provider: 'pientegra', reference: `a2-${id}` },
      new Date(),
    );
    expect((await store.attempts.findLive(id))?.id).toBe(second.id);
  });

  it('rolls the whole change back when a new attempt is refused: no status, no event, no job', async () => {
    const id = await newPayout();
    await store.attempts.insert({ payoutId: id, provider: 'sipay', reference: `stray-${id}` }, new Date());
    const outboxBefore = await outboxOf(id);
    await expect(
      transition.apply(
        id,
        { to: 'submitting', source: 'dispatch' },
        { newAttempt: { provider: 'sipay', reference: `new-${id}` } },
      ),
    ).rejects.toBeInstanceOf(LiveAttemptExistsError);
    expect((await store.payouts.find(id))?.status).toBe('pending');
    expect(await eventsOf(id)).toHaveLength(1);
    expect(await outboxOf(id)).toEqual(outboxBefore);
  });

  it('writes the attempt, the route and the caller’s jobs with an applied change, and only the evidence otherwise', async () => {
    const id = await newPayout();
    const routed = await transition.apply(
      id,
      { to: 'submitting', source: 'dispatch' },
      {
        newAttempt: { provider: 'sipay', reference: `ref-${id}` },
        route: { provider: 'sipay', routing: { ruleId: null, ruleVersion: null, reason: 'pinned by the client' } },
        extraOutbox: [{ queue: 'reconciliation', jobName: 'look-up-attempt', payload: { payoutId: id } }],
      },
    );
    expect(routed.attempt).toMatchObject({ provider: 'sipay', status: 'submitting' });
    expect(routed.payout).toMatchObject({ status: 'submitting', provider: 'sipay', version: 2 });
    expect(await outboxOf(id)).toEqual([
      { queue: 'dispatch', job_name: 'dispatch-payout' },
      { queue: 'notifications', job_name: 'payout-status-changed' },
      { queue: 'notifications', job_name: 'payout-status-changed' },
      { queue: 'reconciliation', job_name: 'look-up-attempt' },
    ]);

    const raw = { httpStatus: 200, body: '{"id":2505267108142371608}', requestCount: 1 };
    const duplicate = await transition.apply(
      id,
      { to: 'submitting', source: 'dispatch' },
      {
        attemptUpdate: {
          attemptId: routed.attempt!.id,
          providerId: '2505267108142371608',
          lastRawAnswer: raw,
          polled: true,
        },
        extraOutbox: [{ queue: 'reconciliation', jobName: 'never-written', payload: { payoutId: id } }],
      },
    );
    expect(duplicate.decision).toMatchObject({ kind: 'ignored', reason: 'duplicate' });
    // The record carries the answer's facts; its body is sealed in the row (docs/decisions/0006).
    expect(duplicate.attempt).toMatchObject({ providerId: '2505267108142371608', pollCount: 1 });
    expect(duplicate.attempt?.lastRawAnswer).toEqual({ httpStatus: 200, requestCount: 1 });
    const [stored] = await queryOnce<{ last_raw_answer: { sealedBody: string } }>(
      database.url,
      'SELECT last_raw_answer FROM payout_attempts WHERE id = $1',
      [routed.attempt!.id],
    );
    expect(cipher.open(stored.last_raw_answer.sealedBody, 'provider.answer')).toBe(raw.body);
    expect(duplicate.payout.providerReference).toBe('2505267108142371608');
    expect(await outboxOf(id)).toHaveLength(4);
  });

  it('writes no notification job for a client without a callback URL, or once it is revoked; the feed lists all', async () => {
    const [{ id: silent }, { id: revoked }] = await createClients(database.url, [
      { name: 'no callbacks', scopes: ['payouts:write'] },
      { name: 'revoked', scopes: ['payouts:write'], callbackUrl: 'http://127.0.0.1:9/hooks' },
    ]);
    const quiet = await newPayout(silent);
    await transition.apply(quiet, { to: 'submitting', source: 'dispatch' });
    expect(await outboxOf(quiet)).toEqual([{ queue: 'dispatch', job_name: 'dispatch-payout' }]);
    // The feed waits for older transactions anywhere on the server (other test files): look until it has both.
    let listed: string[] = [];
    for (let tries = 0; tries < 100 && listed.length < 2; tries++) {
      listed = (await store.events.readFeed(silent, undefined, 1000)).map((entry) => entry.event.to);
      if (listed.length < 2) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(listed).toEqual(['pending', 'submitting']);

    const later = await newPayout(revoked);
    await revokeClient(database.url, revoked);
    await transition.apply(later, { to: 'submitting', source: 'dispatch' });
    expect(await outboxOf(later)).toEqual([
      { queue: 'dispatch', job_name: 'dispatch-payout' },
      { queue: 'notifications', job_name: 'payout-status-changed' },
    ]);
  });

  it('flags a contradiction for ops without changing the status, and keeps nextCheckAt only while in flight', async () => {
    const id = await newPayout();
    const later = new Date(Date.now() + 600_000);
    await transition.apply(id, { to: 'submitting', source: 'dispatch' }, { nextCheckAt: later });
    expect((await store.payouts.find(id))?.nextCheckAt?.getTime()).toBe(later.getTime());
    await transition.apply(id, { to: 'succeeded', source: 'webhook:sipay' });
    const succeeded = await store.payouts.find(id);
    expect(succeeded).toMatchObject({ status: 'succeeded', nextCheckAt: null, contradiction: false });
    expect(succeeded?.completedAt).toBeInstanceOf(Date);

    const contradiction = await transition.apply(id, {
      to: 'failed',
      source: 'poll:sipay',
      failure: { code: 'bank_rejected', message: 'rejected' },
      evidence: { lookup: 'status 2' },
    });
    expect(contradiction.decision).toMatchObject({ kind: 'refused', reason: 'contradiction' });
    expect(contradiction.payout).toMatchObject({
      status: 'succeeded',
      version: 3,
      contradiction: true,
      needsAttention: true,
      failure: null,
    });
    const [event] = await queryOnce<{ evidence: unknown; applied: boolean }>(
      database.url,
      'SELECT evidence, applied FROM payout_events WHERE payout_id = $1 ORDER BY id DESC LIMIT 1',
      [id],
    );
    expect(event).toEqual({ evidence: { lookup: 'status 2' }, applied: false });
  });

  it('claims call 1 in the transaction that commits the attempt, and gives an unsent claim back under the lock', async () => {
    const id = await newPayout();
    const created = await transition.within(async (scope) => {
      const result = await scope.decide(id, async () => ({
        signal: { to: 'submitting', source: 'dispatch' },
        options: { newAttempt: { provider: 'sipay', reference: `ref-${counter++}`, status: 'submitting' } },
      }));
      const attemptId = result?.attempt?.id as string;
      expect(await scope.store.attempts.claimSend(attemptId, new Date())).toEqual({ kind: 'claimed', sendNumber: 1 });
      return result;
    });
    const attemptId = created?.attempt?.id as string;
    expect(await store.attempts.find(attemptId)).toMatchObject({ sendCount: 1, ambiguousSince: expect.any(Date) });

    // Our circuit stopped the send: "never sent" holds once the claim is given back, in the settlement's transaction.
    const settled = await transition.apply(
      id,
      { to: 'pending', source: 'dispatch', failover: true },
      {
        attemptUpdate: { attemptId, status: 'rejected', failure: { code: 'provider_unavailable', message: 'circuit' } },
        notExecutedProof: { kind: 'never_sent' },
        unsentClaimOf: attemptId,
      },
    );
    expect(settled.decision.kind).toBe('applied');
    expect(await store.attempts.find(attemptId)).toMatchObject({
      status: 'rejected',
      sendCount: 0,
      ambiguousSince: null,
      lastSentAt: null,
    });
  });

  it('keeps payout_events append-only: UPDATE and DELETE are refused by the schema', async () => {
    const id = await newPayout();
    await expect(
      queryOnce(database.url, `UPDATE payout_events SET reason = 'x' WHERE payout_id = $1`, [id]),
    ).rejects.toThrow(/append-only/);
    await expect(queryOnce(database.url, 'DELETE FROM payout_events WHERE payout_id = $1', [id])).rejects.toThrow(
      /append-only/,
    );
  });

  it('never hands out a feed event before an older, still running transaction has ended', async () => {
    const slow = await newPayout();
    const fast = await newPayout();
    // Other transactions on the server (other test files) can hold the feed back for a moment: wait until it shows
    // the two creation events, and start reading after them.
    let start: FeedPosition | undefined;
    for (let tries = 0; tries < 100 && start === undefined; tries++) {
      const feed = await store.events.readFeed(clientId, undefined, 1000);
      if (feed.some((entry) => entry.event.payoutId === fast)) start = feed.at(-1)?.position;
      else await new Promise((resolve) => setTimeout(resolve, 50));
    }
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let began!: () => void;
    const begun = new Promise<void>((resolve) => (began = resolve));
    // The slow transaction takes its transaction id first and commits last; the fast one commits in between.
    const slowCommit = dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_current_xact_id()');
      began();
      await gate;
      const inThisTransaction = {
        run: <T>(work: (s: TypeOrmPayoutStore) => Promise<T>) => work(new TypeOrmPayoutStore(manager, cipher)),
      };
      await new TransitionPayout(inThisTransaction, clock).apply(slow, {
        to: 'canceled',
        source: 'api',
        failure: { code: 'canceled', message: 'x' },
      });
    });
    await begun;
    await transition.apply(fast, { to: 'canceled', source: 'api', failure: { code: 'canceled', message: 'x' } });
    const whileSlowRuns = await store.events.readFeed(clientId, start, 1000);
    expect(whileSlowRuns).toEqual([]);
    release();
    await slowCommit;
    let afterwards = await store.events.readFeed(clientId, start, 1000);
    for (let tries = 0; tries < 100 && afterwards.length < 2; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      afterwards = await store.events.readFeed(clientId, start, 1000);
    }
    // Ordered by transaction: the slow one began first, so its event comes first although it committed last.
    expect(afterwards.map((entry) => entry.event.payoutId)).toEqual([slow, fast]);
  });

  it('serves the list, the events feed and the due-work scan from their indexes', async () => {
    const plan = async (sql: string, params: unknown[]) => {
      const rows = await dataSource.transaction(async (manager) => {
        // Tiny tables: without these the planner may pick any index on the column and sort, which says nothing about
        // whether the index meant for the query serves it.
        await manager.query('SET LOCAL enable_seqscan = off');
        await manager.query('SET LOCAL enable_sort = off');
        return manager.query(`EXPLAIN ${sql}`, params) as Promise<{ 'QUERY PLAN': string }[]>;
      });
      return rows.map((row) => row['QUERY PLAN']).join('\n');
    };
    expect(
      await plan('SELECT id FROM payouts WHERE client_id = $1 ORDER BY created_at DESC, id DESC LIMIT 20', [clientId]),
    ).toContain('payouts_client_created_idx');
    expect(
      await plan(
        `SELECT id FROM payouts WHERE status IN ('pending', 'submitting', 'processing', 'manual_review') AND next_check_at <= now()`,
        [],
      ),
    ).toContain('payouts_next_check_idx');
    expect(
      await plan('SELECT id FROM payout_events WHERE client_id = $1 AND applied ORDER BY tx_id, id LIMIT 50', [
        clientId,
      ]),
    ).toContain('payout_events_feed_idx');
  });
});
