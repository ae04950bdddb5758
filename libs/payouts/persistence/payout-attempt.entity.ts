import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Unique } from 'typeorm';
import { PayoutEntity } from './payout.entity';

/**
 * One submission to one provider under one reference of ours. Lifecycle invariant 1 lives here:
 * `payout_attempts_one_live` lets a payout have at most one attempt that is not `rejected` (definitively not executed).
 */
@Entity({ name: 'payout_attempts' })
@Check('payout_attempts_status_check', "status IN ('submitting', 'accepted', 'completed', 'rejected')")
@Check('payout_attempts_poll_count_check', 'poll_count >= 0')
@Check('payout_attempts_send_count_check', 'send_count >= 0')
@Unique('payout_attempts_reference_unique', ['reference'])
@Index('payout_attempts_one_live', ['payoutId'], { unique: true, where: "status <> 'rejected'" })
@Index('payout_attempts_payout_idx', ['payoutId', 'createdAt'])
@Index('payout_attempts_created_idx', ['createdAt'])
@Index('payout_attempts_provider_id_idx', ['provider', 'providerId'])
export class PayoutAttemptEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'payout_attempts_pkey' })
  id!: string;

  @Column('uuid', { name: 'payout_id' })
  payoutId!: string;

  @ManyToOne(() => PayoutEntity, { nullable: false })
  @JoinColumn({ name: 'payout_id', foreignKeyConstraintName: 'payout_attempts_payout_id_fkey' })
  payout?: PayoutEntity;

  @Column('text')
  provider!: string;

  /** Our idempotency reference at the provider (its idempotency key or our transaction id there). */
  @Column('text')
  reference!: string;

  /** The provider's own id, always as text: some providers' ids exceed 2^53. */
  @Column('text', { name: 'provider_id', nullable: true })
  providerId!: string | null;

  @Column('text')
  status!: string;

  @Column('jsonb', { nullable: true })
  failure!: Record<string, unknown> | null;

  /** The provider's last answer as received: the body is a JSON string field, never parsed into numbers here. */
  @Column('jsonb', { name: 'last_raw_answer', nullable: true })
  lastRawAnswer!: Record<string, unknown> | null;

  @Column('integer', { name: 'poll_count', default: 0 })
  pollCount!: number;

  @Column('timestamptz', { name: 'last_polled_at', nullable: true })
  lastPolledAt!: Date | null;

  /** When the attempt was first sent; a provider's "not found" proves nothing for a while after it. */
  @Column('timestamptz', { name: 'submitted_at', nullable: true })
  submittedAt!: Date | null;

  /** Calls of this attempt that let a request out (send, resend, replaying lookup); claimed before the first byte. */
  @Column('integer', { name: 'send_count', default: 0 })
  sendCount!: number;

  /** When the first request of this attempt left us: from then on money may have moved (invariant 2a). Never cleared. */
  @Column('timestamptz', { name: 'ambiguous_since', nullable: true })
  ambiguousSince!: Date | null;

  /** When the latest request that could create the transfer left us; a provider's consistency window runs from it. */
  @Column('timestamptz', { name: 'last_sent_at', nullable: true })
  lastSentAt!: Date | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
