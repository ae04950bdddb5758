import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ClientEntity } from '@libs/clients';

/**
 * How far the sweeper has read a client's events feed when creating delivery rows: the feed position
 * (transaction id, event id) of the last change it handled. Changes past it whose job was lost get their rows here.
 */
@Entity({ name: 'notification_cursors' })
export class NotificationCursorEntity {
  @PrimaryColumn('uuid', { name: 'client_id', primaryKeyConstraintName: 'notification_cursors_pkey' })
  clientId!: string;

  @ManyToOne(() => ClientEntity, { nullable: false })
  @JoinColumn({ name: 'client_id', foreignKeyConstraintName: 'notification_cursors_client_id_fkey' })
  client?: ClientEntity;

  @Column('bigint', { name: 'tx_id' })
  txId!: string;

  @Column('bigint', { name: 'event_id' })
  eventId!: string;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
