import { Inject, Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { ScheduledProcessor, ScheduledWorkerHost, type ScheduledJob } from '@libs/platform/queues';
import { ReleaseScheduledPayouts } from './application/release-scheduled-payouts';
import { payoutsConfig } from './payouts.config';

export const PAYOUT_RELEASE_QUEUE = 'payout-release' as const;
/** Releases the scheduled payouts whose time has come (a BullMQ job scheduler; the work is in Postgres rows). */
export const RELEASE_SCHEDULED_PAYOUTS_JOB = 'release-scheduled-payouts';

/** The one consumer of the `payout-release` queue. Overlapping ticks share the due payouts by SKIP LOCKED. */
@ScheduledProcessor(PAYOUT_RELEASE_QUEUE, { concurrency: 1 })
export class PayoutReleaseProcessor extends ScheduledWorkerHost {
  protected readonly logger = new Logger('PayoutRelease');

  constructor(@Inject(ReleaseScheduledPayouts) private readonly release: ReleaseScheduledPayouts) {
    super();
  }

  protected scheduledJobs(): ScheduledJob[] {
    return [{ name: RELEASE_SCHEDULED_PAYOUTS_JOB, everyMs: this.config.get(payoutsConfig).scheduleReleaseIntervalMs }];
  }

  async process(job: Job): Promise<unknown> {
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
