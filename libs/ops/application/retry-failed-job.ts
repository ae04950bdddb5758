import { DomainValidationError, PayoutError } from '@libs/payouts/domain';
import type { Clock } from '@libs/platform/time';
import type { AuditLogStore } from '@libs/clients/application';
import type { OpsActor } from './ops-store.port';

/** A queue job as ops sees it before retrying it. */
export interface QueueJobFacts {
  name: string;
  /** BullMQ's state: failed, completed, waiting, active, delayed, prioritized, waiting-children, unknown. */
  state: string;
  failedReason: string | null;
  attemptsMade: number;
  /** The payout the job is about, when its payload names one. */
  payoutId: string | null;
}

/** The queues, as far as ops may touch them: look a job up, and put a failed one back unchanged. */
export interface QueueJobs {
  queueNames(): readonly string[];
  find(queue: string, jobId: string): Promise<QueueJobFacts | undefined>;
  /** Moves a failed job back to waiting with its name and payload untouched; false when it is no longer failed. */
  retryFailed(queue: string, jobId: string): Promise<boolean>;
}

export const RETRY_REASON_MAX_LENGTH = 500;

/**
 * POST /v1/ops/queues/{queue}/jobs/{id}/retry: the one thing ops may do to a job (the dashboard is read-only). Only a
 * failed job, and only as it was: the job runs through its own processor again, so a dispatch job reaches the provider
 * only through the send claim (a settled attempt or one past its idempotency retention is never sent again). Nothing
 * here adds a job or changes its payload. Audited with the actor and the reason, refused or not.
 */
export class RetryFailedJob {
  constructor(
    private readonly jobs: QueueJobs,
    private readonly audit: AuditLogStore,
    private readonly clock: Clock,
  ) {}

  async execute(queue: string, jobId: string, reasonInput: unknown, actor: OpsActor): Promise<QueueJobFacts> {
    const reason = reasonOrThrow(reasonInput);
    if (!this.jobs.queueNames().includes(queue)) throw new PayoutError('not_found', `no queue ${queue.slice(0, 64)}`);
    const job = await this.jobs.find(queue, jobId);
    if (!job) throw new PayoutError('not_found', `no job ${jobId.slice(0, 128)} on queue ${queue}`);
    const retried = job.state === 'failed' && (await this.jobs.retryFailed(queue, jobId));
    await this.audit.write(
      {
        actorClientId: actor.id,
        action: 'queue_job.retry',
        subjectType: 'queue_job',
        subjectId: `${queue}/${jobId}`,
        reason,
        details: {
          jobName: job.name,
          state: job.state,
          failedReason: job.failedReason,
          attemptsMade: job.attemptsMade,
          ...(job.payoutId ? { payoutId: job.payoutId } : {}),
          ...(retried ? {} : { refused: 'invalid_state' }),
        },
      },
      this.clock.now(),
    );
    if (!retried) {
      throw new PayoutError('invalid_state', `job ${jobId} is ${job.state}; only a failed job can be retried`);
    }
    return { ...job, state: 'waiting' };
  }
}

function reasonOrThrow(input: unknown): string {
  const text = typeof input === 'string' ? input.trim() : '';
  if (text === '') throw new DomainValidationError([{ field: 'reason', message: 'is required: say why' }]);
  if (text.length > RETRY_REASON_MAX_LENGTH) {
    throw new DomainValidationError([
      { field: 'reason', message: `must be at most ${RETRY_REASON_MAX_LENGTH} characters` },
    ]);
  }
  return text;
}
