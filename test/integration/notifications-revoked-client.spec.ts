import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { ClientAdmin, ClientRepository, TypeOrmClientUnitOfWork } from '@libs/clients';
import { CallbackGuard, DeliverNotification, RecordStatusChange, SweepNotifications } from '@libs/notifications';
import { receivesCallbacks, SealedCallbackClients } from '@libs/notifications/delivery/callback-clients';
import { HttpCallbackSender } from '@libs/notifications/delivery/http-callback-sender';
import { standardWebhooksSigner } from '@libs/notifications/delivery/standard-webhooks-signer';
import { DeliveryFeedRepository } from '@libs/notifications/persistence/delivery-feed.repository';
import { DeliveryRepository } from '@libs/notifications/persistence/delivery.repository';
import {
  ApprovalPolicyCache,
  CreatePayout,
  DEVELOPMENT_ONLY_PII_KEY,
  PiiCipher,
  TransitionPayout,
  TypeOrmPayoutIntake,
  TypeOrmUnitOfWork,
} from '@libs/payouts';
import { buildDataSourceOptions } from '@libs/platform/database';
import { systemClock, type Clock } from '@libs/platform/time';
import { createFreshDatabase, migrate, queryOnce } from '../support/database';
import { waitUntil } from '../support/processes';
import { acceptsEveryPayout } from '../support/acceptance';

// "Notifications keep going to revoked clients." After `clients:revoke`, a client is told nothing more: deliveries
// still pending (retrying after failures) are canceled unsent, and later status changes create none, on the sweep's
// path from Postgres and on the fast path of a status-changed job alike.
describe('notifications stop for a revoked client', () => {
  let database: Awaited<ReturnType<typeof createFreshDatabase>>;
  let dataSource: DataSource;
  let server: Server;
  let admin: ClientAdmin;
  let clientId: string;
  let payoutId: string;
  let transition: TransitionPayout;
  let deliveries: DeliveryRepository;
  let status = 503;
  const received: string[] = [];
  const cipher = new PiiCipher(DEVELOPMENT_ONLY_PII_KEY);
  let now = new Date();
  const clock: Clock = { now: () => now };

  const deliverer = () =>
    new DeliverNotification(
      deliveries,
      new SealedCallbackClients(new ClientRepository(dataSource.manager), cipher),
      new CallbackGuard({ resolve: async () => ['127.0.0.1'] }, { allowedHosts: [], isDevelopment: true }),
      new HttpCallbackSender(),
      standardWebhooksSigner,
      { tried: () => undefined, gaveUp: () => undefined },
      clock,
      { retryForMs: 72 * 3_600_000, timeoutMs: 2_000, timeScale: 1, orderWaitMs: 1_000 },
    );
  // The feed hands out only changes older than every write transaction on the server (see notifications-delivery).
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
      'the events feed to catch up',
    );
  const sweep = async () => {
    await feedCaughtUp();
    return new SweepNotifications(new DeliveryFeedRepository(dataSource.manager), deliveries, deliverer(), clock, {
      feedBatchSize: 50,
      claimBatchSize: 50,
      concurrency: 2,
    }).run();
  };
  const rows = () =>
    queryOnce<{ payout_version: number; status: string; attempts: number; last_error: string | null }>(
      database.url,
      `SELECT payout_version, status, attempts, last_error FROM notification_deliveries
       WHERE client_id = $1 ORDER BY payout_version`,
      [clientId],
    );

  beforeAll(async () => {
    database = await createFreshDatabase('notifications_revoked');
    await migrate(database.url);
    dataSource = new DataSource(
      buildDataSourceOptions({ url: database.url, entities: [], migrations: [], applicationName: 'test', poolSize: 4 }),
    );
    await dataSource.initialize();
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        if (status < 300) received.push(Buffer.concat(chunks).toString('utf8'));
        response.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    admin = new ClientAdmin(
      new TypeOrmClientUnitOfWork(dataSource),
      { seal: (plain) => cipher.seal(plain, 'client.webhook_secret') },
      systemClock,
      { allowPlainHttp: true },
    );
    const created = await admin.create({
      name: 'leaving-shop',
      scopes: ['payouts:write'],
      callbackUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
      operator: 'test',
    });
    clientId = created.client.id;
    const unitOfWork = new TypeOrmUnitOfWork(dataSource, cipher);
    const createPayout = new CreatePayout(new TypeOrmPayoutIntake(dataSource, cipher), clock, {
      knownProviders: ['sipay'],
      firstCheckAfterMs: 30_000,
      scheduleMaxAheadMs: 90 * 86_400_000,
      policies: new ApprovalPolicyCache(),
      approvalTimeoutMs: 72 * 3_600_000,
      acceptance: acceptsEveryPayout,
    });
    transition = new TransitionPayout(unitOfWork, clock);
    deliveries = new DeliveryRepository(dataSource.manager);
    const result = await createPayout.execute({
      clientId,
      idempotencyKey: 'revoked-1',
      requestHash: 'revoked-1',
      input: {
        amount: '1000',
        currency: 'TRY',
        beneficiary: { name: 'Ayşe Demir', iban: 'TR320010009999901234567890' },
      },
    });
    payoutId = result.body.id as string;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await dataSource?.destroy();
    await database?.drop();
  });

  it('cancels pending deliveries unsent after the revoke, and creates none for later changes', async () => {
    await transition.apply(payoutId, { to: 'submitting', source: 'dispatch' });
    await sweep(); // the receiver is down: both changes are pending with a retry due later
    expect((await rows()).map((row) => row.status)).toEqual(['pending', 'pending']);
    const triesBefore = (await rows()).reduce((sum, row) => sum + row.attempts, 0);

    expect(await admin.revoke(clientId, 'test', 'contract ended')).toBe(true);
    status = 200; // the receiver is back: anything still sent would now arrive
    await transition.apply(payoutId, { to: 'processing', source: 'webhook:sipay' });
    now = new Date(now.getTime() + 3_600_000); // every retry is due
    const result = await sweep();

    expect(result.created).toBe(0);
    expect(result.canceled).toBe(2);
    expect(received).toEqual([]);
    const after = await rows();
    expect(after.map((row) => [row.payout_version, row.status, row.last_error])).toEqual([
      [1, 'canceled', 'client_revoked'],
      [2, 'canceled', 'client_revoked'],
    ]);
    expect(after.reduce((sum, row) => sum + row.attempts, 0)).toBe(triesBefore);
  });

  it('creates no delivery from a status-changed job (the fast path) either', async () => {
    const events = await queryOnce<{ id: string; version: number }>(
      database.url,
      "SELECT id, version FROM payout_events WHERE payout_id = $1 AND to_status = 'processing' AND applied",
      [payoutId],
    );
    const record = new RecordStatusChange(
      deliveries,
      receivesCallbacks(new ClientRepository(dataSource.manager)),
      clock,
    );
    const deliveryId = await record.execute({
      clientId,
      eventId: events[0].id,
      payoutId,
      version: events[0].version,
      status: 'processing',
    });
    expect(deliveryId).toBeUndefined();
    expect((await rows()).map((row) => row.payout_version)).toEqual([1, 2]);
  });

  it('cancels a delivery claimed by its own job as well, without sending it', async () => {
    const [row] = await queryOnce<{ id: string }>(
      database.url,
      `INSERT INTO notification_deliveries (id, client_id, event_id, payout_id, payout_version, event_type, status,
         attempts, next_attempt_at, created_at, updated_at)
       SELECT gen_random_uuid(), $1, id, payout_id, version, 'payout.processing', 'pending', 0, $3, $3, $3
       FROM payout_events WHERE payout_id = $2 AND to_status = 'processing' AND applied
       RETURNING id`,
      [clientId, payoutId, new Date(now.getTime() - 1_000)],
    );
    expect(await deliverer().execute(row.id)).toEqual({ kind: 'canceled', reason: 'client_revoked' });
    expect(received).toEqual([]);
  });
});
