import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { Queue, QueueEvents, Worker } from 'bullmq';
import nock from 'nock';
import {
  ApplySubmitOutcome,
  DispatchPayout,
  DispatchStore,
  SendAttempt,
  SettleRejectedAttempt,
  type DispatchJobs,
  type RoutePayout,
} from '@libs/dispatch';
import { DispatchProcessor } from '@libs/dispatch/dispatch.processor';
import { RetryFailedJob } from '@libs/ops';
import { BullMqQueueJobs } from '@libs/ops/infrastructure/bullmq-queue-jobs';
import type { AuditLogEntry } from '@libs/clients';
import { buildPientegra, TEST_API_ORIGIN } from '../support/providers/pientegra';
import { queryOnce } from '../support/database';
import { payoutsOnPostgres } from '../support/payouts-on-postgres';
import { ALWAYS_OPEN_CALENDARS } from '../support/dispatch/dispatch.test-fakes';

const CREATE = '/api/v1/external/withdrawals';

// The bull-board "add job" resent an old submitting payout. Its replacement, the audited retry of a failed job, only
// puts the job back: the real dispatch processor then runs it, and its send goes through the send claim, which
// refuses an attempt past the provider's idempotency retention. Nothing reaches the provider.
describe('an ops retry of a failed dispatch job goes through the send claim', () => {
  let core: Awaited<ReturnType<typeof payoutsOnPostgres>>;
  let queue: Queue;
  let events: QueueEvents;
  let processor: DispatchProcessor;
  let redis: Redis;
  const audits: AuditLogEntry[] = [];
  const connection = { url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/14' };
  const prefix = `rdc${randomBytes(3).toString('hex')}:payouts`;

  beforeAll(async () => {
    core = await payoutsOnPostgres('ops_retry_claim', { knownProviders: ['pientegra'], poolSize: 6 });
    queue = new Queue('dispatch', { connection, prefix });
    redis = new Redis(connection.url);
    events = new QueueEvents('dispatch', { connection, prefix });
    await events.waitUntilReady();
  });
  afterAll(async () => {
    await processor?.onApplicationShutdown();
    await events?.close();
    await queue?.obliterate({ force: true });
    await queue?.close();
    await redis?.quit();
    await core?.close();
    nock.cleanAll();
  });

  function dispatchProcessor(): DispatchProcessor {
    const { provider } = buildPientegra();
    const { store, transition, dataSource } = core;
    const clock = { now: () => new Date() };
    const timing = {
      timeScale: 1,
      redispatchAfterMs: 30_000,
      resubmitDelaysMs: [1_000],
      insufficientBalanceWaitMs: 86_400_000,
    };
    const metrics = { count: () => undefined };
    const context = { clock, metrics, timing };
    const jobs: DispatchJobs = { resubmit: async () => undefined, redispatch: async () => undefined };
    const dispatchStore = new DispatchStore(dataSource.manager, store);
    const route = {
      execute: async () => ({ kind: 'no_route', decision: { providers: [] } }),
    } as unknown as RoutePayout;
    const settle = new SettleRejectedAttempt(transition, route, context);
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
    const dispatch = new DispatchPayout({
      calendars: ALWAYS_OPEN_CALENDARS,
      reads: dispatchStore,
      writes: dispatchStore,
      lease: {
        acquire: async () => ({ release: async () => undefined }),
        heldAmong: async () => new Set<string>(),
      },
      route,
      transition,
      send,
      adapters: { get: () => provider },
      newReference: () => crypto.randomUUID(),
      clock,
      metrics,
      timing,
    } as ConstructorParameters<typeof DispatchPayout>[0]);
    const idle = { execute: async () => 'idle' } as never;
    return new DispatchProcessor(
      queue,
      { dispatch, resubmit: idle, reap: idle },
      { concurrency: 1, jobLockMs: 5_000, reaperIntervalMs: 3_600_000, redis },
    );
  }

  it('retries the job as it was, and the claim refuses to send an attempt past its retention', async () => {
    const created = await core.createPayout.execute({
      clientId: core.clientId,
      idempotencyKey: 'old-submitting',
      requestHash: 'old-submitting',
      input: {
        amount: '250000',
        currency: 'TRY',
        beneficiary: { name: 'Ahmet Yılmaz', iban: 'TR320010009999901234567890' },
      },
    });
    const payoutId = created.body.id as string;
    const moved = await core.transition.apply(
      payoutId,
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
    // Sent once a day ago with no answer: Pientegra keeps an idempotency key 24 h, so a resend could pay twice.
    await queryOnce(
      core.database.url,
      `UPDATE payout_attempts SET send_count = 1, last_sent_at = now() - interval '25 hours',
         ambiguous_since = now() - interval '25 hours' WHERE id = $1`,
      [moved.attempt?.id],
    );

    // Its dispatch job failed for good (a worker that could not reach Redis or Postgres, say).
    await queue.add('dispatch-payout', { payoutId }, { jobId: `dispatch-${payoutId}`, attempts: 1 });
    const failing = new Worker(
      'dispatch',
      async () => {
        throw new Error('database unreachable');
      },
      { connection, prefix },
    );
    await new Promise<void>((resolve) => failing.on('failed', () => resolve()));
    await failing.close();

    const create = nock(TEST_API_ORIGIN).post(CREATE).reply(201, { withdrawalId: 'w-9', referenceNo: 'R9' });
    processor = dispatchProcessor();
    await processor.onApplicationBootstrap();
    const retry = new RetryFailedJob(
      new BullMqQueueJobs([queue], redis),
      { write: async (entry) => void audits.push(entry) },
      { now: () => new Date() },
    );
    const completed = new Promise<string>((resolve) =>
      events.on('completed', ({ jobId, returnvalue }) => {
        if (jobId === `dispatch-${payoutId}`) resolve(String(returnvalue));
      }),
    );
    await retry.execute('dispatch', `dispatch-${payoutId}`, 'database is back', { id: core.clientId, name: 'ops' });

    expect(await completed).toBe('handed_to_reconciliation');
    expect(create.isDone()).toBe(false);
    const [attempt] = await core.store.attempts.listForPayout(payoutId);
    expect(attempt).toMatchObject({ status: 'submitting', sendCount: 1 });
    expect((await core.store.payouts.find(payoutId))?.status).toBe('submitting');
    expect(audits).toEqual([
      expect.objectContaining({ action: 'queue_job.retry', reason: 'database is back', actorClientId: core.clientId }),
    ]);
  });
});
