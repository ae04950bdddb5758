import type { PayoutStatus } from '@libs/payouts/domain';
import { MANUAL_REVIEW_SCHEDULE, SUBMITTING_SCHEDULE, type PollSchedule } from './poll-schedule';

/** A provider's own `processing` schedule, as its adapter declares it. */
export interface ProcessingSchedule {
  stepsMs: readonly number[];
  thenEveryMs: number;
}

/**
 * The lifecycle spec's schedule for a payout in `status` at a provider (before POLL_TIME_SCALE): one table for
 * dispatch, which sets the first check, and the poller, which sets the next ones. Undefined where nothing is polled.
 */
export function scheduleForStatus(status: PayoutStatus, processing: ProcessingSchedule): PollSchedule | undefined {
  switch (status) {
    case 'submitting':
      return SUBMITTING_SCHEDULE;
    case 'processing':
      return { steps: processing.stepsMs, thenEveryMs: processing.thenEveryMs };
    case 'manual_review':
      return MANUAL_REVIEW_SCHEDULE;
    default:
      return undefined;
  }
}
