import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { NotificationDeliveryEntity } from './notification-delivery.entity';

/** Every try of a notification, as it went: where it was sent, what came back, how long it took. Append-only. */
@Entity({ name: 'notification_attempts' })
@Check(
  'notification_attempts_outcome_check',
  "outcome IN ('delivered', 'http_error', 'network_error', 'timeout', 'refused')",
)
@Index('notification_attempts_delivery_idx', ['deliveryId', 'number'])
export class NotificationAttemptEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'notification_attempts_pkey' })
  id!: string;

  @Column('uuid', { name: 'delivery_id' })
  deliveryId!: string;

  @ManyToOne(() => NotificationDeliveryEntity, { nullable: false })
  @JoinColumn({ name: 'delivery_id', foreignKeyConstraintName: 'notification_attempts_delivery_id_fkey' })
  delivery?: NotificationDeliveryEntity;

  /** 1 for the first try of the delivery. */
  @Column('integer')
  number!: number;

  @Column('timestamptz', { name: 'started_at' })
  startedAt!: Date;

  @Column('integer', { name: 'duration_ms' })
  durationMs!: number;

  /** Scheme, host, port and path of the callback URL; never its query string. */
  @Column('text')
  target!: string;

  /** The address connected to, as the SSRF guard checked it. */
  @Column('text', { nullable: true })
  address!: string | null;

  @Column('text')
  outcome!: string;

  @Column('integer', { name: 'http_status', nullable: true })
  httpStatus!: number | null;

  @Column('text', { nullable: true })
  error!: string | null;

  /** The start of the receiver's answer, for whoever debugs a failing endpoint. */
  @Column('text', { name: 'response_excerpt', nullable: true })
  responseExcerpt!: string | null;
}
