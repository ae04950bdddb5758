import type { RetryClock } from './retry-policy';

export type RateTake = { granted: true } | { granted: false; retryInMs: number };

/**
 * A request budget shared by every process that uses the same key (one provider API key): at most `limit` requests
 * in any `windowMs`. Implementations: Redis (production, across processes) and in-memory (unit tests).
 */
export interface RateBudget {
  tryTake(key: string, limit: number, windowMs: number): Promise<RateTake>;
}

export interface RateLimit {
  key: string;
  limit: number;
  windowMs: number;
  /** How long a call may wait for a slot before it reports `rate_limited` instead. */
  maxWaitMs: number;
}

/** Waits for a slot up to `maxWaitMs`; false = the budget stayed spent (a caller reports `rate_limited`). */
export async function takeWithin(budget: RateBudget, limit: RateLimit, clock: RetryClock): Promise<boolean> {
  const deadline = clock.now() + limit.maxWaitMs;
  for (;;) {
    const take = await budget.tryTake(limit.key, limit.limit, limit.windowMs);
    if (take.granted) return true;
    const waitMs = Math.max(1, take.retryInMs) + Math.round(clock.random() * 25);
    if (clock.now() + waitMs > deadline) return false;
    await clock.sleep(waitMs);
  }
}

/** A sliding window in one process's memory: for unit tests and single-process tools only. */
export class InMemoryRateBudget implements RateBudget {
  private readonly taken = new Map<string, number[]>();

  constructor(private readonly now: () => number = Date.now) {}

  async tryTake(key: string, limit: number, windowMs: number): Promise<RateTake> {
    const now = this.now();
    const recent = (this.taken.get(key) ?? []).filter((at) => at > now - windowMs);
    this.taken.set(key, recent);
    if (recent.length < limit) {
      recent.push(now);
      return { granted: true };
    }
    return { granted: false, retryInMs: recent[0] + windowMs - now };
  }
}
