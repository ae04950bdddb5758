import { Check, Column, Entity, PrimaryColumn } from 'typeorm';
import { nullableAmountTransformer } from './amount.transformer';

/**
 * What an admin set for a provider. No row means: enabled, not draining, the adapter's own amount limits, no daily
 * limit. Limits here can only narrow the adapter's (checked when they are written).
 */
@Entity({ name: 'provider_settings' })
@Check('provider_settings_amounts_positive', 'min_amount > 0 AND max_amount > 0 AND daily_limit > 0')
@Check('provider_settings_min_max', 'min_amount <= max_amount')
@Check('provider_settings_version_positive', 'version > 0')
@Check('provider_settings_low_balance_threshold_check', 'low_balance_threshold >= 0')
export class ProviderSettingsEntity {
  @PrimaryColumn('text', { primaryKeyConstraintName: 'provider_settings_pkey' })
  provider!: string;

  @Column('boolean')
  enabled!: boolean;

  /** Takes no new payouts; the ones in flight are still polled. */
  @Column('boolean')
  drain!: boolean;

  @Column('bigint', { name: 'min_amount', nullable: true, transformer: nullableAmountTransformer })
  minAmount!: bigint | null;

  @Column('bigint', { name: 'max_amount', nullable: true, transformer: nullableAmountTransformer })
  maxAmount!: bigint | null;

  @Column('bigint', { name: 'daily_limit', nullable: true, transformer: nullableAmountTransformer })
  dailyLimit!: bigint | null;

  /** A known balance under it is low (metric payout_provider_balance_low, its alert); null = never low. */
  @Column('bigint', { name: 'low_balance_threshold', nullable: true, transformer: nullableAmountTransformer })
  lowBalanceThreshold!: bigint | null;

  @Column('integer')
  version!: number;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
