import type { KnownBalance } from '../domain';

/** Where a balance was learned: a send's answer, or the provider's balance call. */
export type BalanceSource = 'submission' | 'read';

/** provider_balances as read: the last known balance (or none) and the last answer whose balance was unreadable. */
export interface StoredProviderBalance {
  provider: string;
  known: (KnownBalance & { asOf: Date; source: BalanceSource }) | null;
  unreadable: { at: Date; source: BalanceSource; reason: string } | null;
}

export interface ProviderBalanceRows {
  list(): Promise<StoredProviderBalance[]>;
  /**
   * Upserts the provider's known balance unless a newer one is stored already (answers may arrive out of order).
   * `previous`: the known balance it replaced; `recorded`: false when the stored one was newer.
   */
  recordKnown(
    provider: string,
    balance: KnownBalance,
    source: BalanceSource,
    asOf: Date,
  ): Promise<{ recorded: boolean; previous: KnownBalance | null }>;
  /** Flags an answer whose balance could not be read; the known balance stays as it was. */
  recordUnreadable(provider: string, reason: string, source: BalanceSource, at: Date): Promise<void>;
}
