import type { OpsConsoleStore } from './ops-console.port';

/** One provider's balance as the console shows it (money-movement.md). */
export interface OpsProviderBalance {
  provider: string;
  /** The last known balance; null while unknown (unknown is not zero). */
  balance: { amount: bigint; currency: string; asOf: Date; source: 'submission' | 'read' } | null;
  lowBalanceThreshold: bigint | null;
  /** Known and under the threshold. */
  low: boolean;
  /** The last answer whose balance could not be read (stored, flagged, never used). */
  unreadable: { at: Date; reason: string } | null;
}

export interface OpsBalances {
  /** Every registered provider, by name. */
  providers: OpsProviderBalance[];
  /** Payouts waiting in pending for a provider balance (hold_reason insufficient_provider_balance). */
  held: number;
  /** When the longest of those holds began; null without any. */
  oldestHeldSince: Date | null;
}

/** The console's provider balances section. */
export class ReadOpsBalances {
  constructor(private readonly store: Pick<OpsConsoleStore, 'providerBalances'>) {}

  execute(): Promise<OpsBalances> {
    return this.store.providerBalances();
  }
}
