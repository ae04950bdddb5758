import type { RequestBudgetStorage } from './request-budget.storage';

/**
 * A per-address budget of failed attempts (unknown API keys, wrong ops logins). Only failures count, so a client
 * that authenticates never spends it; once spent, the address is refused before its next attempt costs a key lookup,
 * until the window is over.
 */
export class FailedAttemptBudget {
  constructor(
    private readonly storage: RequestBudgetStorage,
    readonly name: string,
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** Seconds until `address` may try again; 0 while it has attempts left. */
  retryAfterSeconds(address: string): Promise<number> {
    return this.storage.blockedForSeconds(this.keyOf(address), this.name);
  }

  /** Counts a failure; returns the seconds to wait when this one spent the budget, else 0. */
  async recordFailure(address: string): Promise<number> {
    const record = await this.storage.increment(
      this.keyOf(address),
      this.windowMs,
      this.limit,
      this.windowMs,
      this.name,
    );
    return record.isBlocked ? Math.max(1, record.timeToBlockExpire) : 0;
  }

  private keyOf(address: string): string {
    return `payouts:throttle:${this.name}:${address}`;
  }
}
