import type { ThrottlerStorage } from '@nestjs/throttler';
import type { BudgetHit, BudgetRecord } from './request-budget.storage';

interface Window {
  endsAt: number;
  hits: number;
  blockedUntil: number;
}

/** Idle windows are dropped at most this often, on the request that finds the time has come (no timer to stop). */
const SWEEP_EVERY_MS = 60_000;

/**
 * Request budgets counted in this process's memory, with the fixed window the shared (Redis) budgets use: `limit`
 * hits per `ttl`, then refused for `blockDuration`. For the per-address budget of routes without an API key (provider
 * webhooks, /ops pages): a Redis round trip on every webhook cost more than the budget is worth, since it only has to
 * stop a flood before it reaches a signature check or the database, which a per-process count does as well. With N
 * api processes an address may send up to N × the limit. O(1) per request, unlike @nestjs/throttler's in-memory store,
 * which keeps and filters one timestamp per hit in the window.
 */
export class LocalRequestBudget implements ThrottlerStorage {
  private readonly windows = new Map<string, Window>();
  private nextSweepAt = 0;

  increment(...[key, ttl, limit, blockDuration, throttlerName]: BudgetHit): Promise<BudgetRecord> {
    const now = Date.now();
    this.sweep(now);
    const id = `${throttlerName}:${key}`;
    let window = this.windows.get(id);
    if (!window || (window.endsAt <= now && window.blockedUntil <= now)) {
      window = { endsAt: now + ttl, hits: 0, blockedUntil: 0 };
      this.windows.set(id, window);
    }
    if (window.blockedUntil > now) {
      return Promise.resolve(record(window, now, true));
    }
    window.hits += 1;
    if (window.hits > limit) window.blockedUntil = now + blockDuration;
    return Promise.resolve(record(window, now, window.blockedUntil > now));
  }

  /** Forgets every count (tests start each case with full budgets). */
  clear(): void {
    this.windows.clear();
  }

  private sweep(now: number): void {
    if (now < this.nextSweepAt) return;
    this.nextSweepAt = now + SWEEP_EVERY_MS;
    for (const [id, window] of this.windows) {
      if (window.endsAt <= now && window.blockedUntil <= now) this.windows.delete(id);
    }
  }
}

function record(window: Window, now: number, isBlocked: boolean): BudgetRecord {
  return {
    totalHits: window.hits,
    timeToExpire: Math.max(0, Math.ceil((window.endsAt - now) / 1000)),
    isBlocked,
    timeToBlockExpire: isBlocked ? Math.max(1, Math.ceil((window.blockedUntil - now) / 1000)) : 0,
  };
}
