import type { EntityManager } from 'typeorm';
import type { ProviderSettings, ProviderSettingsChange, ProviderSettingsRows } from '../application';

export interface SettingsRow {
  provider: string;
  enabled: boolean;
  drain: boolean;
  min_amount: string | null;
  max_amount: string | null;
  daily_limit: string | null;
  low_balance_threshold: string | null;
  version: number;
  updated_at: Date;
}

const amount = (text: string | null): bigint | null => (text === null ? null : BigInt(text));

export const toSettings = (row: SettingsRow): ProviderSettings => ({
  provider: row.provider,
  enabled: row.enabled,
  drain: row.drain,
  minAmount: amount(row.min_amount),
  maxAmount: amount(row.max_amount),
  dailyLimit: amount(row.daily_limit),
  lowBalanceThreshold: amount(row.low_balance_threshold),
  version: row.version,
  updatedAt: row.updated_at,
});

export const SETTINGS_SQL = 'SELECT * FROM provider_settings ORDER BY provider';

/** provider_settings: one row per provider an admin has changed; none means the defaults. */
export class ProviderSettingsRepository implements ProviderSettingsRows {
  constructor(private readonly manager: EntityManager) {}

  async list(): Promise<ProviderSettings[]> {
    const rows: SettingsRow[] = await this.manager.query(SETTINGS_SQL);
    return rows.map(toSettings);
  }

  async lock(provider: string): Promise<ProviderSettings | undefined> {
    // The row may not exist yet: the advisory lock also serializes two first changes of the same provider.
    await this.manager.query(`SELECT pg_advisory_xact_lock(hashtext('provider_settings:' || $1))`, [provider]);
    const rows: SettingsRow[] = await this.manager.query(
      'SELECT * FROM provider_settings WHERE provider = $1 FOR UPDATE',
      [provider],
    );
    return rows[0] ? toSettings(rows[0]) : undefined;
  }

  async save(provider: string, change: ProviderSettingsChange, now: Date): Promise<ProviderSettings> {
    const rows: SettingsRow[] = await this.manager.query(
      `INSERT INTO provider_settings
         (provider, enabled, drain, min_amount, max_amount, daily_limit, low_balance_threshold, version, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $8, 1, $7)
       ON CONFLICT (provider) DO UPDATE SET enabled = EXCLUDED.enabled, drain = EXCLUDED.drain,
         min_amount = EXCLUDED.min_amount, max_amount = EXCLUDED.max_amount, daily_limit = EXCLUDED.daily_limit,
         low_balance_threshold = EXCLUDED.low_balance_threshold, version = provider_settings.version + 1, updated_at = EXCLUDED.updated_at
       RETURNING *`,
      [
        provider,
        change.enabled,
        change.drain,
        change.minAmount?.toString() ?? null,
        change.maxAmount?.toString() ?? null,
        change.dailyLimit?.toString() ?? null,
        now,
        change.lowBalanceThreshold?.toString() ?? null,
      ],
    );
    return toSettings(rows[0]);
  }
}
