import type { PayoutStatus } from '@libs/payouts/domain';
import type { ProviderCapabilities } from '@libs/providers/contract';
import type { PollSchedule } from '@libs/payouts/domain';
import { scaledMs } from '@libs/platform/time';
import { nextCheck, scheduleForStatus } from '@libs/payouts/domain';

/** The statuses the poller looks up at the provider; `pending` belongs to dispatch, terminal ones to nobody. */
export const POLLED_STATUSES = ['submitting', 'processing', 'manual_review'] as const satisfies readonly PayoutStatus[];
export type PolledStatus = (typeof POLLED_STATUSES)[number];
export const isPolled = (status: PayoutStatus): status is PolledStatus =>
  (POLLED_STATUSES as readonly PayoutStatus[]).includes(status);

/** A payout sent back to `pending` (failover) is looked at by dispatch's sweeper this long after, if its job is lost. */
export const PENDING_RECHECK_MS = 30_000;

/** The lifecycle spec's schedule for a status at this provider (before POLL_TIME_SCALE). */
export function scheduleFor(status: PolledStatus, capabilities: ProviderCapabilities): PollSchedule {
  return scheduleForStatus(status, capabilities.processingPollSchedule) as PollSchedule;
}

export interface CheckPlanParams {
  status: PayoutStatus;
  capabilities: ProviderCapabilities;
  /** When the schedule started: entering the status, or the last webhook. */
  since: Date;
  /** A lookup was just made under this schedule (false: the schedule starts now, nothing checked yet). */
  afterCheck: boolean;
  now: Date;
  /** POLL_TIME_SCALE. */
  timeScale: number;
  /** How long after an exhausted schedule to look once more (before scaling). */
  lookAgainMs: number;
}

export interface CheckPlan {
  at: Date;
  /** The schedule ran out: the payout needs attention, and is still looked at now and then (never auto-failed). */
  exhausted: boolean;
}

/** The next look for a payout in `status`; undefined for statuses nobody polls. */
export function planNextCheck(params: CheckPlanParams): CheckPlan | undefined {
  const { status, now, timeScale } = params;
  if (status === 'pending')
    return { at: new Date(now.getTime() + scaledMs(PENDING_RECHECK_MS, timeScale)), exhausted: false };
  if (!isPolled(status)) return undefined;
  const next = nextCheck({
    schedule: scheduleFor(status, params.capabilities),
    pollCount: params.afterCheck ? 1 : 0,
    since: params.since,
    now,
    timeScale,
  });
  if ('exhausted' in next) {
    return { at: new Date(now.getTime() + scaledMs(params.lookAgainMs, timeScale, 1)), exhausted: true };
  }
  return { at: next.at, exhausted: false };
}
