import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { ConfigService, platformConfig } from '@libs/platform/config';
import { JobSchedulerKeeper } from '@libs/platform/queues';
import { MIN_REPEAT_INTERVAL_MS, scaledMs } from '@libs/platform/time';
import { PurgeProviderBodies } from './application/purge-provider-bodies';
import { retentionConfig } from './retention.config';

export const RETENTION_QUEUE = 'retention' as const;
/** Seals provider bodies still in clear and drops those past PROVIDER_BODY_RETENTION (a BullMQ job scheduler). */
export const SWEEP_PROVIDER_BODIES_JOB = 'sweep-provider-bodies';

/** The one consumer of the `retention` queue. */
@Processor(RETENTION_QUEUE, { concurrency: 1 })
export class RetentionProcessor extends WorkerHost implements OnApplicationBootstrap, OnApplicationShutdown {
  private schedulers?: JobSchedulerKeeper;
  private readonly logger = new Logger('Retention');

  constructor(
    @Inject(PurgeProviderBodies) private readonly sweep: PurgeProviderBodies,
    @InjectQueue(RETENTION_QUEUE) private readonly queue: Queue,
    @Inject(ConfigService) private readonly config: ConfigService,
  ) {
    super();
  }

  onApplicationShutdown(): void {
    this.schedulers?.stop();
  }

  /** Every worker upserts the same scheduler: one sweep per interval, whichever worker takes it. */
  async onApplicationBootstrap(): Promise<void> {
    const every = scaledMs(
      this.config.get(retentionConfig).providerBodySweepIntervalMs,
      this.config.get(platformConfig).pollTimeScale,
      MIN_REPEAT_INTERVAL_MS,
    );
    this.schedulers = new JobSchedulerKeeper(
      async () => {
        await this.queue.upsertJobScheduler(
          SWEEP_PROVIDER_BODIES_JOB,
          { every },
          {
            name: SWEEP_PROVIDER_BODIES_JOB,
            data: {},
            opts: { attempts: 1, removeOnComplete: true, removeOnFail: 100 },
          },
        );
      },
      (error) => this.logger.warn({ err: error }, 're-registering job schedulers failed; retried on the next tick'),
    );
    await this.schedulers.start();
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
