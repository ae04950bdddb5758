import { Inject, Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { PAYOUT_CONTRADICTION_JOB, PAYOUT_STATUS_CHANGED_JOB } from '@libs/payouts';
import { ScheduledProcessor, ScheduledWorkerHost, type ScheduledJob } from '@libs/platform/queues';
import {
  DELIVER_NOTIFICATION_JOB,
  DeliverNotification,
  NOTIFICATIONS_QUEUE,
  RecordStatusChange,
  SWEEP_NOTIFICATIONS_JOB,
  SweepNotifications,
  type DeliverResult,
  type StatusChange,
} from './application';
import { CONTRADICTION_NOTIFICATION_TYPE } from './domain';
import { notificationsConfig } from './notifications.config';

const FOLLOW_UP_OPTIONS = { attempts: 3, backoff: { type: 'exponential', delay: 1_000 }, removeOnComplete: true };

/**
 * The one consumer of the `notifications` queue: a status change to deliver (from payouts' outbox), a delivery to
 * try again, or the sweep. Retries are delayed jobs for speed; the rows in Postgres are what keeps them (the sweep
 * finds any whose job was lost).
 */
@ScheduledProcessor(NOTIFICATIONS_QUEUE, { concurrency: 8 })
export class NotificationsProcessor extends ScheduledWorkerHost {
  protected readonly logger = new Logger('Notifications');

  constructor(
    @Inject(RecordStatusChange) private readonly record: RecordStatusChange,
    @Inject(DeliverNotification) private readonly deliver: DeliverNotification,
    @Inject(SweepNotifications) private readonly sweep: SweepNotifications,
  ) {
    super();
  }

  override async onApplicationBootstrap(): Promise<void> {
    this.worker.concurrency = this.config.get(notificationsConfig).concurrency;
    await super.onApplicationBootstrap();
  }

  protected scheduledJobs(): ScheduledJob[] {
    return [{ name: SWEEP_NOTIFICATIONS_JOB, everyMs: this.config.get(notificationsConfig).sweepIntervalMs }];
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name) {
      case PAYOUT_STATUS_CHANGED_JOB:
      case PAYOUT_CONTRADICTION_JOB: {
        const change = statusChangeOf(job.data);
        if (!change) return this.drop(job, `${job.name} job without valid fields`);
        const type = job.name === PAYOUT_CONTRADICTION_JOB ? CONTRADICTION_NOTIFICATION_TYPE : undefined;
        const deliveryId = await this.record.execute({ ...change, ...(type ? { type } : {}) });
        if (!deliveryId) return { status: 'no_callback' };
        return this.deliverOne(deliveryId);
      }
      case DELIVER_NOTIFICATION_JOB: {
        const deliveryId = (job.data as { deliveryId?: unknown }).deliveryId;
        if (typeof deliveryId !== 'string') return this.drop(job, 'deliver-notification job without a deliveryId');
        return this.deliverOne(deliveryId);
      }
      case SWEEP_NOTIFICATIONS_JOB: {
        const { created, results } = await this.sweep.run();
        for (const { deliveryId, result, error } of results) {
          if (error !== undefined) this.logger.warn({ deliveryId, err: error }, 'notification try failed; retried');
          if (result) await this.followUp(deliveryId, result);
        }
        return { created, tried: results.length };
      }
      default:
        return this.drop(job, 'unknown job on the notifications queue');
    }
  }

  private async deliverOne(deliveryId: string): Promise<{ status: DeliverResult['kind'] }> {
    const result = await this.deliver.execute(deliveryId);
    await this.followUp(deliveryId, result);
    return { status: result.kind };
  }

  /** Delayed jobs for what comes next; a failure here only slows things down, the sweep still finds the rows. */
  private async followUp(deliveryId: string, result: DeliverResult): Promise<void> {
    const jobs: { deliveryId: string; at: Date }[] = [];
    // A deferred change is woken when the change it waits for settles (below); the sweep is the net for the rest.
    if (result.kind === 'retrying') jobs.push({ deliveryId, at: result.retryAt });
    if (result.kind === 'given_up') this.logger.warn({ deliveryId }, 'notification given up after its retry period');
    if (result.kind === 'delivered' || result.kind === 'given_up') {
      const now = new Date();
      for (const id of result.wake) jobs.push({ deliveryId: id, at: now });
    }
    for (const next of jobs) {
      const delay = Math.max(0, next.at.getTime() - Date.now());
      await this.queue
        .add(
          DELIVER_NOTIFICATION_JOB,
          { deliveryId: next.deliveryId },
          {
            ...FOLLOW_UP_OPTIONS,
            jobId: `deliver-${next.deliveryId}-${next.at.getTime()}`,
            delay,
          },
        )
        .catch((error: unknown) =>
          this.logger.warn({ deliveryId: next.deliveryId, err: error }, 'could not enqueue a notification try'),
        );
    }
  }

  private drop(job: Job, why: string): { status: 'invalid' } {
    this.logger.warn({ jobId: job.id, jobName: job.name }, `${why}; dropped`);
    return { status: 'invalid' };
  }
}

function statusChangeOf(data: unknown): StatusChange | undefined {
  const job = data as Partial<Record<keyof StatusChange, unknown>>;
  const isText = (value: unknown): value is string => typeof value === 'string' && value.length > 0;
  if (!isText(job.clientId) || !isText(job.eventId) || !isText(job.payoutId) || !isText(job.status)) return undefined;
  if (typeof job.version !== 'number' || !Number.isSafeInteger(job.version)) return undefined;
  return {
    clientId: job.clientId,
    eventId: job.eventId,
    payoutId: job.payoutId,
    version: job.version,
    status: job.status,
  };
}
