import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ClientEntity } from '@libs/clients';
import { PayoutEntity } from './payout.entity';

/**
 * The first answer to a `POST /v1/payouts` per (client, Idempotency-Key), written in the transaction that created the
 * payout: a key row exists only for a payout that exists, so no failure is ever replayed and keys never expire while
 * the payout exists.
 */
@Entity({ name: 'idempotency_keys' })
export class IdempotencyKeyEntity {
  @PrimaryColumn('uuid', { name: 'client_id', primaryKeyConstraintName: 'idempotency_keys_pkey' })
  clientId!: string;

  @PrimaryColumn('text', { primaryKeyConstraintName: 'idempotency_keys_pkey' })
  key!: string;

  @ManyToOne(() => ClientEntity, { nullable: false })
  @JoinColumn({ name: 'client_id', foreignKeyConstraintName: 'idempotency_keys_client_id_fkey' })
  client?: ClientEntity;

  /** SHA-256 hex of the canonical JSON body. */
  @Column('text', { name: 'request_hash' })
  requestHash!: string;

  @Column('integer', { name: 'response_status' })
  responseStatus!: number;

  /** `json`, not `jsonb`: a replay must repeat the first answer byte for byte, key order included. */
  @Column('json', { name: 'response_body' })
  responseBody!: Record<string, unknown>;

  @Column('uuid', { name: 'payout_id' })
  payoutId!: string;

  @ManyToOne(() => PayoutEntity, { nullable: false })
  @JoinColumn({ name: 'payout_id', foreignKeyConstraintName: 'idempotency_keys_payout_id_fkey' })
  payout?: PayoutEntity;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;
}
