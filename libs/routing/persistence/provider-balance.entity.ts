import { Check, Column, Entity, PrimaryColumn } from 'typeorm';
import { nullableAmountTransformer } from './amount.transformer';

/**
 * The last known sending balance of each provider (money-movement.md), from a send's answer (`submission`) or a
 * balance call (`read`). An answer whose balance could not be read is flagged in the `unreadable_*` columns and never
 * replaces the known one: unknown is not zero.
 */
@Entity({ name: 'provider_balances' })
@Check('provider_balances_source_check', "source IN ('submission', 'read')")
@Check('provider_balances_unreadable_source_check', "unreadable_source IN ('submission', 'read')")
@Check(
  'provider_balances_known_check',
  '(amount IS NULL) = (currency IS NULL)\n          AND (amount IS NULL) = (as_of IS NULL) AND (amount IS NULL) = (source IS NULL)',
)
export class ProviderBalanceEntity {
  @PrimaryColumn('text', { primaryKeyConstraintName: 'provider_balances_pkey' })
  provider!: string;

  /** Minor units. */
  @Column('bigint', { nullable: true, transformer: nullableAmountTransformer })
  amount!: bigint | null;

  @Column('text', { nullable: true })
  currency!: string | null;

  /** When the provider's answer stated it. */
  @Column('timestamptz', { name: 'as_of', nullable: true })
  asOf!: Date | null;

  @Column('text', { nullable: true })
  source!: 'submission' | 'read' | null;

  @Column('timestamptz', { name: 'unreadable_at', nullable: true })
  unreadableAt!: Date | null;

  @Column('text', { name: 'unreadable_source', nullable: true })
  unreadableSource!: 'submission' | 'read' | null;

  @Column('text', { name: 'unreadable_reason', nullable: true })
  unreadableReason!: string | null;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
