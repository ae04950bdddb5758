import type { BalanceReport, PayoutProvider } from '@libs/providers/contract';
import type { BalanceSource, ProviderBalanceRows } from '@libs/routing/application';
import type { Clock } from '@libs/platform/time';
import type { DispatchWrites } from './dispatch.ports';

export type BalanceRecordResult = 'recorded' | 'topped_up' | 'stale' | 'unreadable';

/**
 * Keeps what a provider said about its sending balance (money-movement.md): a readable balance replaces the last known
 * one (one upsert, unless a newer one is stored); an unreadable one is flagged and changes nothing else (unknown is not
 * zero). A balance higher than the last known one (or the first) is a top-up: it releases the payouts waiting for one.
 */
export class RecordProviderBalance {
  constructor(
    private readonly rows: Pick<ProviderBalanceRows, 'recordKnown' | 'recordUnreadable'>,
    private readonly writes: Pick<DispatchWrites, 'releaseBalanceHolds'>,
  ) {}

  async execute(
    provider: string,
    report: BalanceReport,
    source: BalanceSource,
    at: Date,
  ): Promise<BalanceRecordResult> {
    if (report.kind === 'unreadable') {
      await this.rows.recordUnreadable(provider, report.reason, source, at);
      return 'unreadable';
    }
    const balance = { amount: report.amount, currency: report.currency };
    const { recorded, previous } = await this.rows.recordKnown(provider, balance, source, at);
    if (!recorded) return 'stale';
    const toppedUp = previous === null || previous.currency !== balance.currency || balance.amount > previous.amount;
    if (!toppedUp) return 'recorded';
    await this.writes.releaseBalanceHolds(at);
    return 'topped_up';
  }
}

export interface RefreshLogger {
  warn(details: object, message: string): void;
}

/** The scheduled refresh: reads the balance of every provider that has a balance call, and records it. */
export class RefreshProviderBalances {
  constructor(
    private readonly providers: () => readonly PayoutProvider[],
    private readonly record: RecordProviderBalance,
    private readonly clock: Clock,
    private readonly logger: RefreshLogger,
  ) {}

  async run(): Promise<Record<string, BalanceRecordResult | 'unavailable'>> {
    const results: Record<string, BalanceRecordResult | 'unavailable'> = {};
    for (const provider of this.providers()) {
      if (!provider.readBalance) continue;
      const outcome = await provider.readBalance();
      if (outcome.kind === 'unavailable') {
        this.logger.warn({ provider: provider.name, reason: outcome.reason }, 'provider balance could not be read');
        results[provider.name] = 'unavailable';
        continue;
      }
      results[provider.name] = await this.record.execute(provider.name, outcome, 'read', this.clock.now());
    }
    return results;
  }
}
