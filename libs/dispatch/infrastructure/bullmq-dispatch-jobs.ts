import type { Queue } from 'bullmq';
import { DISPATCH_PAYOUT_JOB, dispatchPayoutDeduplication } from '@libs/payouts';
import type { BatchDispatchJobs, DispatchJobs, ResubmitJob } from '../application';

export const RESUBMIT_ATTEMPT_JOB = 'resubmit-attempt';
export const REAP_DISPATCHES_JOB = 'reap-dispatches';

/**
 * The BullMQ `deduplication` of every `resubmit-attempt` job, whoever adds it (the retry after an ambiguous answer,
 * the reaper after a worker died). While one resend of the attempt waits or is delayed, another add is a no-op: the
 * reaper, which sees only running jobs (through the lease), no longer queues a second resend behind a delayed retry.
 * An add while one runs (the running resend scheduling its own next retry) is kept and added, with its delay, once the
 * running one finishes (`keepLastIfActive`).
 */
export const resubmitDeduplication = (attemptId: string): { id: string; keepLastIfActive: true } => ({
  id: `${RESUBMIT_ATTEMPT_JOB}:${attemptId}`,
  keepLastIfActive: true,
});

/** Jobs dispatch adds to its own queue. A job id that exists already makes the add a no-op. */
export class BullmqDispatchJobs implements DispatchJobs {
  constructor(private readonly queue: Queue) {}

  async resubmit(job: ResubmitJob, options: { delayMs: number; jobId: string }): Promise<void> {
    await this.queue.add(
      RESUBMIT_ATTEMPT_JOB,
      { ...job },
      { jobId: options.jobId, delay: options.delayMs, deduplication: resubmitDeduplication(job.attemptId) },
    );
  }

  /** A no-op while a dispatch job of the payout waits (e.g. its outbox job behind a backlog): see the deduplication. */
  async redispatch(payoutId: string, jobId: string): Promise<void> {
    await this.queue.add(
      DISPATCH_PAYOUT_JOB,
      { payoutId },
      { jobId, deduplication: dispatchPayoutDeduplication(payoutId) },
    );
  }
}

/**
 * The BullMQ priority of a batch item's dispatch job. Any priority puts a job behind every job without one (BullMQ runs
 * un-prioritized jobs first: https://docs.bullmq.io/guide/jobs/prioritized), and a single payout's job has none; among
 * batch items FIFO, so the feeder's turn order holds.
 */
export const BATCH_ITEM_PRIORITY = 10;

/** The batch feeder's jobs: `dispatch-payout` like any other, prioritized, with the payout's deduplication. */
export class BullmqBatchDispatchJobs implements BatchDispatchJobs {
  constructor(private readonly queue: Queue) {}

  async waiting(): Promise<number> {
    const counts = await this.queue.getCountsPerPriority([BATCH_ITEM_PRIORITY]);
    return counts[String(BATCH_ITEM_PRIORITY)] ?? 0;
  }

  async enqueue(payoutIds: readonly string[]): Promise<void> {
    await this.queue.addBulk(
      payoutIds.map((payoutId) => ({
        name: DISPATCH_PAYOUT_JOB,
        data: { payoutId },
        opts: { priority: BATCH_ITEM_PRIORITY, deduplication: dispatchPayoutDeduplication(payoutId) },
      })),
    );
  }
}
