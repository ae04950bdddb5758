import { scaledMs } from '@libs/platform/time';
import { slotOffsetMs } from '@libs/payouts/domain';
import type { PollSchedule } from '@libs/payouts/domain';
import { formatAge } from './format-age';
import type { OpsPayoutRow } from './ops-store.port';

export interface ExplainParams {
  row: OpsPayoutRow;
  now: Date;
  /** The age from which the payout counts as stuck (its status's STUCK_AFTER, or the caller's olderThan). */
  thresholdMs: number;
  /** The threshold came from `olderThan`, not STUCK_AFTER. */
  isOlderThanQuery: boolean;
  /** What the poller runs for this status at this provider; undefined when nobody polls it. */
  schedule: PollSchedule | undefined;
  /** POLL_TIME_SCALE. */
  timeScale: number;
}

export interface StuckExplanation {
  /** Why it is on the list: how long in which status, and what that status waits for. */
  reason: string;
  /** What happens next without anyone acting: the next poll, how many the schedule has left, or "needs a person". */
  nextAction: string;
}

const NEEDS_A_PERSON = 'needs a person';

export function explainStuck(params: ExplainParams): StuckExplanation {
  const { row, now, thresholdMs } = params;
  const { payout } = row;
  const ageMs = now.getTime() - row.since.getTime();
  const limit = params.isOlderThanQuery
    ? `older than ${formatAge(thresholdMs)}`
    : `threshold ${formatAge(thresholdMs)}`;
  // A scheduled payout's clock starts at its release time (STUCK_SINCE_LATERAL): say so, not "in scheduled for".
  const age =
    payout.status === 'scheduled'
      ? `scheduled, ${formatAge(ageMs)} past its release time (${limit})`
      : payout.status === 'awaiting_approval'
        ? `awaiting approval, ${formatAge(ageMs)} past its approval deadline (${limit})`
        : `in ${payout.status} for ${formatAge(ageMs)} (${limit})`;
  const parts = [age, waitingFor(row)];
  if (payout.contradiction)
    parts.push(
      'a provider contradicted itself or us about this payout (e.g. money moved on an attempt we had proven not ' +
        'executed, so it may have been paid at two providers): check every attempt at its provider',
    );
  if (payout.needsAttention) parts.push('flagged for ops: the poll schedule ran out or an answer could not be applied');
  return { reason: parts.join('; '), nextAction: nextAction(params) };
}

function waitingFor({ payout, attempt }: OpsPayoutRow): string {
  const provider = attempt?.provider ?? payout.provider ?? 'the provider';
  switch (payout.status) {
    case 'awaiting_approval':
      return 'waiting for the worker to cancel it as approval_expired (its expiry job claims due payouts from Postgres)';
    case 'scheduled':
      return 'waiting for the worker to release it to pending (its release job claims due payouts from Postgres)';
    case 'pending':
      return payout.holdReason === 'insufficient_provider_balance'
        ? 'waiting for a provider balance: no provider’s balance covers it (a top-up releases it, oldest first; it ' +
            'fails after INSUFFICIENT_BALANCE_WAIT)'
        : 'not handed to a provider yet (routing found none, or the provider is paused, draining or out of budget)';
    case 'submitting':
      return `sent to ${provider} with an unknown outcome; only a lookup by our reference can settle it`;
    case 'processing':
      return `${provider} accepted it and has reported no outcome yet (no webhook; lookups say still processing)`;
    case 'manual_review':
      return `${provider} manual review: no webhook comes, only polling resolves it`;
    default:
      return `${payout.status} is not a status that waits`;
  }
}

function nextAction({ row, now, schedule, timeScale }: ExplainParams): string {
  const { payout } = row;
  const at = payout.nextCheckAt;
  if (payout.needsAttention) return NEEDS_A_PERSON;
  if (!at) return `${NEEDS_A_PERSON}: nothing is scheduled for it`;
  const when = at.getTime() <= now.getTime() ? `${at.toISOString()} (due now)` : at.toISOString();
  if (payout.status === 'scheduled') return `next release check at ${when}`;
  if (payout.status === 'awaiting_approval') return `next approval expiry check at ${when}`;
  if (payout.status === 'pending') return `next dispatch check at ${when}`;
  if (!row.attempt) return `${NEEDS_A_PERSON}: it has no live attempt to look up`;
  if (!schedule) return `next poll at ${when}`;
  const left = pollsLeft(schedule, row.since, now, timeScale);
  if (left === undefined)
    return `next poll at ${when}; then every ${formatAge(scaledMs(schedule.thenEveryMs ?? 0, timeScale))} until it settles`;
  if (left === 0) return `next poll at ${when}; the schedule has no polls left, then it ${NEEDS_A_PERSON}`;
  return `next poll at ${when}; ${left} poll${left === 1 ? '' : 's'} left in the schedule`;
}

/**
 * Checks of `schedule` still ahead, counted from when the payout entered its status (the poller also restarts the
 * schedule on a webhook, so this is an upper bound); undefined when the schedule never ends.
 */
export function pollsLeft(schedule: PollSchedule, since: Date, now: Date, timeScale: number): number | undefined {
  if (schedule.thenEveryMs !== undefined && schedule.giveUpAfterMs === undefined) return undefined;
  const elapsedMs = now.getTime() - since.getTime();
  let left = 0;
  for (let slot = 0; slot < 100_000; slot++) {
    const offsetMs = slotOffsetMs(schedule, slot);
    if (offsetMs === undefined) break;
    if (scaledMs(offsetMs, timeScale) > elapsedMs) left++;
  }
  return left;
}
