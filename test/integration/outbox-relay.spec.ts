import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import {
  ApprovalPolicyCache,
  CreatePayout,
  DEVELOPMENT_ONLY_PII_KEY,
  PiiCipher,
  TypeOrmPayoutStore,
  TypeOrmPayoutIntake,
} from '@libs/payouts';
import { QUEUE_PREFIX } from '@libs/platform/queues';
import { createClients } from '../support/clients';
import { createFreshDatabase, migrate, queryOnce } from '../support/database';
import { freePort, RunningProcess, startTestWorker, waitForReady, waitUntil } from '../support/processes';
import { DisposableRedis } from '../support/redis-server';
import { acceptsEveryPayout } from '../support/acceptance';

// The outbox relay in a real worker process: a kill between "status committed" and "job enqueued" (or between the
// enqueue and marking the row published) loses nothing and duplicates nothing.
describe('the outbox relay', () => {
  const redis = new DisposableRedis();
  let database: Awaited<ReturnType<typeof createFreshDatabase>>;
  let dataSource: DataSource;
  let createPayout: CreatePayout;
  let clientId: string;
  const queues: Record<string, Queue> = {};
  const workers: RunningProcess[] = [];
  let counter = 0;

  const startWorker = (env: Record<string, string> = {}) => {
    return freePort().then((port) => {
      const worker = startTestWorker({
        NODE_ENV: 'test',
        DATABASE_URL: database.url,
        REDIS_URL: redis.url,
        WORKER_PORT: String(port),
        ...env,
      });
      workers.push(worker);
      return { worker, port };
    });
  };
  const newPayout = async (): Promise<string> => {
    const key = `outbox-${counter++}`;
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
  const outboxRows = (payoutId: string) =>
    queryOnce<{ id: string; queue: string; published_at: Date | null }>(
      database.url,
      `SELECT id, queue, published_at FROM outbox WHERE payload->>'payoutId' = $1 ORDER BY id`,
      [payoutId],
    );
  const dispatchJobsFor = async (payoutId: string) =>
    (await queues.dispatch.getJobs(['waiting', 'delayed', 'active', 'completed', 'failed'])).filter(
      (job) => (job.data as { payoutId?: string }).payoutId === payoutId,
    );

  beforeAll(async () => {
    await redis.start();
    database = await createFreshDatabase('outbox_relay');
    await migrate(database.url);
    [{ id: clientId }] = await createClients(database.url, [
      { name: 'outbox', scopes: ['payouts:write'], callbackUrl: 'http://127.0.0.1:9/hooks' },
    ]);
    dataSource = new DataSource({ type: 'postgres', url: database.url, entities: [] });
    await dataSource.initialize();
    const clock = { now: () => new Date() };
    createPayout = new CreatePayout(
      new TypeOrmPayoutIntake(dataSource, new PiiCipher(DEVELOPMENT_ONLY_PII_KEY)),
      clock,
      {
        knownProviders: [],
        firstCheckAfterMs: 30_000,
        scheduleMaxAheadMs: 90 * 86_400_000,
        policies: new ApprovalPolicyCache(),
        approvalTimeoutMs: 72 * 3_600_000,
        acceptance: acceptsEveryPayout,
      },
    );
    for (const name of ['dispatch', 'notifications']) {
      queues[name] = new Queue(name, {
        prefix: QUEUE_PREFIX,
        connection: { url: redis.url, maxRetriesPerRequest: null },
      });
    }
  });

  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.stop('SIGKILL')));
    await Promise.all(Object.values(queues).map((queue) => queue.close()));
    await dataSource?.destroy();
    await redis.kill();
    await database?.drop();
  });

  it('enqueues after a restart the jobs of a worker killed after the commit and before the enqueue', async () => {
    const payoutId = await newPayout();
    const { worker } = await startWorker({ FAULT_INJECT: 'outbox-before-enqueue' });
    expect(await worker.exited).toEqual({ code: 137, signal: null });
    expect(worker.output()).toContain('fault injection: exiting at outbox-before-enqueue');
    expect((await outboxRows(payoutId)).every((row) => row.published_at === null)).toBe(true);
    expect(await dispatchJobsFor(payoutId)).toEqual([]);

    const { port } = await startWorker();
    await waitForReady(port);
    await waitUntil(
      async () => (await outboxRows(payoutId)).every((row) => row.published_at !== null),
      15_000,
      'rows published',
    );
    const jobs = await dispatchJobsFor(payoutId);
    expect(jobs.map((job) => [job.id, job.name])).toEqual([
      [`outbox-${(await outboxRows(payoutId))[0].id}`, 'dispatch-payout'],
    ]);
    await workers.pop()?.stop();
  });

  it('enqueues exactly once when a worker dies after the enqueue and before marking the rows published', async () => {
    const payoutId = await newPayout();
    const [dispatchRow, notificationRow] = await outboxRows(payoutId);
    const { worker } = await startWorker({ FAULT_INJECT: 'outbox-after-enqueue' });
    expect(await worker.exited).toEqual({ code: 137, signal: null });
    expect((await outboxRows(payoutId)).every((row) => row.published_at === null)).toBe(true);
    expect((await dispatchJobsFor(payoutId)).map((job) => job.id)).toEqual([`outbox-${dispatchRow.id}`]);

    const { port } = await startWorker();
    await waitForReady(port);
    await waitUntil(
      async () => (await outboxRows(payoutId)).every((row) => row.published_at !== null),
      15_000,
      'rows published',
    );
    expect((await dispatchJobsFor(payoutId)).map((job) => job.id)).toEqual([`outbox-${dispatchRow.id}`]);
    const notification = await queues.notifications.getJob(`outbox-${notificationRow.id}`);
    expect(notification?.name).toBe('payout-status-changed');
    expect(notification?.data).toMatchObject({ payoutId, version: 1, status: 'pending' });
  });

  it('picks a committed row up within a poll, with no NOTIFY (it would serialize every commit)', async () => {
    const [{ n: triggers }] = await queryOnce<{ n: string }>(
      database.url,
      `SELECT count(*) AS n FROM pg_trigger WHERE tgrelid = 'outbox'::regclass AND NOT tgisinternal`,
    );
    expect(triggers).toBe('0');
    await Promise.all(workers.splice(0).map((worker) => worker.stop()));
    const { port } = await startWorker({ OUTBOX_POLL_INTERVAL: '50ms' });
    await waitForReady(port);
    await new Promise((resolve) => setTimeout(resolve, 500)); // the start-up drain is over
    const payoutId = await newPayout();
    const began = Date.now();
    await waitUntil(async () => (await dispatchJobsFor(payoutId)).length === 1, 5_000, 'the dispatch job');
    expect(Date.now() - began).toBeLessThan(1_000);
    // The worker's dispatch processor may already have taken the jobs, and dispatch keeps a scheduler job of its own
    // in that queue: count the relay's jobs (ids `outbox-<row id>`) in every state.
    const jobs = await queues.dispatch.getJobs(['waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed']);
    const relayJobs = new Set(jobs.filter((job) => job.id?.startsWith('outbox-')).map((job) => job.id));
    const [{ n }] = await queryOnce<{ n: string }>(
      database.url,
      `SELECT count(*) AS n FROM outbox WHERE queue = 'dispatch'`,
    );
    expect(relayJobs.size).toBe(Number(n));
  });

  it('keeps the events feed moving while Redis is down and the relay waits to enqueue, and catches up after', async () => {
    await Promise.all(workers.splice(0).map((worker) => worker.stop()));
    const { port } = await startWorker();
    await waitForReady(port);
    await redis.kill();
    const first = await newPayout();
    // The relay claims the first payout's rows and waits on Redis, up to its 10 s enqueue timeout. A change committed
    // meanwhile must still reach the events feed at once.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const payoutId = await newPayout();
    const events = new TypeOrmPayoutStore(dataSource.manager, new PiiCipher(DEVELOPMENT_ONLY_PII_KEY)).events;
    await waitUntil(
      async () => (await events.readFeed(clientId, undefined, 1000)).some((entry) => entry.event.payoutId === payoutId),
      5_000,
      'the second creation event in the feed',
    );
    expect((await outboxRows(first)).every((row) => row.published_at === null)).toBe(true);
    expect((await outboxRows(payoutId)).every((row) => row.published_at === null)).toBe(true);
    await redis.start();
    await waitUntil(
      async () => (await outboxRows(payoutId)).every((row) => row.published_at !== null),
      30_000,
      'rows published',
    );
    expect(await dispatchJobsFor(payoutId)).toHaveLength(1);
  });
});
