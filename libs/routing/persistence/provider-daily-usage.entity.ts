import { Check, Column, Entity, PrimaryColumn } from 'typeorm';
import { nullableAmountTransformer } from './amount.transformer';

/**
 * What each provider took on one Europe/Istanbul calendar day: the amounts of that day's attempts that are not
 * rejected. Written only by the `provider_daily_usage_track` trigger on payout_attempts (migration 1796540000000),
 * which also refuses an attempt past the provider's daily limit; routing only reads it.
 */
@Entity({ name: 'provider_daily_usage' })
@Check('provider_daily_usage_used_not_negative', 'used >= 0')
export class ProviderDailyUsageEntity {
  @PrimaryColumn('text', { primaryKeyConstraintName: 'provider_daily_usage_pkey' })
  provider!: string;

  @PrimaryColumn('date', { primaryKeyConstraintName: 'provider_daily_usage_pkey' })
  day!: string;

  @Column('bigint', { transformer: nullableAmountTransformer })
  used!: bigint;
}
