import { Inject, Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { ScheduledProcessor, ScheduledWorkerHost, type ScheduledJob } from '@libs/platform/queues';
import { systemClock } from '@libs/platform/time';
import { ProcessWebhook } from './application/process-webhook';
import { SweepWebhookInbox } from './application/sweep-webhook-inbox';
import { PROCESS_WEBHOOK_JOB, SWEEP_WEBHOOK_INBOX_JOB, WEBHOOK_INBOX_QUEUE } from './application/webhook-jobs';
import { webhooksConfig } from './webhooks.config';

/**
 * The one consumer of the `webhook-inbox` queue: the scheduled sweep of waiting rows, and `process-webhook` jobs an
 * older api wrote (new rows are claimed from Postgres by WebhookInboxClaimer).
 */
@ScheduledProcessor(WEBHOOK_INBOX_QUEUE, { concurrency: 8 })
export class WebhookInboxProcessor extends ScheduledWorkerHost {
  protected readonly logger = new Logger('WebhookInbox');

  constructor(
    @Inject(ProcessWebhook) private readonly processWebhook: ProcessWebhook,
    @Inject(SweepWebhookInbox) private readonly sweep: SweepWebhookInbox,
  ) {
    super();
  }

  protected scheduledJobs(): ScheduledJob[] {
    return [{ name: SWEEP_WEBHOOK_INBOX_JOB, everyMs: this.config.get(webhooksConfig).sweepIntervalMs }];
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name) {
      case PROCESS_WEBHOOK_JOB: {
        const inboxId = (job.data as { inboxId?: unknown }).inboxId;
        if (typeof inboxId !== 'string' || !/^\d+$/.test(inboxId)) {
          this.logger.warn({ jobId: job.id }, 'process-webhook job without a valid inboxId; dropped');
          return { status: 'invalid' };
        }
        return { status: await this.processWebhook.execute(inboxId, systemClock) };
      }
      case SWEEP_WEBHOOK_INBOX_JOB: {
        const result = await this.sweep.run(systemClock);
        for (const failure of result.failures) {
          this.logger.warn(
            { inboxId: failure.inboxId, err: failure.error },
            'webhook processing failed; it is retried',
          );
        }
        return { claimed: result.claimed, failed: result.failures.length };
      }
      default:
        this.logger.warn({ jobId: job.id, jobName: job.name }, 'unknown job on the webhook-inbox queue; dropped');
        return { status: 'unknown_job' };
    }
  }
}
