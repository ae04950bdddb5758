import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { Webhook } from 'standardwebhooks';
import { DataSource } from 'typeorm';
import { ClientAdmin, ClientRepository, TypeOrmClientUnitOfWork } from '@libs/clients';
import { CallbackGuard, DeliverNotification, SweepNotifications, type SweepResult } from '@libs/notifications';
import type { DeliveryRecord } from '@libs/notifications/application';
import { SealedCallbackClients } from '@libs/notifications/delivery/callback-clients';
import { HttpCallbackSender } from '@libs/notifications/delivery/http-callback-sender';
import { standardWebhooksSigner } from '@libs/notifications/delivery/standard-webhooks-signer';
import { DeliveryFeedRepository } from '@libs/notifications/persistence/delivery-feed.repository';
import { DeliveryRepository } from '@libs/notifications/persistence/delivery.repository';
import { NotificationReadsRepository } from '@libs/notifications/persistence/notification-reads.repository';
import {
  ApprovalPolicyCache,
  CreatePayout,
  DEVELOPMENT_ONLY_PII_KEY,
  PiiCipher,
  TransitionPayout,
  TypeOrmPayoutIntake,
  TypeOrmUnitOfWork,
  type PayoutStatus,
} from '@libs/payouts';
import { buildDataSourceOptions } from '@libs/platform/database';
import { systemClock, type Clock } from '@libs/platform/time';
import { createFreshDatabase, migrate, queryOnce } from '../support/database';
import { waitUntil } from '../support/processes';
import { acceptsEveryPayout } from '../support/acceptance';

// The delivery log on real Postgres, with no queue at all: the sweep alone must find every applied change (lifecycle
// invariant 8), send it in payout order, and never hand one change to two workers at once.
describe('notification deliveries on Postgres', () => {
  let database: Awaited<ReturnType<typeof createFreshDatabase>>;
  let dataSource: DataSource;
  let server: Server;
  let clientId: string;
  let secret: string;
  let createPayout: CreatePayout;
  let transition: TransitionPayout;
  let deliveries: DeliveryRepository;
  let counter = 0;
  const received: { id: string; type: string; version: number; payoutId: string; verified: boolean }[] = [];
  let answer = () => 200;
  const cipher = new PiiCipher(DEVELOPMENT_ONLY_PII_KEY);
  let now = new Date();
  const clock: Clock = { now: () => now };

  /**
   * The events feed hands out only changes older than every write transaction still running on the server, whatever
   * its database (transaction ids are server-wide). Other test files running beside this one hold such transactions
   * for a moment, so a sweep that must see every change committed so far first waits until the feed has caught up.
   */
  const feedCaughtUp = () =>
    waitUntil(
      async () => {
        const [row] = await queryOnce<{ visible: boolean }>(
          database.url,
          `SELECT coalesce(max(tx_id), 0) < pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS visible
           FROM payout_events`,
        );
        return row.visible;
      },
      60_000,
      'the events feed to catch up with the changes committed so far',
    );
  const sweep = async (): Promise<SweepResult> => {
    await feedCaughtUp();
    return sweeper().run();
  };
  const sweeper = () => {
    const deliver = new DeliverNotification(
      deliveries,
      new SealedCallbackClients(new ClientRepository(dataSource.manager), cipher),
      new CallbackGuard({ resolve: async () => ['127.0.0.1'] }, { allowedHosts: [], isDevelopment: true }),
      new HttpCallbackSender(),
      standardWebhooksSigner,
      { tried: () => undefined, gaveUp: () => undefined },
      clock,
      { retryForMs: 72 * 3_600_000, timeoutMs: 2_000, timeScale: 1, orderWaitMs: 5_000 },
    );
    return new SweepNotifications(new DeliveryFeedRepository(dataSource.manager), deliveries, deliver, clock, {
      feedBatchSize: 3,
      claimBatchSize: 50,
      concurrency: 4,
    });
  };
  const newPayout = async (): Promise<string> => {
    const key = `key-${counter++}`;
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
  const move = (payoutId: string, to: PayoutStatus) => transition.apply(payoutId, { to, source: 'dispatch' });
  const rowsOf = (payoutId: string) =>
    queryOnce<{ payout_version: number; status: string; attempts: number }>(
      database.url,
      'SELECT payout_version, status, attempts FROM notification_deliveries WHERE payout_id = $1 ORDER BY payout_version',
      [payoutId],
    );

  beforeAll(async () => {
    database = await createFreshDatabase('notifications_delivery');
    await migrate(database.url);
    dataSource = new DataSource(
      buildDataSourceOptions({ url: database.url, entities: [], migrations: [], applicationName: 'test', poolSize: 8 }),
    );
    await dataSource.initialize();
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        let verified = true;
        try {
          new Webhook(secret).verify(raw, request.headers as Record<string, string>);
        } catch {
          verified = false;
        }
        const body = JSON.parse(raw) as { id: string; type: string; data: { id: string; version: number } };
        const status = answer();
        if (status < 300) {
          received.push({ id: body.id, type: body.type, version: body.data.version, payoutId: body.data.id, verified });
        }
        response.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const admin = new ClientAdmin(
      new TypeOrmClientUnitOfWork(dataSource),
      { seal: (plain) => cipher.seal(plain, 'client.webhook_secret') },
      systemClock,
      { allowPlainHttp: true }, // local receivers, as in development
    );
    const created = await admin.create({
      name: 'shop',
      scopes: ['payouts:write'],
      callbackUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
      operator: 'test',
    });
    clientId = created.client.id;
    secret = created.webhookSecret!;
    const unitOfWork = new TypeOrmUnitOfWork(dataSource, cipher);
    createPayout = new CreatePayout(new TypeOrmPayoutIntake(dataSource, cipher), clock, {
      knownProviders: ['sipay'],
      firstCheckAfterMs: 30_000,
      scheduleMaxAheadMs: 90 * 86_400_000,
      policies: new ApprovalPolicyCache(),
      approvalTimeoutMs: 72 * 3_600_000,
      acceptance: acceptsEveryPayout,
    });
    transition = new TransitionPayout(unitOfWork, clock);
    deliveries = new DeliveryRepository(dataSource.manager);
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await dataSource?.destroy();
    await database?.drop();
  });

  it('finds changes whose queue job never ran, from Postgres alone, and delivers them in version order', async () => {
    const payoutId = await newPayout();
    for (const to of ['submitting', 'processing', 'succeeded'] as const) await move(payoutId, to);
    const outbox = await queryOnce<{ n: number }>(
      database.url,
      "SELECT count(*)::int AS n FROM outbox WHERE job_name = 'payout-status-changed' AND published_at IS NULL",
    );
    expect(outbox[0].n).toBe(4); // nothing relayed them: no Redis in this test

    const first = await sweep();
    expect(first.created).toBe(4);
    // The sweep claims all four at once; a version whose predecessor is not delivered yet waits without a try.
    expect(first.results.map((r) => r.result?.kind)).toContain('delivered');
    expect(first.results.map((r) => r.result?.kind)).toContain('deferred');
    for (let round = 0; round < 3; round++) {
      now = new Date(now.getTime() + 6_000);
      await sweep();
    }
    const mine = received.filter((entry) => entry.payoutId === payoutId);
    expect(mine.map((entry) => entry.version)).toEqual([1, 2, 3, 4]);
    expect(mine.every((entry) => entry.verified)).toBe(true);
    expect(await rowsOf(payoutId)).toEqual(
      [1, 2, 3, 4].map((version) => ({ payout_version: version, status: 'delivered', attempts: 1 })),
    );
    expect((await sweep()).created).toBe(0);
  });

  it('tells the client of both late flips: a failed payout reported paid and a succeeded payout returned', async () => {
    const paidAfterFailed = await newPayout();
    for (const to of ['submitting', 'processing', 'failed'] as const) await move(paidAfterFailed, to);
    await transition.apply(paidAfterFailed, { to: 'succeeded', source: 'webhook:sipay' }); // refused, flagged
    const returned = await newPayout();
    for (const to of ['submitting', 'processing', 'succeeded', 'returned'] as const) await move(returned, to);
    for (let round = 0; round < 6; round++) {
      await sweep();
      now = new Date(now.getTime() + 6_000);
    }
    const typesOf = (payoutId: string) =>
      received.filter((entry) => entry.payoutId === payoutId).map((entry) => [entry.type, entry.version]);
    expect(typesOf(paidAfterFailed)).toEqual([
      ['payout.pending', 1],
      ['payout.submitting', 2],
      ['payout.processing', 3],
      ['payout.failed', 4],
      ['payout.contradiction', 4],
    ]);
    expect(typesOf(returned).slice(-2)).toEqual([
      ['payout.succeeded', 4],
      ['payout.returned', 5],
    ]);
  });

  it('tells the client of a contradiction once, from Postgres alone, as payout.contradiction', async () => {
    const payoutId = await newPayout();
    for (const to of ['submitting', 'processing'] as const) await move(payoutId, to);
    const flag = () =>
      transition.apply(payoutId, (current) => ({ to: current.status, source: 'webhook:sipay' }), {
        contradiction: true,
      });
    await flag();
    await flag(); // already flagged: not told again
    for (let round = 0; round < 4; round++) {
      await sweep();
      now = new Date(now.getTime() + 6_000);
    }
    const mine = received.filter((entry) => entry.payoutId === payoutId);
    expect(mine.map((entry) => [entry.type, entry.version])).toEqual([
      ['payout.pending', 1],
      ['payout.submitting', 2],
      ['payout.processing', 3],
      ['payout.contradiction', 3],
    ]);
    expect(mine.every((entry) => entry.verified)).toBe(true);
  });

  it('retries with backoff, logs every try, and gives up only after the retry period', async () => {
    const payoutId = await newPayout();
    let failures = 2;
    answer = () => (failures-- > 0 ? 503 : 200);
    await sweep();
    const [afterFirst] = await rowsOf(payoutId);
    expect(afterFirst).toEqual({ payout_version: 1, status: 'pending', attempts: 1 });
    await sweep(); // not due yet: 5 s backoff
    expect((await rowsOf(payoutId))[0].attempts).toBe(1);
    now = new Date(now.getTime() + 5_000);
    await sweep();
    now = new Date(now.getTime() + 20_000);
    await sweep();
    expect(await rowsOf(payoutId)).toEqual([{ payout_version: 1, status: 'delivered', attempts: 3 }]);
    const tries = await queryOnce<{ number: number; outcome: string; http_status: number }>(
      database.url,
      `SELECT a.number, a.outcome, a.http_status FROM notification_attempts a
       JOIN notification_deliveries d ON d.id = a.delivery_id WHERE d.payout_id = $1 ORDER BY a.id`,
      [payoutId],
    );
    expect(tries).toEqual([
      { number: 1, outcome: 'http_error', http_status: 503 },
      { number: 2, outcome: 'http_error', http_status: 503 },
      { number: 3, outcome: 'delivered', http_status: 200 },
    ]);

    const doomed = await newPayout();
    answer = () => 500;
    await sweep();
    now = new Date(now.getTime() + 73 * 3_600_000);
    await sweep();
    expect(await rowsOf(doomed)).toEqual([{ payout_version: 1, status: 'failed', attempts: 2 }]);
    answer = () => 200;
  });

  it('does not skip a change whose transaction commits after a younger one', async () => {
    const early = await newPayout();
    const late = await newPayout();
    await sweep();
    // An older transaction, still open, that writes an applied change for `early`...
    const slow = new Client({ connectionString: database.url });
    await slow.connect();
    await slow.query('BEGIN');
    await slow.query('SELECT pg_current_xact_id()');
    // ...while a younger one commits a change for `late`.
    await move(late, 'submitting');
    await slow.query(
      `INSERT INTO payout_events (payout_id, client_id, version, from_status, to_status, source, applied, reason, detail,
         tx_id, snapshot, created_at)
       VALUES ($1, $2, 2, 'pending', 'canceled', 'api', true, 'transition', 'test', pg_current_xact_id()::text::bigint,
         $3::json, now())`,
      [early, clientId, JSON.stringify({ id: early, status: 'canceled', version: 2 })],
    );
    // The feed waits for the older transaction (a plain run: waiting for the feed to catch up would wait for ever).
    expect((await sweeper().run()).created).toBe(0);
    await slow.query('COMMIT');
    await slow.end();
    expect((await sweep()).created).toBe(2);
    expect((await rowsOf(early)).map((row) => row.payout_version)).toEqual([1, 2]);
    expect((await rowsOf(late)).map((row) => row.payout_version)).toEqual([1, 2]);
  });

  it('never hands one delivery to two sweeps at once', async () => {
    const payouts = await Promise.all(Array.from({ length: 6 }, () => newPayout()));
    const before = received.length;
    await feedCaughtUp();
    const results = await Promise.all([sweeper().run(), sweeper().run(), sweeper().run()]);
    const tried = results.flatMap((r) => r.results.map((x) => x.deliveryId));
    expect(new Set(tried).size).toBe(tried.length);
    const sent = received.slice(before).filter((entry) => payouts.includes(entry.payoutId));
    expect(sent).toHaveLength(6);
    expect(new Set(sent.map((entry) => entry.id)).size).toBe(6);
  });

  /** A payout with two changes, both delivered by a sweep; returns both delivery rows. */
  const twoDeliveredChanges = async () => {
    const payoutId = await newPayout();
    await move(payoutId, 'submitting');
    await sweep(); // creates both rows and delivers them, version 1 first (the second may be deferred behind it)
    const rows = await queryOnce<{ id: string; payout_version: number }>(
      database.url,
      'SELECT id, payout_version FROM notification_deliveries WHERE payout_id = $1 ORDER BY payout_version',
      [payoutId],
    );
    // What wakeFollowers reads of the settled change.
    const settled = { payoutId, clientId, payoutVersion: 1 } as DeliveryRecord;
    return { first: { ...settled, id: rows[0].id }, second: { id: rows[1].id } };
  };
  // A row set back to pending is a change not tried yet (attempts 0): whether the sweep above delivered the second
  // change or deferred it behind the first depends on which of its concurrent workers got there first.
  const setRow = (id: string, status: string) =>
    queryOnce(
      database.url,
      `UPDATE notification_deliveries SET status = $2, next_attempt_at = $3,
         attempts = CASE WHEN $2 = 'pending' THEN 0 ELSE attempts END,
         waiting_for_earlier = CASE WHEN $2 = 'pending' THEN false ELSE waiting_for_earlier END
       WHERE id = $1`,
      [id, status, status === 'pending' ? now : null],
    );
  const nextAttemptOf = async (id: string) =>
    (
      await queryOnce<{ next_attempt_at: Date | null }>(
        database.url,
        'SELECT next_attempt_at FROM notification_deliveries WHERE id = $1',
        [id],
      )
    )[0].next_attempt_at;

  it('never wakes a change a worker has claimed for a try, so the wake-up cannot send it twice', async () => {
    const { first, second } = await twoDeliveredChanges();
    await setRow(second.id, 'pending');
    const lease = new Date(now.getTime() + 60_000);
    expect((await deliveries.claim(second.id, now, lease))?.nextAttemptAt).toEqual(lease);
    // The earlier change settles while this one is being sent: its wake-up passes over the claimed row.
    expect(await deliveries.wakeFollowers(first, now)).toEqual([]);
    expect(await nextAttemptOf(second.id)).toEqual(lease);
    expect(await deliveries.claim(second.id, now, lease)).toBeUndefined();
  });

  it('wakes a change given back to wait for an earlier one when that one settles', async () => {
    const { first, second } = await twoDeliveredChanges();
    await setRow(first.id, 'pending');
    await setRow(second.id, 'pending');
    const lease = new Date(now.getTime() + 60_000);
    await deliveries.claim(second.id, now, lease);
    const later = new Date(now.getTime() + 3_600_000);
    await deliveries.release(second.id, later, lease, now); // the earlier one is still pending: wait
    expect(await nextAttemptOf(second.id)).toEqual(later);
    await setRow(first.id, 'delivered');
    expect(await deliveries.wakeFollowers(first, now)).toEqual([second.id]);
    expect(await nextAttemptOf(second.id)).toEqual(now);
  });

  it('makes a change due at once when the earlier one settled while the worker was deciding to wait', async () => {
    const { second } = await twoDeliveredChanges();
    await setRow(second.id, 'pending');
    const lease = new Date(now.getTime() + 60_000);
    await deliveries.claim(second.id, now, lease);
    // The worker saw the earlier change undelivered; by the time it gives the row back, that one is delivered (and
    // its wake-up passed over the claimed row): the release looks again and makes it due now, not in an hour.
    await deliveries.release(second.id, new Date(now.getTime() + 3_600_000), lease, now);
    expect(await nextAttemptOf(second.id)).toEqual(now);
  });

  it('leaves a row alone when its lease changed since the claim (someone else holds it)', async () => {
    const { second } = await twoDeliveredChanges();
    await setRow(second.id, 'pending');
    const lease = new Date(now.getTime() + 60_000);
    await deliveries.claim(second.id, now, lease);
    const otherLease = new Date(now.getTime() + 90_000);
    await queryOnce(database.url, 'UPDATE notification_deliveries SET next_attempt_at = $2 WHERE id = $1', [
      second.id,
      otherLease,
    ]);
    await deliveries.release(second.id, new Date(now.getTime() + 3_600_000), lease, now);
    expect(await nextAttemptOf(second.id)).toEqual(otherLease);
  });

  it('redelivers on request: the row is due again and a job is written to the outbox in the same transaction', async () => {
    const reads = new NotificationReadsRepository(dataSource.manager);
    const [delivery] = await reads.list({ clientId, limit: 1 });
    const again = await reads.redeliver(delivery.id, clientId, now);
    expect(again).toMatchObject({ id: delivery.id, status: 'pending', retryUntil: null });
    const jobs = await queryOnce<{ payload: { deliveryId: string } }>(
      database.url,
      "SELECT payload FROM outbox WHERE job_name = 'deliver-notification' ORDER BY id DESC LIMIT 1",
    );
    expect(jobs[0].payload).toEqual({ deliveryId: delivery.id });
    expect(await reads.redeliver(delivery.id, '00000000-0000-7000-8000-000000000000', now)).toBeUndefined();
  });

  it('claims due rows through the partial due index', async () => {
    const plan = await dataSource.transaction(async (manager) => {
      await manager.query('SET LOCAL enable_seqscan = off');
      const rows: { 'QUERY PLAN': string }[] = await manager.query(
        `EXPLAIN SELECT id FROM notification_deliveries WHERE status = 'pending' AND next_attempt_at <= now()
         ORDER BY next_attempt_at LIMIT 100 FOR UPDATE SKIP LOCKED`,
      );
      return rows.map((row) => row['QUERY PLAN']).join('\n');
    });
    expect(plan).toContain('notification_deliveries_due_idx');
  });
});
