import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { PayoutEntity } from './payout.entity';

/** The events GET /v1/ops/contradictions lists (SQL over payout_events, no alias). */
export const LATE_FLIP_EVENT =
  "flags_contradiction OR (applied AND from_status = 'succeeded' AND to_status = 'returned')";

/**
 * The append-only log of every status decision, applied or not (lifecycle invariant 4). A trigger refuses UPDATE and
 * DELETE. Never holds a full IBAN or national id: `snapshot` is the API view of the payout after an applied change.
 */
@Entity({ name: 'payout_events' })
@Index('payout_events_payout_idx', ['payoutId', 'id'])
@Index('payout_events_feed_idx', ['clientId', 'txId', 'id'], { where: 'applied' })
@Index('payout_events_contradiction_feed_idx', ['clientId', 'txId', 'id'], { where: 'flags_contradiction' })
// GET /v1/ops/contradictions: the contradiction that first flagged a payout, and every return after success.
@Index('payout_events_late_flips_idx', ['createdAt', 'id'], { where: LATE_FLIP_EVENT })
export class PayoutEventEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'payout_events_pkey' })
  id!: string;

  @Column('uuid', { name: 'payout_id' })
  payoutId!: string;

  @ManyToOne(() => PayoutEntity, { nullable: false })
  @JoinColumn({ name: 'payout_id', foreignKeyConstraintName: 'payout_events_payout_id_fkey' })
  payout?: PayoutEntity;

  /** The payout's owner, copied so the per-client events feed reads one index. */
  @Column('uuid', { name: 'client_id' })
  clientId!: string;

  @Column('integer')
  version!: number;

  /** Null on the creation event. */
  @Column('text', { name: 'from_status', nullable: true })
  fromStatus!: string | null;

  @Column('text', { name: 'to_status' })
  toStatus!: string;

  @Column('text')
  source!: string;

  @Column('text', { nullable: true })
  actor!: string | null;

  @Column('jsonb', { nullable: true })
  evidence!: unknown;

  @Column('boolean')
  applied!: boolean;

  /** A stable word: created, transition, failover, duplicate, stale, not_an_edge, contradiction. */
  @Column('text')
  reason!: string;

  @Column('text')
  detail!: string;

  /**
   * The writing transaction's id (`pg_current_xact_id()`, 64-bit, never wraps). The events feed orders by it and hands
   * out only rows older than every transaction still running: see payout-event.repository.ts.
   */
  @Column('bigint', { name: 'tx_id' })
  txId!: string;

  /** The event that first flagged the payout as a contradiction: the client is told (`payout.contradiction`). */
  @Column('boolean', { name: 'flags_contradiction', default: false })
  flagsContradiction!: boolean;

  /** `json` keeps the view's key order, so the feed shows the payout exactly as the API did. */
  @Column('json', { nullable: true })
  snapshot!: Record<string, unknown> | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;
}
