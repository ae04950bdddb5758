import type { OutboxMessage } from './outbox-message';

/** Hand a payout to dispatch (routing + submission). A later issue adds the consumer. */
export const DISPATCH_PAYOUT_JOB = 'dispatch-payout';
export interface DispatchPayoutJob {
  payoutId: string;
}

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
