import type { EntityManager } from 'typeorm';
import type { BalanceSource, ProviderBalanceRows, StoredProviderBalance } from '../application/provider-balances.port';
import type { KnownBalance } from '../domain';

export interface BalanceRow {
  provider: string;
  amount: string | null;
  currency: string | null;
  as_of: Date | null;
  source: BalanceSource | null;
  unreadable_at: Date | null;
  unreadable_source: BalanceSource | null;
  unreadable_reason: string | null;
}

export const toStored = (row: BalanceRow): StoredProviderBalance => ({
  provider: row.provider,
  known:
    row.amount !== null && row.currency !== null && row.as_of !== null && row.source !== null
      ? { amount: BigInt(row.amount), currency: row.currency, asOf: row.as_of, source: row.source }
      : null,
  unreadable:
    row.unreadable_at !== null && row.unreadable_source !== null
      ? { at: row.unreadable_at, source: row.unreadable_source, reason: row.unreadable_reason ?? '' }
      : null,
});

export const BALANCES_SQL = 'SELECT * FROM provider_balances ORDER BY provider';

/** provider_balances: one row per provider that ever reported a balance. Each write is one statement. */
export class ProviderBalanceRepository implements ProviderBalanceRows {
  constructor(private readonly manager: EntityManager) {}

  async list(): Promise<StoredProviderBalance[]> {
    const rows: BalanceRow[] = await this.manager.query(BALANCES_SQL);
    return rows.map(toStored);
  }

  async recordKnown(
    provider: string,
    balance: KnownBalance,
    source: BalanceSource,
    asOf: Date,
  ): Promise<{ recorded: boolean; previous: KnownBalance | null }> {
    // The CTE reads the row as it was before this statement: what the new balance replaces.
    const rows: { previous_amount: string | null; previous_currency: string | null }[] = await this.manager.query(
      `WITH previous AS (SELECT amount, currency FROM provider_balances WHERE provider = $1)
       INSERT INTO provider_balances AS b (provider, amount, currency, as_of, source, updated_at)
       VALUES ($1, $2, $3, $4, $5, $4)
       ON CONFLICT (provider) DO UPDATE SET amount = EXCLUDED.amount, currency = EXCLUDED.currency,
         as_of = EXCLUDED.as_of, source = EXCLUDED.source, updated_at = EXCLUDED.updated_at
       WHERE b.as_of IS NULL OR b.as_of <= EXCLUDED.as_of
       RETURNING (SELECT amount FROM previous) AS previous_amount, (SELECT currency FROM previous) AS previous_currency`,
      [provider, balance.amount.toString(), balance.currency, asOf, source],
    );
    const row = rows[0];
    if (row === undefined) return { recorded: false, previous: null };
    return {
      recorded: true,
      previous:
        row.previous_amount !== null && row.previous_currency !== null
          ? { amount: BigInt(row.previous_amount), currency: row.previous_currency }
          : null,
    };
  }

  async recordUnreadable(provider: string, reason: string, source: BalanceSource, at: Date): Promise<void> {
    await this.manager.query(
      `INSERT INTO provider_balances AS b (provider, unreadable_at, unreadable_source, unreadable_reason, updated_at)
       VALUES ($1, $2, $3, $4, $2)
       ON CONFLICT (provider) DO UPDATE SET unreadable_at = EXCLUDED.unreadable_at,
         unreadable_source = EXCLUDED.unreadable_source, unreadable_reason = EXCLUDED.unreadable_reason,
         updated_at = EXCLUDED.updated_at`,
      [provider, at, source, reason.slice(0, 500)],
    );
  }
}
