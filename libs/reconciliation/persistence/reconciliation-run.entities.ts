import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Unique } from 'typeorm';
import { bigintTransformer } from '@libs/payouts';
import { sqlLiteralList } from '@libs/platform/database';
import { DISCREPANCY_KINDS, RUN_STATUSES } from '../domain';

/**
 * One reconciliation run (migration 1797300000000, decision 0016): one provider, one period [from_at, to_at), at most
 * one run per (provider, from_at, to_at). `cursor` is the listing's next page, stored with each page so a retried job
 * resumes there; the counts are set when the compare is done.
 */
@Entity({ name: 'reconciliation_runs' })
@Unique('reconciliation_runs_period_unique', ['provider', 'fromAt', 'toAt'])
@Check('reconciliation_runs_status_check', `status IN (${sqlLiteralList(RUN_STATUSES)})`)
@Check('reconciliation_runs_period_check', 'from_at < to_at')
@Index('reconciliation_runs_started_idx', ['startedAt', 'id'])
// The running runs by their last step: the stalled-run sweep's scan.
@Index('reconciliation_runs_running_idx', ['progressedAt'], { where: "status = 'running'" })
export class ReconciliationRunEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'reconciliation_runs_pkey' })
  id!: string;

  @Column('text')
  provider!: string;

  @Column('timestamptz', { name: 'from_at' })
  fromAt!: Date;

  @Column('timestamptz', { name: 'to_at' })
  toAt!: Date;

  @Column('text')
  status!: string;

  /** Why it was started (the request's reason, or the daily schedule's). */
  @Column('text')
  reason!: string;

  /** The client that asked for it; null for the daily schedule. */
  @Column('uuid', { name: 'requested_by', nullable: true })
  requestedBy!: string | null;

  /** The listing's next page; null before the first page and after the last. */
  @Column('text', { nullable: true })
  cursor!: string | null;

  @Column('integer', { default: 0 })
  pages!: number;

  /** Listing rows staged so far (also the sequence number of the next one). */
  @Column('integer', { name: 'listed_count', default: 0 })
  listedCount!: number;

  @Column('boolean', { name: 'listing_done', default: false })
  listingDone!: boolean;

  @Column('integer', { default: 0 })
  matched!: number;

  @Column('integer', { name: 'missing_at_provider', default: 0 })
  missingAtProvider!: number;

  @Column('integer', { name: 'unknown_at_provider', default: 0 })
  unknownAtProvider!: number;

  @Column('integer', { name: 'amount_mismatch', default: 0 })
  amountMismatch!: number;

  @Column('integer', { name: 'status_mismatch', default: 0 })
  statusMismatch!: number;

  /** Why a failed run failed (the last error); null otherwise. */
  @Column('text', { nullable: true })
  failure!: string | null;

  @Column('timestamptz', { name: 'started_at' })
  startedAt!: Date;

  /** When the run last moved (started, a page staged, compared, resumed): a running run still here long after stalled. */
  @Column('timestamptz', { name: 'progressed_at' })
  progressedAt!: Date;

  @Column('timestamptz', { name: 'finished_at', nullable: true })
  finishedAt!: Date | null;
}

/**
 * The provider's listing of a run, staged page by page (so the compare is one set-based statement in constant memory)
 * and deleted when the run completes. `seq` numbers the rows in listing order, so a page staged twice is staged once.
 * A row the adapter could not read whole keeps what it could and its `problem`.
 */
@Entity({ name: 'reconciliation_listed_transfers' })
@Index('reconciliation_listed_transfers_attempt_idx', ['runId', 'attemptId'])
export class ReconciliationListedTransferEntity {
  @PrimaryColumn('uuid', { name: 'run_id', primaryKeyConstraintName: 'reconciliation_listed_transfers_pkey' })
  runId!: string;

  @PrimaryColumn('integer', { primaryKeyConstraintName: 'reconciliation_listed_transfers_pkey' })
  seq!: number;

  @ManyToOne(() => ReconciliationRunEntity, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'run_id', foreignKeyConstraintName: 'reconciliation_listed_transfers_run_id_fkey' })
  run?: ReconciliationRunEntity;

  @Column('text', { name: 'provider_id', nullable: true })
  providerId!: string | null;

  @Column('text', { nullable: true })
  reference!: string | null;

  @Column('bigint', { nullable: true, transformer: bigintTransformer })
  amount!: bigint | null;

  @Column('text', { nullable: true })
  currency!: string | null;

  @Column('text')
  status!: string;

  @Column('text', { name: 'provider_status', nullable: true })
  providerStatus!: string | null;

  @Column('timestamptz', { name: 'created_at', nullable: true })
  createdAt!: Date | null;

  @Column('text', { nullable: true })
  problem!: string | null;

  /** Our attempt this row is about, once the compare matched it. */
  @Column('uuid', { name: 'attempt_id', nullable: true })
  attemptId!: string | null;
}

/** One discrepancy of a run, with both sides (our payout; the provider's row), each side null where there is none. */
@Entity({ name: 'reconciliation_items' })
@Check('reconciliation_items_kind_check', `kind IN (${sqlLiteralList(DISCREPANCY_KINDS)})`)
@Index('reconciliation_items_run_kind_idx', ['runId', 'kind', 'id'])
@Index('reconciliation_items_run_idx', ['runId', 'id'])
export class ReconciliationItemEntity {
  @PrimaryColumn('bigint', { primaryKeyConstraintName: 'reconciliation_items_pkey', generated: 'increment' })
  id!: string;

  @Column('uuid', { name: 'run_id' })
  runId!: string;

  @ManyToOne(() => ReconciliationRunEntity, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'run_id', foreignKeyConstraintName: 'reconciliation_items_run_id_fkey' })
  run?: ReconciliationRunEntity;

  @Column('text')
  kind!: string;

  @Column('uuid', { name: 'payout_id', nullable: true })
  payoutId!: string | null;

  /** Our reference at the provider (the attempt's). */
  @Column('text', { name: 'our_reference', nullable: true })
  ourReference!: string | null;

  @Column('bigint', { name: 'our_amount', nullable: true, transformer: bigintTransformer })
  ourAmount!: bigint | null;

  @Column('text', { name: 'our_currency', nullable: true })
  ourCurrency!: string | null;

  @Column('text', { name: 'our_status', nullable: true })
  ourStatus!: string | null;

  @Column('text', { name: 'provider_id', nullable: true })
  providerId!: string | null;

  @Column('text', { name: 'provider_reference', nullable: true })
  providerReference!: string | null;

  @Column('bigint', { name: 'provider_amount', nullable: true, transformer: bigintTransformer })
  providerAmount!: bigint | null;

  @Column('text', { name: 'provider_currency', nullable: true })
  providerCurrency!: string | null;

  @Column('text', { name: 'provider_status', nullable: true })
  providerStatus!: string | null;

  @Column('timestamptz', { name: 'provider_created_at', nullable: true })
  providerCreatedAt!: Date | null;

  /** Why the provider's row could not be read whole (garbage is stored and flagged, never trusted). */
  @Column('text', { name: 'provider_problem', nullable: true })
  providerProblem!: string | null;

  /** When the payout was flagged needs_attention for this item; null until then (a retried run flags the rest). */
  @Column('timestamptz', { name: 'flagged_at', nullable: true })
  flaggedAt!: Date | null;
}
