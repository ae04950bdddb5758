import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ClientEntity } from '@libs/clients';
import { PayoutEntity } from './payout.entity';

/** One version of the approval policy (programs.md): the newest row is current; none means no approvals needed. */
@Entity({ name: 'approval_policies' })
@Check('approval_policies_version_positive', 'version > 0')
export class ApprovalPolicyEntity {
  @PrimaryColumn('integer', { primaryKeyConstraintName: 'approval_policies_pkey' })
  version!: number;

  /** The rules as JSON (amounts as minor-unit strings). */
  @Column('jsonb')
  rules!: unknown[];

  @Column('text')
  reason!: string;

  @Column('uuid', { name: 'actor_client_id' })
  actorClientId!: string;

  @ManyToOne(() => ClientEntity, { nullable: false })
  @JoinColumn({ name: 'actor_client_id', foreignKeyConstraintName: 'approval_policies_actor_client_id_fkey' })
  actor?: ClientEntity;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;
}

/** One approver's decision on a payout; the key is the "one vote per client" rule. */
@Entity({ name: 'payout_approvals' })
@Check('payout_approvals_decision_check', "decision IN ('approve', 'reject')")
export class PayoutApprovalEntity {
  @PrimaryColumn('uuid', { name: 'payout_id', primaryKeyConstraintName: 'payout_approvals_pkey' })
  payoutId!: string;

  @PrimaryColumn('uuid', { name: 'client_id', primaryKeyConstraintName: 'payout_approvals_pkey' })
  clientId!: string;

  @ManyToOne(() => PayoutEntity, { nullable: false })
  @JoinColumn({ name: 'payout_id', foreignKeyConstraintName: 'payout_approvals_payout_id_fkey' })
  payout?: PayoutEntity;

  @ManyToOne(() => ClientEntity, { nullable: false })
  @JoinColumn({ name: 'client_id', foreignKeyConstraintName: 'payout_approvals_client_id_fkey' })
  client?: ClientEntity;

  @Column('text')
  decision!: string;

  @Column('text', { nullable: true })
  reason!: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;
}
