import type { TimerSet } from '../server/timer-set';

/** Fires each outcome one webhook delay after the previous one (61: sent, then returned after another delay). */
export function scheduleOutcomes<T>(
  timers: TimerSet,
  delayMs: number,
  outcomes: readonly T[],
  emit: (outcome: T) => void,
): void {
  outcomes.forEach((outcome, index) => timers.after(delayMs * (index + 1), () => emit(outcome)));
}
