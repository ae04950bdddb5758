import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One routing rule. `match` keeps amounts as decimal strings (jsonb has no 64-bit integer); `version` is 1 on create
 * and +1 on every change. A delete only sets `deleted_at`, so the rule id and version a payout recorded stay readable.
 */
@Entity({ name: 'routing_rules' })
@Check('routing_rules_priority_check', 'priority >= 0')
@Check('routing_rules_version_positive', 'version > 0')
@Index('routing_rules_live_idx', ['priority', 'id'], { where: 'deleted_at IS NULL' })
export class RoutingRuleEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'routing_rules_pkey' })
  id!: string;

  @Column('text')
  name!: string;

  @Column('integer')
  priority!: number;

  @Column('boolean')
  enabled!: boolean;

  @Column('jsonb')
  match!: Record<string, unknown>;

  @Column('jsonb')
  targets!: { provider: string; weight: number }[];

  @Column('text', { array: true })
  fallback!: string[];

  @Column('integer')
  version!: number;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;

  @Column('timestamptz', { name: 'deleted_at', nullable: true })
  deletedAt!: Date | null;
}
