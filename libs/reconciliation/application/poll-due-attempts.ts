import { claimLeased, inLanes } from '@libs/platform/async';
import type { Clock } from '@libs/platform/time';
import type { ClaimedPayout, PollBudget, PollMetrics, PollStore } from './poll-store.port';
import type { ProviderLookup, ReconcileAttempt } from './reconcile-attempt';

export interface PollRunOptions {
  batchSize: number;
  /** How long a claimed payout stays hidden from other pollers (covers one lookup, retries included). */
  leaseMs: number;
  /** Lookups in flight at once per provider. */
  concurrency: number;
  /** How far a payout is pushed when its provider's budget was spent before its turn. */
  budgetBackoffMs: number;
}

export interface PollRunResult {
  claimed: number;
  polled: number;
  /** Claimed but given back because the provider's budget was spent. */
  deferred: number;
  /** Lookups that threw; their payouts come back when the lease ends. */
  failures: { payoutId: string; error: unknown }[];
}

/**
 * One poll cycle: claim the due payouts (a batch, rows other workers hold are skipped), then per provider look them
 * up within its polling budget. Once a provider's budget is spent, the rest of its batch is given back for later;
 * other providers go on.
 */
export class PollDueAttempts {
  constructor(
    private readonly polls: PollStore,
    private readonly reconcile: ReconcileAttempt,
    private readonly providers: ProviderLookup,
    private readonly budget: PollBudget,
    private readonly metrics: PollMetrics,
    private readonly options: PollRunOptions,
  ) {}

  async run(clock: Clock): Promise<PollRunResult> {
    const now = clock.now();
    const claimed = await claimLeased(this.polls, now, {
      limit: this.options.batchSize,
      leaseMs: this.options.leaseMs,
    });
    const byProvider = new Map<string, ClaimedPayout[]>();
    for (const payout of claimed) {
      // No live attempt: no provider to ask; ReconcileAttempt flags it for ops.
      const provider = payout.provider ?? '';
      byProvider.set(provider, [...(byProvider.get(provider) ?? []), payout]);
    }
    const results = await Promise.all(
      [...byProvider].map(([provider, payouts]) => this.pollProvider(provider, payouts, clock)),
    );
    return {
      claimed: claimed.length,
      polled: results.reduce((sum, r) => sum + r.polled, 0),
      deferred: results.reduce((sum, r) => sum + r.deferred, 0),
      failures: results.flatMap((r) => r.failures),
    };
  }

  private async pollProvider(
    providerName: string,
    payouts: readonly ClaimedPayout[],
    clock: Clock,
  ): Promise<Omit<PollRunResult, 'claimed'>> {
    const requestsPerMinute = this.providers.find(providerName)?.capabilities.requestsPerMinute;
    const deferred: string[] = [];
    const failures: PollRunResult['failures'] = [];
    let polled = 0;
    let retryInMs = this.options.budgetBackoffMs;
    let spent = false;
    await inLanes(payouts, this.options.concurrency, async (payout) => {
      if (spent) {
        deferred.push(payout.payoutId);
        return;
      }
      const take = await this.budget.take(providerName, requestsPerMinute);
      if (!take.granted) {
        spent = true;
        retryInMs = Math.max(retryInMs, take.retryInMs);
        deferred.push(payout.payoutId);
        return;
      }
      this.metrics.budgetTaken(providerName, requestsPerMinute);
      try {
        const result = await this.reconcile.execute(payout.payoutId, clock);
        if (result.kind === 'rate_limited') {
          // The adapter's own budget (shared with submissions) was spent: stop asking this provider for now.
          spent = true;
          deferred.push(payout.payoutId);
        } else if (result.kind !== 'skipped') polled++;
      } catch (error) {
        this.metrics.polled(providerName, 'error');
        failures.push({ payoutId: payout.payoutId, error });
      }
    });
    if (deferred.length > 0) {
      this.metrics.polled(providerName, 'budget_spent');
      await this.polls.release(deferred, new Date(clock.now().getTime() + retryInMs));
    }
    return { polled, deferred: deferred.length, failures };
  }
}
