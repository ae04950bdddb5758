import type { PayoutStatus } from './payout-status';
import { MANUAL_REVIEW_SCHEDULE, SUBMITTING_SCHEDULE, type PollSchedule } from './poll-schedule';

/**
 * The lifecycle spec's schedule for a payout in `status` at a provider (before POLL_TIME_SCALE): one table for
 * dispatch, which sets the first check, and the poller, which sets the next ones. Undefined where nothing is polled.
 * `processing`: the provider's own schedule for that status, as its adapter declares it.
 */
export function scheduleForStatus(status: PayoutStatus, processing: PollSchedule): PollSchedule | undefined {
  switch (status) {
    case 'submitting':
      return SUBMITTING_SCHEDULE;
    case 'processing':
      return processing;
    case 'manual_review':
      return MANUAL_REVIEW_SCHEDULE;
    default:
      return undefined;
  }
}
