import { Queue, Worker } from 'bullmq';
import { BATCH_ITEM_PRIORITY, BullmqBatchDispatchJobs } from '@libs/dispatch/infrastructure/bullmq-dispatch-jobs';
import { DISPATCH_PAYOUT_JOB, dispatchPayoutDeduplication } from '@libs/payouts';
import { QUEUE_PREFIX } from '@libs/platform/queues';
import { waitUntil } from '../support/processes';
import { DisposableRedis } from '../support/redis-server';

// Fair share on the dispatch queue (decision 0012), on real Redis: the batch feeder's jobs wait behind every job
// without a priority (a single payout's, from the outbox), whenever either was added, and are counted as waiting.
describe('batch-item dispatch jobs on real Redis', () => {
  const redis = new DisposableRedis();
  let queue: Queue;
  let jobs: BullmqBatchDispatchJobs;
  const connection = () => ({ url: redis.url, maxRetriesPerRequest: null });
  // What the outbox relay adds for a single payout's intake row.
  const singleAdd = (payoutId: string, rowId: number) =>
    queue.add(
      DISPATCH_PAYOUT_JOB,
      { payoutId },
      { jobId: `outbox-${rowId}`, deduplication: dispatchPayoutDeduplication(payoutId) },
    );

  beforeAll(async () => {
    await redis.start();
    queue = new Queue('dispatch', { prefix: QUEUE_PREFIX, connection: connection() });
    jobs = new BullmqBatchDispatchJobs(queue);
  });
  afterAll(async () => {
    await queue?.close();
    await redis.kill();
  });

  it('runs single payouts added after a batch backlog before the rest of the backlog', async () => {
    const batch = Array.from({ length: 50 }, (_, i) => `item-${i}`);
    await jobs.enqueue(batch);
    expect(await jobs.waiting()).toBe(50);
    await singleAdd('single-1', 1);
    await singleAdd('single-2', 2);
    // Un-prioritized jobs are not counted as the batch's.
    expect(await jobs.waiting()).toBe(50);

    const ran: string[] = [];
    const worker = new Worker(
      'dispatch',
      async (job) => {
        ran.push((job.data as { payoutId: string }).payoutId);
        if (ran.length === 5) await singleAdd('single-3', 3);
      },
      { prefix: QUEUE_PREFIX, connection: connection(), concurrency: 1 },
    );
    try {
      await waitUntil(async () => ran.length === 53, 10_000, 'every job to run');
    } finally {
      await worker.close();
    }
    // The two singles first; the third, added while the batch ran, right after the job that was running then.
    expect(ran.slice(0, 2)).toEqual(['single-1', 'single-2']);
    expect(ran.indexOf('single-3')).toBeLessThanOrEqual(6);
    // The batch's own order is kept (FIFO within its priority).
    expect(ran.filter((id) => id.startsWith('item-'))).toEqual(batch);
    const done = await queue.getJobs(['completed']);
    expect(done.filter((job) => job.opts.priority === BATCH_ITEM_PRIORITY)).toHaveLength(50);
  });

  it('adds no second job for an item whose job still waits (the payout deduplication)', async () => {
    await jobs.enqueue(['item-x']);
    await jobs.enqueue(['item-x']);
    await singleAdd('item-x', 99);
    expect(await jobs.waiting()).toBe(1);
    expect(await queue.getWaitingCount()).toBe(0);
  });
});
