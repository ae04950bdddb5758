import { Queue, Worker } from 'bullmq';
import { BullmqDispatchJobs } from '@libs/dispatch/infrastructure/bullmq-dispatch-jobs';
import { DISPATCH_PAYOUT_JOB, dispatchPayoutDeduplication } from '@libs/payouts';
import { QUEUE_PREFIX } from '@libs/platform/queues';
import { waitUntil } from '../support/processes';
import { DisposableRedis } from '../support/redis-server';

// Found as an issue-18 finding: at saturation the reaper queued a second dispatch job for every pending payout whose
// first job waited behind the backlog (it sees only running jobs, through the lease). Every dispatch-payout add now
// carries one deduplication id per payout.
describe('dispatch-payout jobs on real Redis', () => {
  const redis = new DisposableRedis();
  let queue: Queue;
  let jobs: BullmqDispatchJobs;
  const connection = () => ({ url: redis.url, maxRetriesPerRequest: null });
  // What the outbox relay adds for an intake or a failover row.
  const relayAdd = (payoutId: string, rowId: number) =>
    queue.add(
      DISPATCH_PAYOUT_JOB,
      { payoutId },
      { jobId: `outbox-${rowId}`, deduplication: dispatchPayoutDeduplication(payoutId) },
    );
  const jobsOf = async (payoutId: string, states: ('waiting' | 'active' | 'completed')[]) =>
    (await queue.getJobs(states)).filter((job) => (job.data as { payoutId: string }).payoutId === payoutId);

  beforeAll(async () => {
    await redis.start();
    queue = new Queue('dispatch', { prefix: QUEUE_PREFIX, connection: connection() });
    jobs = new BullmqDispatchJobs(queue);
  });
  afterAll(async () => {
    await queue?.close();
    await redis.kill();
  });

  it('adds no second job while one waits, keeps one add made while it runs, and adds again once it is done', async () => {
    await relayAdd('p-1', 1);
    await jobs.redispatch('p-1', 'redispatch-p-1-7');
    await jobs.redispatch('p-1', 'redispatch-p-1-8');
    expect((await jobsOf('p-1', ['waiting'])).map((job) => job.id)).toEqual(['outbox-1']);

    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const ran: string[] = [];
    const worker = new Worker(
      'dispatch',
      async (job) => {
        ran.push(job.id!);
        if (ran.length === 1) await gate;
      },
      { prefix: QUEUE_PREFIX, connection: connection() },
    );
    try {
      await waitUntil(async () => ran.length === 1, 5_000, 'the first job to run');
      // A failover the running job committed, and the reaper, while it runs: one job after it, not two.
      await relayAdd('p-1', 2);
      await jobs.redispatch('p-1', 'redispatch-p-1-9');
      expect(await jobsOf('p-1', ['waiting'])).toEqual([]);
      release();
      await waitUntil(async () => ran.length === 2, 5_000, 'the kept job to run');
      await waitUntil(async () => (await jobsOf('p-1', ['active', 'waiting'])).length === 0, 5_000, 'both done');
      expect(ran).toEqual(['outbox-1', 'redispatch-p-1-9']);

      // Finished jobs stay listed for an hour; they do not hold the payout's next dispatch back.
      await jobs.redispatch('p-1', 'redispatch-p-1-10');
      await waitUntil(async () => ran.length === 3, 5_000, 'a later redispatch');
      expect(ran[2]).toBe('redispatch-p-1-10');
    } finally {
      await worker.close();
    }
  });

  it('queues no resend of an attempt beside one that waits or is delayed, and keeps the retry a running resend adds', async () => {
    const job = (retry: number) => ({ payoutId: 'p-2', attemptId: 'a-2', retry });
    const resendsOf = async () =>
      (await queue.getJobs(['waiting', 'delayed', 'active'])).filter(
        (queued) => (queued.data as { attemptId?: string }).attemptId === 'a-2',
      );
    // The retry after an ambiguous answer, delayed; then the reaper finds the attempt unanswered and adds its resend.
    await jobs.resubmit(job(1), { delayMs: 1_500, jobId: 'resubmit-a-2-1' });
    await jobs.resubmit(job(0), { delayMs: 0, jobId: 'reap-a-2-7' });
    expect((await resendsOf()).map((queued) => queued.id)).toEqual(['resubmit-a-2-1']);

    const ran: string[] = [];
    const worker = new Worker(
      'dispatch',
      async (running) => {
        ran.push(running.id!);
        // The running resend got another ambiguous answer: it schedules its own next retry.
        if (running.id === 'resubmit-a-2-1') await jobs.resubmit(job(2), { delayMs: 200, jobId: 'resubmit-a-2-2' });
      },
      { prefix: QUEUE_PREFIX, connection: connection() },
    );
    try {
      await waitUntil(async () => ran.length === 2, 10_000, 'the retry and the retry it added to run');
      expect(ran).toEqual(['resubmit-a-2-1', 'resubmit-a-2-2']);
      await waitUntil(async () => (await resendsOf()).length === 0, 5_000, 'both done');
      // Once none waits, the reaper's resend is added again.
      await jobs.resubmit(job(0), { delayMs: 0, jobId: 'reap-a-2-9' });
      await waitUntil(async () => ran.length === 3, 5_000, 'a later reaper resend');
      expect(ran[2]).toBe('reap-a-2-9');
    } finally {
      await worker.close();
    }
  });
});
