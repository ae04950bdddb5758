import { scaledMs } from '@libs/platform/time';

const SECOND = 1_000;
const HOUR = 3_600 * SECOND;

/**
 * Backoff between callback tries, before POLL_TIME_SCALE: 5 s after the first failure, four times longer after each
 * next one (20 s, 80 s, ~5 min, ~21 min, ~85 min, ~6 h), then every 8 h. Over 72 h that is about 15 tries, dense at
 * first, when a receiver is most likely to come back from a deploy or a blip.
 */
export const CALLBACK_RETRY = { firstDelayMs: 5 * SECOND, factor: 4, maxDelayMs: 8 * HOUR } as const;

/** The delay after `failedTries` failed tries (1 = the first one failed), unscaled. */
export function retryDelayMs(failedTries: number): number {
  if (!Number.isSafeInteger(failedTries) || failedTries < 1) throw new RangeError('failedTries must be >= 1');
  const exponent = Math.min(failedTries - 1, 30);
  return Math.min(CALLBACK_RETRY.firstDelayMs * CALLBACK_RETRY.factor ** exponent, CALLBACK_RETRY.maxDelayMs);
}

export interface NextTryParams {
  /** Tries made so far, the one that just failed included. */
  failedTries: number;
  now: Date;
  /** When retrying stops: the first try plus the retry period (both scaled). */
  retryUntil: Date;
  /** POLL_TIME_SCALE. */
  timeScale: number;
}

/**
 * When to try again after a failure, or `undefined` once the retry period is over. The last try falls exactly on
 * the end of the period rather than up to a whole interval before it.
 */
export function nextTryAt({ failedTries, now, retryUntil, timeScale }: NextTryParams): Date | undefined {
  if (now.getTime() >= retryUntil.getTime()) return undefined;
  const delayMs = scaledMs(retryDelayMs(failedTries), timeScale, 1);
  return new Date(Math.min(now.getTime() + delayMs, retryUntil.getTime()));
}
