import { nextCheck, scheduleForStatus, type PayoutStatus } from '@libs/payouts/domain';
import type { ProviderCapabilities } from '@libs/providers/contract';

/** A check is never scheduled sooner than this, however small POLL_TIME_SCALE is: a lookup needs time to mean anything. */
const MIN_DELAY_MS = 1_000;

/**
 * When reconciliation should first look at a payout dispatch leaves in `status`: the lifecycle's poll schedules,
 * scaled, from now. Undefined for statuses without a check (terminal ones, whose next check is cleared anyway).
 */
export function firstCheckAt(
  status: PayoutStatus,
  capabilities: Pick<ProviderCapabilities, 'processingPollSchedule'>,
  now: Date,
  timeScale: number,
): Date | undefined {
  const schedule = scheduleForStatus(status, capabilities.processingPollSchedule);
  if (schedule === undefined) return undefined;
  const next = nextCheck({ schedule, pollCount: 0, since: now, now, timeScale });
  if (!('at' in next)) return undefined;
  return new Date(Math.max(next.at.getTime(), now.getTime() + MIN_DELAY_MS));
}
