import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ClientEntity } from '@libs/clients';
import { bigintTransformer } from '@libs/payouts';
import { sqlLiteralList } from '@libs/platform/database';
import { BATCH_STATUSES } from '../domain/batch-status';

/**
 * One batch of payouts (migration 1797000000000). Its items are rows of `payouts` with `batch_id` set; how many are in
 * each status is counted from them (payouts_batch_status_idx), so the batch row holds only what never changes after
 * creation, plus its status, approval and completion time.
 */
@Entity({ name: 'payout_batches' })
@Check('payout_batches_status_check', `status IN (${sqlLiteralList(BATCH_STATUSES)})`)
@Check('payout_batches_item_count_positive', 'item_count > 0')
@Check('payout_batches_total_amount_positive', 'total_amount > 0')
@Index('payout_batches_client_created_idx', ['clientId', 'createdAt', 'id'])
// The open batches, oldest first: what the batch feeder (libs/dispatch) takes turns between.
@Index('payout_batches_open_idx', ['createdAt', 'id'], { where: "status = 'open'" })
// The batches awaiting approval, oldest first: the approvals queue (decision 0013).
@Index('payout_batches_awaiting_approval_idx', ['createdAt', 'id'], { where: "status = 'awaiting_approval'" })
export class PayoutBatchEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'payout_batches_pkey' })
  id!: string;

  @Column('uuid', { name: 'client_id' })
  clientId!: string;

  @ManyToOne(() => ClientEntity, { nullable: false })
  @JoinColumn({ name: 'client_id', foreignKeyConstraintName: 'payout_batches_client_id_fkey' })
  client?: ClientEntity;

  @Column('text')
  status!: string;

  @Column('text', { nullable: true })
  reference!: string | null;

  @Column('text', { nullable: true })
  description!: string | null;

  @Column('jsonb', { default: () => "'{}'" })
  metadata!: Record<string, string>;

  @Column('integer', { name: 'item_count' })
  itemCount!: number;

  /** The sum of the items' amounts, in minor units of `currency` (every item has the batch's currency). */
  @Column('bigint', { name: 'total_amount', transformer: bigintTransformer })
  totalAmount!: bigint;

  @Column('char', { length: 3 })
  currency!: string;

  /** The batch's approval record (the approvals work fills it); null while none applies. */
  @Column('jsonb', { nullable: true })
  approval!: Record<string, unknown> | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;

  @Column('timestamptz', { name: 'completed_at', nullable: true })
  completedAt!: Date | null;
}

/** One approver's decision on a batch (decision 0013); the key is the "one vote per client" rule. */
@Entity({ name: 'batch_approvals' })
@Check('batch_approvals_decision_check', "decision IN ('approve', 'reject')")
export class BatchApprovalEntity {
  @PrimaryColumn('uuid', { name: 'batch_id', primaryKeyConstraintName: 'batch_approvals_pkey' })
  batchId!: string;

  @PrimaryColumn('uuid', { name: 'client_id', primaryKeyConstraintName: 'batch_approvals_pkey' })
  clientId!: string;

  @ManyToOne(() => PayoutBatchEntity, { nullable: false })
  @JoinColumn({ name: 'batch_id', foreignKeyConstraintName: 'batch_approvals_batch_id_fkey' })
  batch?: PayoutBatchEntity;

  @ManyToOne(() => ClientEntity, { nullable: false })
  @JoinColumn({ name: 'client_id', foreignKeyConstraintName: 'batch_approvals_client_id_fkey' })
  client?: ClientEntity;

  @Column('text')
  decision!: string;

  @Column('text', { nullable: true })
  reason!: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;
}
