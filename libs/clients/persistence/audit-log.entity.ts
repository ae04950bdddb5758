import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ClientEntity } from './client.entity';

/** Who did what to which subject, and why. Written for every mutating ops or admin call (api.md); never updated. */
@Entity({ name: 'audit_log' })
@Index('audit_log_subject_idx', ['subjectType', 'subjectId'])
export class AuditLogEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'audit_log_pkey' })
  id!: string;

  /** Null when the actor is an operator at the CLI rather than an API client. */
  @Column('uuid', { name: 'actor_client_id', nullable: true })
  actorClientId!: string | null;

  @ManyToOne(() => ClientEntity, { nullable: true })
  @JoinColumn({ name: 'actor_client_id', foreignKeyConstraintName: 'audit_log_actor_client_id_fkey' })
  actorClient?: ClientEntity;

  @Column('text')
  action!: string;

  @Column('text', { name: 'subject_type' })
  subjectType!: string;

  @Column('text', { name: 'subject_id' })
  subjectId!: string;

  @Column('text', { nullable: true })
  reason!: string | null;

  @Column('jsonb', { default: () => "'{}'" })
  details!: Record<string, unknown>;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;
}
