import { Inject, Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { ScheduledProcessor, ScheduledWorkerHost, type ScheduledJob } from '@libs/platform/queues';
import { RefreshProviderBalances } from './application';
import { dispatchConfig } from './dispatch.config';

export const PROVIDER_BALANCES_QUEUE = 'provider-balances' as const;
/** Reads every provider balance that has a read (a BullMQ job scheduler, every BALANCE_REFRESH_INTERVAL scaled). */
export const REFRESH_PROVIDER_BALANCES_JOB = 'refresh-provider-balances';

/** The one consumer of the `provider-balances` queue. */
@ScheduledProcessor(PROVIDER_BALANCES_QUEUE, { concurrency: 1 })
export class BalanceRefreshProcessor extends ScheduledWorkerHost {
  protected readonly logger = new Logger('ProviderBalances');

  constructor(@Inject(RefreshProviderBalances) private readonly refresh: RefreshProviderBalances) {
    super();
  }

  protected scheduledJobs(): ScheduledJob[] {
    return [{ name: REFRESH_PROVIDER_BALANCES_JOB, everyMs: this.config.get(dispatchConfig).balanceRefreshIntervalMs }];
  }

  async process(job: Job): Promise<unknown> {
    if (job.name !== REFRESH_PROVIDER_BALANCES_JOB) {
      this.logger.warn({ jobId: job.id, jobName: job.name }, 'unknown job on the provider-balances queue; dropped');
      return { status: 'unknown_job' };
    }
    return this.refresh.run();
  }
}
