import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Unique } from 'typeorm';
import { ClientEntity } from '@libs/clients';
import { PayoutEntity, PayoutEventEntity } from '@libs/payouts';

/**
 * One client notification: one applied status change (a payout_events row) for the client that owns the payout, with
 * where its delivery stands. The due index is what the sweeper reads, so a lost queue job never loses a notification.
 */
@Entity({ name: 'notification_deliveries' })
@Unique('notification_deliveries_event_client_unique', ['eventId', 'clientId'])
@Unique('notification_deliveries_batch_client_unique', ['batchId', 'clientId'])
@Check(
  'notification_deliveries_subject_check',
  '(batch_id IS NULL) = (event_id IS NOT NULL AND payout_id IS NOT NULL AND payout_version IS NOT NULL)',
)
@Check('notification_deliveries_status_check', "status IN ('pending', 'delivered', 'failed', 'canceled')")
@Check('notification_deliveries_attempts_check', 'attempts >= 0')
@Index('notification_deliveries_due_idx', ['nextAttemptAt'], { where: "status = 'pending'" })
@Index('notification_deliveries_client_idx', ['clientId', 'id'])
@Index('notification_deliveries_payout_idx', ['payoutId', 'clientId', 'payoutVersion'])
export class NotificationDeliveryEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'notification_deliveries_pkey' })
  id!: string;

  @Column('uuid', { name: 'client_id' })
  clientId!: string;

  @ManyToOne(() => ClientEntity, { nullable: false })
  @JoinColumn({ name: 'client_id', foreignKeyConstraintName: 'notification_deliveries_client_id_fkey' })
  client?: ClientEntity;

  /** The change; its id is the message id (`webhook-id`, body `id`) receivers dedupe by. Null for a batch's. */
  @Column('bigint', { name: 'event_id', nullable: true })
  eventId!: string | null;

  @ManyToOne(() => PayoutEventEntity, { nullable: true })
  @JoinColumn({ name: 'event_id', foreignKeyConstraintName: 'notification_deliveries_event_id_fkey' })
  event?: PayoutEventEntity;

  @Column('uuid', { name: 'payout_id', nullable: true })
  payoutId!: string | null;

  @ManyToOne(() => PayoutEntity, { nullable: true })
  @JoinColumn({ name: 'payout_id', foreignKeyConstraintName: 'notification_deliveries_payout_id_fkey' })
  payout?: PayoutEntity;

  /** The payout's version after the change: later versions of a payout wait until this one is settled. */
  @Column('integer', { name: 'payout_version', nullable: true })
  payoutVersion!: number | null;

  /**
   * A batch's `batch.completed` (written by `settle_batch_item` when the batch closes); the delivery's own id is then
   * the message id. Set exactly when event_id, payout_id and payout_version are not.
   */
  @Column('uuid', { name: 'batch_id', nullable: true })
  batchId!: string | null;

  @ManyToOne('PayoutBatchEntity', { nullable: true })
  @JoinColumn({ name: 'batch_id', foreignKeyConstraintName: 'notification_deliveries_batch_id_fkey' })
  batch?: unknown;

  /** A batch notification's body as first sent, so a retry sends the same one. */
  @Column('jsonb', { nullable: true })
  body!: Record<string, unknown> | null;

  /** `payout.<status>`. */
  @Column('text', { name: 'event_type' })
  eventType!: string;

  @Column('text')
  status!: string;

  @Column('integer', { default: 0 })
  attempts!: number;

  /** When to try next (or, while a worker holds it, when its lease ends); null once delivered or given up. */
  @Column('timestamptz', { name: 'next_attempt_at', nullable: true })
  nextAttemptAt!: Date | null;

  /**
   * Set when a worker gives the row back to wait for an earlier change of its payout; cleared by every claim. Only such
   * rows are made due by the earlier change's wake-up: a row claimed for a try is never woken, so it is never sent twice.
   */
  @Column('boolean', { name: 'waiting_for_earlier', default: false })
  waitingForEarlier!: boolean;

  /** The first try plus the retry period (scaled); a redelivery clears it so a new period starts. */
  @Column('timestamptz', { name: 'retry_until', nullable: true })
  retryUntil!: Date | null;

  @Column('timestamptz', { name: 'last_attempt_at', nullable: true })
  lastAttemptAt!: Date | null;

  @Column('integer', { name: 'last_http_status', nullable: true })
  lastHttpStatus!: number | null;

  @Column('text', { name: 'last_error', nullable: true })
  lastError!: string | null;

  @Column('timestamptz', { name: 'delivered_at', nullable: true })
  deliveredAt!: Date | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
