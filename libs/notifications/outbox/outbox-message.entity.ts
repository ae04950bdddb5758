import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A job to enqueue, written in the same transaction as the change that asks for it (lifecycle invariant 5). The relay
 * turns it into a BullMQ job with the id `outbox-<id>` after commit, then sets `published_at`. The relay polls for
 * unpublished rows every OUTBOX_POLL_INTERVAL; there is no NOTIFY trigger (outbox-relay.runner.ts says why).
 */
@Entity({ name: 'outbox' })
@Index('outbox_unpublished_idx', ['id'], { where: 'published_at IS NULL' })
export class OutboxMessageEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'outbox_pkey' })
  id!: string;

  @Column('text')
  queue!: string;

  @Column('text', { name: 'job_name' })
  jobName!: string;

  @Column('jsonb')
  payload!: Record<string, unknown>;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'published_at', nullable: true })
  publishedAt!: Date | null;
}
