import { Inject, Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { ScheduledProcessor, ScheduledWorkerHost, type ScheduledJob } from '@libs/platform/queues';
import { systemClock } from '@libs/platform/time';
import { PollDueAttempts } from './application/poll-due-attempts';
import { SweepMissedWebhooks } from './application/sweep-missed-webhooks';
import { reconciliationConfig } from './reconciliation.config';

export const RECONCILIATION_QUEUE = 'reconciliation' as const;
/** One poll cycle over the due payouts (a BullMQ job scheduler). */
export const POLL_DUE_PAYOUTS_JOB = 'poll-due-payouts';
/** Lists and replays provider webhooks that were never delivered (a BullMQ job scheduler). */
export const SWEEP_MISSED_WEBHOOKS_JOB = 'sweep-missed-webhooks';

/** The one consumer of the `reconciliation` queue. */
@ScheduledProcessor(RECONCILIATION_QUEUE, { concurrency: 2 })
export class ReconciliationProcessor extends ScheduledWorkerHost {
  protected readonly logger = new Logger('Reconciliation');

  constructor(
    @Inject(PollDueAttempts) private readonly poll: PollDueAttempts,
    @Inject(SweepMissedWebhooks) private readonly missedWebhooks: SweepMissedWebhooks,
  ) {
    super();
  }

  /** Overlapping ticks of the poll share the due payouts by SKIP LOCKED. */
  protected scheduledJobs(): ScheduledJob[] {
    const settings = this.config.get(reconciliationConfig);
    return [
      { name: POLL_DUE_PAYOUTS_JOB, everyMs: settings.pollIntervalMs },
      { name: SWEEP_MISSED_WEBHOOKS_JOB, everyMs: settings.missedWebhooksIntervalMs },
    ];
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name) {
      case POLL_DUE_PAYOUTS_JOB: {
        const result = await this.poll.run(systemClock);
        for (const failure of result.failures) {
          this.logger.warn(
            { payoutId: failure.payoutId, err: failure.error },
            'poll of a payout failed; retried after its lease',
          );
        }
        return {
          claimed: result.claimed,
          polled: result.polled,
          deferred: result.deferred,
          failed: result.failures.length,
        };
      }
      case SWEEP_MISSED_WEBHOOKS_JOB: {
        const results = await this.missedWebhooks.run();
        for (const result of results.filter((r) => r.error !== undefined)) {
          this.logger.warn(
            { provider: result.provider, err: result.error },
            'missed-webhook sweep failed; next run retries',
          );
        }
        return results.map(({ error: _error, ...counts }) => counts);
      }
      default:
        this.logger.warn({ jobId: job.id, jobName: job.name }, 'unknown job on the reconciliation queue; dropped');
        return { status: 'unknown_job' };
    }
  }
}
