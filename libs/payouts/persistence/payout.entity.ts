import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ClientEntity } from '@libs/clients';
import { sqlLiteralList } from '@libs/platform/database';
import { HOLD_REASONS, IN_FLIGHT_STATUSES, PAYOUT_STATUSES, RAILS, type HoldReason, type Rail } from '../domain';
import { bigintTransformer } from './bigint.transformer';
import { sqlStatusList } from './payout.rows';

/**
 * One intent to pay one bank account. Full IBAN and national id are stored only sealed (pii-cipher.ts); the clear
 * columns hold what may be shown: the last four IBAN characters and the bank code. The list indexes are written
 * newest-first in the migration; TypeORM compares index names and columns only.
 */
@Entity({ name: 'payouts' })
@Check('payouts_status_check', `status IN (${sqlStatusList(PAYOUT_STATUSES)})`)
@Check('payouts_amount_positive', 'amount > 0')
@Check('payouts_version_positive', 'version > 0')
@Index('payouts_client_created_idx', ['clientId', 'createdAt', 'id'])
@Index('payouts_client_status_created_idx', ['clientId', 'status', 'createdAt', 'id'])
@Index('payouts_client_reference_idx', ['clientId', 'reference'])
@Index('payouts_created_idx', ['createdAt', 'id'])
@Index('payouts_provider_status_idx', ['provider', 'status'])
@Index('payouts_iban_last4_created_idx', ['ibanLast4', 'createdAt', 'id'])
@Index('payouts_next_check_idx', ['nextCheckAt'], {
  where: `status IN (${sqlStatusList(IN_FLIGHT_STATUSES)})`,
})
@Index('payouts_scheduled_due_idx', ['nextCheckAt'], { where: "status = 'scheduled'" })
@Check('payouts_batch_item_check', '(batch_id IS NULL) = (item_reference IS NULL)')
@Check('payouts_rail_check', `rail IN (${sqlLiteralList(RAILS)})`)
@Check('payouts_hold_reason_check', `hold_reason IN (${sqlLiteralList(HOLD_REASONS)})`)
@Index('payouts_batch_item_reference_idx', ['batchId', 'itemReference'], {
  unique: true,
  where: 'batch_id IS NOT NULL',
})
@Index('payouts_batch_status_idx', ['batchId', 'status', 'id'], { where: 'batch_id IS NOT NULL' })
@Index('payouts_approval_due_idx', ['nextCheckAt'], { where: "status = 'awaiting_approval'" })
@Index('payouts_awaiting_approval_idx', ['createdAt', 'id'], { where: "status = 'awaiting_approval'" })
// The batch feeder's scan (libs/dispatch BatchFeedQueries): one batch's pending items by when they may be fed.
@Index('payouts_batch_pending_due_idx', ['batchId', 'nextCheckAt'], {
  where: "status = 'pending' AND batch_id IS NOT NULL",
})
// A top-up's release of payouts held for a provider balance, oldest first (libs/dispatch).
@Index('payouts_balance_hold_idx', ['createdAt', 'id'], {
  where: "status = 'pending' AND hold_reason = 'insufficient_provider_balance'",
})
export class PayoutEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'payouts_pkey' })
  id!: string;

  @Column('uuid', { name: 'client_id' })
  clientId!: string;

  @ManyToOne(() => ClientEntity, { nullable: false })
  @JoinColumn({ name: 'client_id', foreignKeyConstraintName: 'payouts_client_id_fkey' })
  client?: ClientEntity;

  @Column('text')
  status!: string;

  @Column('integer')
  version!: number;

  @Column('bigint', { transformer: bigintTransformer })
  amount!: bigint;

  @Column('char', { length: 3 })
  currency!: string;

  @Column('text', { name: 'beneficiary_name' })
  beneficiaryName!: string;

  @Column('text', { name: 'iban_encrypted' })
  ibanEncrypted!: string;

  @Column('text', { name: 'iban_last4' })
  ibanLast4!: string;

  @Column('text', { name: 'bank_code', nullable: true })
  bankCode!: string | null;

  @Column('text', { name: 'national_id_encrypted', nullable: true })
  nationalIdEncrypted!: string | null;

  @Column('jsonb', { nullable: true })
  customer!: { id: string; label?: string } | null;

  @Column('text', { nullable: true })
  reference!: string | null;

  @Column('text', { nullable: true })
  description!: string | null;

  @Column('jsonb', { default: () => "'{}'" })
  metadata!: Record<string, string>;

  /** The provider the client pinned, if any; routing still checks it is enabled and able to take the payout. */
  @Column('text', { name: 'requested_provider', nullable: true })
  requestedProvider!: string | null;

  /** Null until routing chose one. */
  @Column('text', { nullable: true })
  provider!: string | null;

  @Column('jsonb', { nullable: true })
  routing!: Record<string, unknown> | null;

  @Column('jsonb', { nullable: true })
  failure!: Record<string, unknown> | null;

  @Column('timestamptz', { name: 'next_check_at', nullable: true })
  nextCheckAt!: Date | null;

  @Column('boolean', { name: 'needs_attention', default: false })
  needsAttention!: boolean;

  @Column('boolean', { default: false })
  contradiction!: boolean;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;

  @Column('timestamptz', { name: 'completed_at', nullable: true })
  completedAt!: Date | null;

  /** When the client asked the payout to be released, or the EFT opening it is held for (`scheduled` until then). */
  @Column('timestamptz', { name: 'scheduled_for', nullable: true })
  scheduledFor!: Date | null;

  /** The rail the payout travels on (money-movement.md); null before routing chose one. */
  @Column('text', { name: 'rail', nullable: true })
  rail!: Rail | null;

  /** When the payout is expected to complete on its rail; null while unknown (manual review, not routed). */
  @Column('timestamptz', { name: 'expected_completion_at', nullable: true })
  expectedCompletionAt!: Date | null;

  /** Why the payout is held back by the world outside (no balance covers it, rail closed); null when it is not. */
  @Column('text', { name: 'hold_reason', nullable: true })
  holdReason!: HoldReason | null;

  /** When the current balance hold began (INSUFFICIENT_BALANCE_WAIT counts from it); a trigger clears it. */
  @Column('timestamptz', { name: 'hold_since', nullable: true })
  holdSince!: Date | null;

  /**
   * The batch the payout is an item of (null for a single payout). The relation names its entity by string: the
   * batches lib depends on payouts, not the other way round.
   */
  @Column('uuid', { name: 'batch_id', nullable: true })
  batchId!: string | null;

  @ManyToOne('PayoutBatchEntity', { nullable: true })
  @JoinColumn({ name: 'batch_id', foreignKeyConstraintName: 'payouts_batch_id_fkey' })
  batch?: unknown;

  /** The client's reference for the item, unique within its batch; set exactly when batch_id is. */
  @Column('text', { name: 'item_reference', nullable: true })
  itemReference!: string | null;
  /** The approval record (policy version, approvals required and given, deadline); null when none was needed. */
  @Column('jsonb', { nullable: true })
  approval!: Record<string, unknown> | null;
}
