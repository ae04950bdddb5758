import { Inject, Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { ScheduledProcessor, ScheduledWorkerHost, type ScheduledJob } from '@libs/platform/queues';
import { PurgeProviderBodies } from './application/purge-provider-bodies';
import { retentionConfig } from './retention.config';

export const RETENTION_QUEUE = 'retention' as const;
/** Seals provider bodies still in clear and drops those past PROVIDER_BODY_RETENTION (a BullMQ job scheduler). */
export const SWEEP_PROVIDER_BODIES_JOB = 'sweep-provider-bodies';

/** The one consumer of the `retention` queue. */
@ScheduledProcessor(RETENTION_QUEUE, { concurrency: 1 })
export class RetentionProcessor extends ScheduledWorkerHost {
  protected readonly logger = new Logger('Retention');

  constructor(@Inject(PurgeProviderBodies) private readonly sweep: PurgeProviderBodies) {
    super();
  }

  protected scheduledJobs(): ScheduledJob[] {
    return [{ name: SWEEP_PROVIDER_BODIES_JOB, everyMs: this.config.get(retentionConfig).providerBodySweepIntervalMs }];
  }

  async process(job: Job): Promise<unknown> {
    if (job.name !== SWEEP_PROVIDER_BODIES_JOB) {
      this.logger.warn({ jobId: job.id, jobName: job.name }, 'unknown job on the retention queue; dropped');
      return { status: 'unknown_job' };
    }
    const results = await this.sweep.run(new Date());
    for (const result of results) {
      if (result.sealed + result.purged > 0) {
        this.logger.log({ ...result }, `provider bodies: ${result.sealed} sealed, ${result.purged} purged`);
      }
    }
    return results;
  }
}
