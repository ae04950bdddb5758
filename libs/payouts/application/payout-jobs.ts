import type { OutboxMessage } from './outbox-message';

/**
 * A pending payout whose dispatch job was lost is picked up by a sweeper this long after it became pending (before
 * POLL_TIME_SCALE): after its creation, or after its release when it was scheduled.
 */
export const FIRST_CHECK_AFTER_MS = 30_000;

/** Hand a payout to dispatch (routing + submission; libs/dispatch runs it). */
export const DISPATCH_PAYOUT_JOB = 'dispatch-payout';
export interface DispatchPayoutJob {
  payoutId: string;
}

/**
 * The BullMQ `deduplication` option of every `dispatch-payout` job, whoever adds it (the outbox relay for intake and
 * failover, the reaper). The job carries only the payout id and reads the payout when it runs, so while one is
 * waiting (or delayed) another add is a no-op: the reaper no longer queues a second job behind a backlog. An add while
 * one is running is kept and runs once after it (`keepLastIfActive`), so the failover a running job commits still
 * gets its job. A deduplication id rather than a fixed job id: a finished job keeps its id for an hour and would
 * swallow the next dispatch; the deduplication key goes when the job completes or fails.
 */
export const dispatchPayoutDeduplication = (payoutId: string): { id: string; keepLastIfActive: true } => ({
  id: `${DISPATCH_PAYOUT_JOB}:${payoutId}`,
  keepLastIfActive: true,
});

/** Tell a client with a callback URL about an applied status change (libs/notifications delivers it). */
export const PAYOUT_STATUS_CHANGED_JOB = 'payout-status-changed';
export interface PayoutStatusChangedJob {
  payoutId: string;
  clientId: string;
  /** The payout_events row of the change: the notification id and the body's snapshot come from it. */
  eventId: string;
  version: number;
  status: string;
}

/**
 * Tell the client that a provider contradicted what we told it (e.g. a success for an attempt we proved not executed:
 * money may have moved at two providers). Sent once per payout, when ops are flagged; type `payout.contradiction`.
 */
export const PAYOUT_CONTRADICTION_JOB = 'payout-contradiction';
export type PayoutContradictionJob = PayoutStatusChangedJob;

export const dispatchPayoutMessage = (job: DispatchPayoutJob): OutboxMessage => ({
  queue: 'dispatch',
  jobName: DISPATCH_PAYOUT_JOB,
  payload: { ...job },
});

export const statusChangedMessage = (job: PayoutStatusChangedJob): OutboxMessage => ({
  queue: 'notifications',
  jobName: PAYOUT_STATUS_CHANGED_JOB,
  payload: { ...job },
  forCallbackClient: job.clientId,
});

export const contradictionMessage = (job: PayoutContradictionJob): OutboxMessage => ({
  queue: 'notifications',
  jobName: PAYOUT_CONTRADICTION_JOB,
  payload: { ...job },
  forCallbackClient: job.clientId,
});
