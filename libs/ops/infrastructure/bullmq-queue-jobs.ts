import type { Queue } from 'bullmq';
import type Redis from 'ioredis';
import { requireRedis } from '@libs/platform/redis';
import type { QueueJobFacts, QueueJobs } from '../application';

/**
 * QueueJobs over the api's BullMQ queues (registered by QueuesModule; nothing consumes them in the api). Their
 * connection waits for an unreachable Redis, so a look-up first asks `failFast` (the FAIL_FAST_REDIS client): while
 * Redis is down the retry is refused at once with 503 service_unavailable.
 */
export class BullMqQueueJobs implements QueueJobs {
  private readonly byName: ReadonlyMap<string, Queue>;

  constructor(
    queues: readonly Queue[],
    private readonly failFast: Redis,
  ) {
    this.byName = new Map(queues.map((queue) => [queue.name, queue]));
  }

  queueNames(): readonly string[] {
    return [...this.byName.keys()];
  }

  async find(queue: string, jobId: string): Promise<QueueJobFacts | undefined> {
    await requireRedis('retrying a queue job', () => this.failFast.ping());
    const job = await this.byName.get(queue)?.getJob(jobId);
    if (!job) return undefined;
    const payoutId = (job.data as { payoutId?: unknown } | null)?.payoutId;
    return {
      name: job.name,
      state: await job.getState(),
      failedReason: job.failedReason ?? null,
      attemptsMade: job.attemptsMade,
      payoutId: typeof payoutId === 'string' ? payoutId : null,
    };
  }

  async retryFailed(queue: string, jobId: string): Promise<boolean> {
    const job = await this.byName.get(queue)?.getJob(jobId);
    if (!job) return false;
    try {
      // BullMQ checks the state in its script: a job that left `failed` since find() is not moved.
      await job.retry('failed');
      return true;
    } catch (error) {
      if ((await job.getState()) === 'failed') throw error;
      return false;
    }
  }
}
