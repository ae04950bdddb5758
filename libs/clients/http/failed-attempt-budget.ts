import type { RequestBudgetStorage } from './request-budget.storage';

/**
 * How long this process trusts an answer of the shared store that an address is not blocked. Within it, a request
 * with a good key costs no Redis round trip for this check; a block set by another api process is
 * honoured here within this time, as a revoked key is (ACTIVE_KEY_TTL_MS). A block this process sees or sets is
 * honoured at once, for its whole duration.
 */
export const NOT_BLOCKED_TRUSTED_FOR_MS = 1_000;
/** Forgotten answers are dropped at most this often, on the call that finds the time has come (no timer to stop). */
const SWEEP_EVERY_MS = 60_000;

interface Known {
  at: number;
  blockedUntil: number;
}

/**
 * A per-address budget of failed attempts (unknown API keys, wrong ops logins). Only failures count, so a client
 * that authenticates never spends it; once spent, the address is refused before its next attempt costs a key lookup,
 * until the window is over. The counts are shared (RequestBudgetStorage); whether an address is blocked is
 * remembered in this process (NOT_BLOCKED_TRUSTED_FOR_MS).
 */
export class FailedAttemptBudget {
  private readonly known = new Map<string, Known>();
  private nextSweepAt = 0;

  constructor(
    private readonly storage: RequestBudgetStorage,
    readonly name: string,
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** Seconds until `address` may try again; 0 while it has attempts left. */
  async retryAfterSeconds(address: string): Promise<number> {
    const now = Date.now();
    const known = this.known.get(address);
    if (known && known.blockedUntil > now) return Math.ceil((known.blockedUntil - now) / 1000);
    if (known && now - known.at < NOT_BLOCKED_TRUSTED_FOR_MS) return 0;
    const seconds = await this.storage.blockedForSeconds(this.keyOf(address), this.name);
    this.remember(address, now, seconds);
    return seconds;
  }

  /** Counts a failure; returns the seconds to wait when this one spent the budget, else 0. */
  async recordFailure(address: string): Promise<number> {
    const now = Date.now();
    const record = await this.storage.increment(
      this.keyOf(address),
      this.windowMs,
      this.limit,
      this.windowMs,
      this.name,
    );
    const seconds = record.isBlocked ? Math.max(1, record.timeToBlockExpire) : 0;
    this.remember(address, now, seconds);
    return seconds;
  }

  /** Forgets what this process knows (tests that reset the shared counts start each case afresh). */
  forget(): void {
    this.known.clear();
  }

  private remember(address: string, now: number, blockedSeconds: number): void {
    if (now >= this.nextSweepAt) {
      this.nextSweepAt = now + SWEEP_EVERY_MS;
      for (const [known, entry] of this.known) {
        if (entry.blockedUntil <= now && now - entry.at >= NOT_BLOCKED_TRUSTED_FOR_MS) this.known.delete(known);
      }
    }
    this.known.set(address, { at: now, blockedUntil: blockedSeconds > 0 ? now + blockedSeconds * 1000 : 0 });
  }

  private keyOf(address: string): string {
    return `payouts:throttle:${this.name}:${address}`;
  }
}
