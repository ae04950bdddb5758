import { Inject, Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { ScheduledProcessor, ScheduledWorkerHost, type ScheduledJob } from '@libs/platform/queues';
import { ExpireUnapprovedPayouts } from './application/expire-unapproved-payouts';
import { ReleaseScheduledPayouts } from './application/release-scheduled-payouts';
import { payoutsConfig } from './payouts.config';

export const PAYOUT_RELEASE_QUEUE = 'payout-release' as const;
/** Releases the scheduled payouts whose time has come (a BullMQ job scheduler; the work is in Postgres rows). */
export const RELEASE_SCHEDULED_PAYOUTS_JOB = 'release-scheduled-payouts';
/** Cancels the payouts still awaiting approval past their deadline (approval_expired), from rows as well. */
export const EXPIRE_UNAPPROVED_PAYOUTS_JOB = 'expire-unapproved-payouts';

/**
 * The one consumer of the `payout-release` queue: the payouts lib's timed status changes (the release of scheduled
 * payouts, the expiry of unapproved ones), each its own job scheduler. Overlapping ticks share the due payouts by
 * SKIP LOCKED.
 */
@ScheduledProcessor(PAYOUT_RELEASE_QUEUE, { concurrency: 1 })
export class PayoutReleaseProcessor extends ScheduledWorkerHost {
  protected readonly logger = new Logger('PayoutRelease');

  constructor(
    @Inject(ReleaseScheduledPayouts) private readonly release: ReleaseScheduledPayouts,
    @Inject(ExpireUnapprovedPayouts) private readonly expiry: ExpireUnapprovedPayouts,
  ) {
    super();
  }

  protected scheduledJobs(): ScheduledJob[] {
    const everyMs = this.config.get(payoutsConfig).scheduleReleaseIntervalMs;
    return [
      { name: RELEASE_SCHEDULED_PAYOUTS_JOB, everyMs },
      { name: EXPIRE_UNAPPROVED_PAYOUTS_JOB, everyMs },
    ];
  }

  async process(job: Job): Promise<unknown> {
    if (job.name === EXPIRE_UNAPPROVED_PAYOUTS_JOB) {
      const run = await this.expiry.run();
      for (const failure of run.failures) {
        this.logger.warn({ payoutId: failure.payoutId, err: failure.error }, 'expiry failed; retried after its lease');
      }
      return { claimed: run.claimed, expired: run.expired, failed: run.failures.length };
    }
    if (job.name !== RELEASE_SCHEDULED_PAYOUTS_JOB) {
      this.logger.warn({ jobId: job.id, jobName: job.name }, 'unknown job on the payout-release queue; dropped');
      return { status: 'unknown_job' };
    }
    const run = await this.release.run();
    for (const failure of run.failures) {
      this.logger.warn({ payoutId: failure.payoutId, err: failure.error }, 'release failed; retried after its lease');
    }
    return { claimed: run.claimed, released: run.released, failed: run.failures.length };
  }
}
