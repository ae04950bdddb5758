import { Inject, Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { ScheduledProcessor, ScheduledWorkerHost, type ScheduledJob } from '@libs/platform/queues';
import { FeedBatchItems } from './application';
import { dispatchConfig } from './dispatch.config';

export const BATCH_FEED_QUEUE = 'batch-feed' as const;
/** Tops the waiting batch-item dispatch jobs up to the window (a BullMQ job scheduler; the work is in Postgres rows). */
export const FEED_BATCH_ITEMS_JOB = 'feed-batch-items';

/** The one consumer of the `batch-feed` queue. Overlapping ticks share the due items by SKIP LOCKED. */
@ScheduledProcessor(BATCH_FEED_QUEUE, { concurrency: 1 })
export class BatchFeedProcessor extends ScheduledWorkerHost {
  protected readonly logger = new Logger('BatchFeed');

  constructor(@Inject(FeedBatchItems) private readonly feed: FeedBatchItems) {
    super();
  }

  protected scheduledJobs(): ScheduledJob[] {
    return [{ name: FEED_BATCH_ITEMS_JOB, everyMs: this.config.get(dispatchConfig).batchFeedIntervalMs }];
  }

  async process(job: Job): Promise<unknown> {
    if (job.name !== FEED_BATCH_ITEMS_JOB) {
      this.logger.warn({ jobId: job.id, jobName: job.name }, 'unknown job on the batch-feed queue; dropped');
      return { status: 'unknown_job' };
    }
    return this.feed.run();
  }
}
