import { scaledMs } from '@libs/platform/time';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;

/** Orphans: the attempt usually shows up within seconds (the submit answer is being recorded), rarely much later. */
export const ORPHAN_RETRY_DELAYS_MS: readonly number[] = [
  SECOND,
  5 * SECOND,
  30 * SECOND,
  MINUTE,
  5 * MINUTE,
  15 * MINUTE,
];

/** Lookups that do not confirm a webhook yet: the provider's record usually catches up within minutes. */
export const CONFIRM_RETRY_DELAYS_MS: readonly number[] = [5 * SECOND, 15 * SECOND, 30 * SECOND, MINUTE, 5 * MINUTE];

export interface RetryParams {
  delaysMs: readonly number[];
  /** Tries made so far, this one included (1 after the first). */
  tries: number;
  /** When the row was received; no retry is planned beyond `receivedAt + giveUpAfterMs` (both scaled). */
  receivedAt: Date;
  giveUpAfterMs: number;
  now: Date;
  /** POLL_TIME_SCALE. */
  timeScale: number;
}

/**
 * When to try an inbox row again: the delay for this try (the last delay repeats), scaled; undefined once the retry
 * period is over, so the row stays where ops can see it instead of being tried for ever.
 */
export function nextRetryAt(params: RetryParams): Date | undefined {
  const { delaysMs, tries, receivedAt, giveUpAfterMs, now, timeScale } = params;
  if (delaysMs.length === 0) return undefined;
  const delayMs = scaledMs(delaysMs[Math.min(Math.max(tries, 1), delaysMs.length) - 1], timeScale, 1);
  const at = new Date(now.getTime() + delayMs);
  const limit = receivedAt.getTime() + scaledMs(giveUpAfterMs, timeScale);
  return at.getTime() > limit ? undefined : at;
}
