import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DelayedError, Worker, type Job, type Queue } from 'bullmq';
import type Redis from 'ioredis';
import { DISPATCH_PAYOUT_JOB } from '@libs/payouts';
import type { DispatchPayout, ReapDispatches, ResubmitAttempt, ResubmitJob } from './application';
import { REAP_DISPATCHES_JOB, RESUBMIT_ATTEMPT_JOB } from './infrastructure/bullmq-dispatch-jobs';
import { closeWorkerQuickly, JobSchedulerKeeper } from '@libs/platform/queues';

export interface DispatchProcessorOptions {
  concurrency: number;
  /** BullMQ lock; also the stalled-job check interval, so a killed worker's job is taken over after about this. */
  jobLockMs: number;
  reaperIntervalMs: number;
  /** The shared Redis client: at shutdown, whether it answers decides between a graceful and a forced close. */
  redis: Redis;
}

export interface DispatchHandlers {
  dispatch: DispatchPayout;
  resubmit: ResubmitAttempt;
  reap: ReapDispatches;
}

const REAPER_SCHEDULER_ID = 'dispatch-reaper';
// A job that a dying worker held more often than this is failed by BullMQ; the reaper still finds its payout.
const MAX_STALLED_COUNT = 5;
// A dispatch that finds its payout held by another job (e.g. the failover job of a dispatch still finishing) waits
// this long and looks again, rather than leaving the payout to the reaper's slower round.
const BUSY_RETRY_MS = 1_000;

const stringField = (data: unknown, field: string): string => {
  const value = (data as Record<string, unknown> | null)?.[field];
  if (typeof value !== 'string' || value === '') throw new Error(`job data has no ${field}`);
  return value;
};

function resubmitJob(data: unknown): ResubmitJob {
  const retry = (data as Record<string, unknown> | null)?.retry;
  if (typeof retry !== 'number' || !Number.isSafeInteger(retry) || retry < 0) throw new Error('job data has no retry');
  return { payoutId: stringField(data, 'payoutId'), attemptId: stringField(data, 'attemptId'), retry };
}

/**
 * The `dispatch` queue's consumer: parses each job and calls one use case. A plain BullMQ Worker rather than
 * @Processor, because its concurrency and lock come from configuration. Also keeps the reaper's job scheduler.
 */
export class DispatchProcessor implements OnApplicationBootstrap, OnApplicationShutdown {
  private schedulers?: JobSchedulerKeeper;
  private readonly logger = new Logger('Dispatch');
  private worker?: Worker;

  constructor(
    private readonly queue: Queue,
    private readonly handlers: DispatchHandlers,
    private readonly options: DispatchProcessorOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.worker = new Worker(this.queue.name, (job, token) => this.process(job, token), {
      connection: this.queue.opts.connection,
      prefix: this.queue.opts.prefix,
      concurrency: this.options.concurrency,
      lockDuration: this.options.jobLockMs,
      stalledInterval: this.options.jobLockMs,
      maxStalledCount: MAX_STALLED_COUNT,
    });
    this.worker.on('failed', (job, error) =>
      this.logger.warn({ jobId: job?.id, jobName: job?.name, err: error }, 'dispatch job failed; BullMQ retries it'),
    );
    this.worker.on('error', (error) => this.logger.warn({ err: error }, 'dispatch worker error'));
    this.schedulers = JobSchedulerKeeper.of(
      this.queue,
      [{ name: REAP_DISPATCHES_JOB, everyMs: this.options.reaperIntervalMs, schedulerId: REAPER_SCHEDULER_ID }],
      this.logger,
    );
    await this.schedulers.start();
  }

  async onApplicationShutdown(): Promise<void> {
    this.schedulers?.stop();
    if (this.worker) await closeWorkerQuickly(this.worker, this.options.redis);
  }

  async process(job: Job, token?: string): Promise<unknown> {
    switch (job.name) {
      case DISPATCH_PAYOUT_JOB: {
        const result = await this.handlers.dispatch.execute(stringField(job.data, 'payoutId'));
        if (result !== 'busy') return result;
        await job.moveToDelayed(Date.now() + BUSY_RETRY_MS, token);
        throw new DelayedError();
      }
      case RESUBMIT_ATTEMPT_JOB:
        return this.handlers.resubmit.execute(resubmitJob(job.data));
      case REAP_DISPATCHES_JOB:
        return this.handlers.reap.execute();
      default:
        this.logger.warn({ jobId: job.id, jobName: job.name }, 'unknown job on the dispatch queue; ignored');
        return 'unknown_job';
    }
  }
}
