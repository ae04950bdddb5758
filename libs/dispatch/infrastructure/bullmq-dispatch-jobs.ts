import type { Queue } from 'bullmq';
import { DISPATCH_PAYOUT_JOB, dispatchPayoutDeduplication } from '@libs/payouts';
import type { DispatchJobs, ResubmitJob } from '../application';

export const RESUBMIT_ATTEMPT_JOB = 'resubmit-attempt';
export const REAP_DISPATCHES_JOB = 'reap-dispatches';

/** Jobs dispatch adds to its own queue. A job id that exists already makes the add a no-op. */
export class BullmqDispatchJobs implements DispatchJobs {
  constructor(private readonly queue: Queue) {}

  async resubmit(job: ResubmitJob, options: { delayMs: number; jobId: string }): Promise<void> {
    await this.queue.add(RESUBMIT_ATTEMPT_JOB, { ...job }, { jobId: options.jobId, delay: options.delayMs });
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
