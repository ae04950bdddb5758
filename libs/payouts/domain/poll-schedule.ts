import { scaledMs } from '@libs/platform/time';

/**
 * When to look a payout up at its provider. `stepsMs` are successive intervals: check k (0-based) is due
 * stepsMs[0] + … + stepsMs[k] after the schedule started. After the steps, one check every `thenEveryMs`; without it,
 * the schedule is exhausted. No check is scheduled beyond `giveUpAfterMs`, but one falls exactly on it, so the
 * last look happens at the limit and not up to an interval before. Adapters declare their processing schedule
 * with it (ProviderCapabilities.processingPollSchedule); nextCheck runs it.
 */
export interface PollSchedule {
  stepsMs: readonly number[];
  thenEveryMs?: number;
  giveUpAfterMs?: number;
}

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** From submission: has the provider got our reference? Then ops (needs_attention): never auto-failed. */
export const SUBMITTING_SCHEDULE: PollSchedule = { stepsMs: [30 * SECOND, 1 * MINUTE, 5 * MINUTE, 15 * MINUTE] };

/** From entering manual_review; no webhook ever comes, and after 72 h the payout needs attention. */
export const MANUAL_REVIEW_SCHEDULE: PollSchedule = {
  stepsMs: [5 * MINUTE, 15 * MINUTE, 30 * MINUTE],
  thenEveryMs: HOUR,
  giveUpAfterMs: 72 * HOUR,
};

export interface NextCheckParams {
  schedule: PollSchedule;
  /** Checks done since `since`. A webhook restarts the schedule: since = its time, pollCount = 0. */
  pollCount: number;
  /** When the schedule started: entering the status, or the last webhook. */
  since: Date;
  now: Date;
  /** Multiplies every delay (POLL_TIME_SCALE): 0.01 runs the schedule 100 times sooner. */
  timeScale: number;
}

export type NextCheck = { at: Date } | { exhausted: true };

/**
 * The next check of `schedule`. Before the first check, an overdue one is due now. After a check, the next is the
 * first slot after `now`: a check that ran late covers the slots it overran, so a backlog never turns into
 * back-to-back lookups that eat the provider's rate budget.
 */
export function nextCheck(params: NextCheckParams): NextCheck {
  const { schedule, pollCount, since, now, timeScale } = params;
  assertValid(schedule, pollCount, timeScale);
  const elapsedMs = now.getTime() - since.getTime();
  const at = (offsetMs: number): Date => new Date(since.getTime() + scaledMs(offsetMs, timeScale));

  if (pollCount === 0) {
    const first = slotOffsetMs(schedule, 0);
    if (first === undefined) return { exhausted: true };
    return { at: new Date(Math.max(at(first).getTime(), now.getTime())) };
  }
  for (let slot = firstSlotToTry(schedule, pollCount, elapsedMs / timeScale); ; slot++) {
    const offsetMs = slotOffsetMs(schedule, slot);
    if (offsetMs === undefined) return { exhausted: true };
    if (at(offsetMs).getTime() > now.getTime()) return { at: at(offsetMs) };
  }
}

/** Offset of check `slot` from the start, unscaled; undefined when the schedule has no such check. */
export function slotOffsetMs(schedule: PollSchedule, slot: number): number | undefined {
  const raw = rawOffsetMs(schedule, slot);
  const limit = schedule.giveUpAfterMs;
  if (raw === undefined || limit === undefined || raw <= limit) return raw;
  const previous = slot === 0 ? 0 : (rawOffsetMs(schedule, slot - 1) ?? limit);
  return previous < limit ? limit : undefined;
}

function rawOffsetMs({ stepsMs, thenEveryMs }: PollSchedule, slot: number): number | undefined {
  if (slot < stepsMs.length) return stepsMs.slice(0, slot + 1).reduce((sum, step) => sum + step, 0);
  if (thenEveryMs === undefined) return undefined;
  const allStepsMs = stepsMs.reduce((sum, step) => sum + step, 0);
  return allStepsMs + (slot - stepsMs.length + 1) * thenEveryMs;
}

// Jumps over the hourly tail instead of walking it slot by slot; the loop above then moves at most a step or two.
function firstSlotToTry({ stepsMs, thenEveryMs }: PollSchedule, pollCount: number, elapsedUnscaledMs: number): number {
  const allStepsMs = stepsMs.reduce((sum, step) => sum + step, 0);
  if (thenEveryMs === undefined || elapsedUnscaledMs <= allStepsMs) return pollCount;
  const tailSlot = stepsMs.length - 1 + Math.floor((elapsedUnscaledMs - allStepsMs) / thenEveryMs);
  return Math.max(pollCount, tailSlot);
}

/** Why a schedule cannot be used, for config validation; empty when it is fine. */
export function pollScheduleProblems(schedule: PollSchedule): string[] {
  const problems: string[] = [];
  const isDelay = (ms: number): boolean => Number.isSafeInteger(ms) && ms > 0;
  if (!schedule.stepsMs.every(isDelay)) problems.push('every step must be a whole number of milliseconds above 0');
  if (schedule.thenEveryMs !== undefined && !isDelay(schedule.thenEveryMs)) {
    problems.push('thenEveryMs must be a whole number of milliseconds above 0');
  }
  if (schedule.giveUpAfterMs !== undefined && !isDelay(schedule.giveUpAfterMs)) {
    problems.push('giveUpAfterMs must be a whole number of milliseconds above 0');
  }
  return problems;
}

function assertValid(schedule: PollSchedule, pollCount: number, timeScale: number): void {
  const problems = pollScheduleProblems(schedule);
  if (!Number.isSafeInteger(pollCount) || pollCount < 0) problems.push('pollCount must be a whole number >= 0');
  if (!Number.isFinite(timeScale) || timeScale <= 0) problems.push('timeScale must be above 0');
  if (problems.length > 0) throw new RangeError(`invalid poll schedule: ${problems.join('; ')}`);
}
