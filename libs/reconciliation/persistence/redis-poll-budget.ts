import type { RateBudget } from '@libs/providers/contract';
import type { PollBudget } from '../application/poll-store.port';

const WINDOW_MS = 60_000;

/**
 * The poller's share of each provider's per-minute budget, in a window of its own shared by every worker. The
 * adapters still take from the provider's whole budget on every request, so polling can never exceed it; the share
 * keeps some of it free for submissions, which use the same API key.
 */
export class SharedPollBudget implements PollBudget {
  constructor(
    private readonly budget: RateBudget,
    /** Fraction of a provider's requests per minute the poller may use (0..1]. */
    private readonly share: number,
  ) {}

  limitFor(requestsPerMinute: number | undefined): number | undefined {
    return requestsPerMinute === undefined ? undefined : Math.max(1, Math.floor(requestsPerMinute * this.share));
  }

  async take(
    provider: string,
    requestsPerMinute: number | undefined,
  ): Promise<{ granted: true } | { granted: false; retryInMs: number }> {
    const limit = this.limitFor(requestsPerMinute);
    if (limit === undefined) return { granted: true };
    return this.budget.tryTake(`poll:${provider}`, limit, WINDOW_MS);
  }
}
