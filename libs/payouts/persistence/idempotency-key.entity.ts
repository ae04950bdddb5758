import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ClientEntity } from '@libs/clients';
import { PayoutEntity } from './payout.entity';

/**
 * The first answer to a `POST /v1/payouts` (or `POST /v1/payout-batches`) per (client, Idempotency-Key), written in
 * the transaction that created the payout (or batch): a key row exists only for what it created, so no failure is ever
 * replayed and keys never expire while that exists. Exactly one of payout_id and batch_id is set.
 */
@Entity({ name: 'idempotency_keys' })
@Check('idempotency_keys_one_target', '(payout_id IS NULL) <> (batch_id IS NULL)')
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

  /** The payout the key created; null when it created a batch. */
  @Column('uuid', { name: 'payout_id', nullable: true })
  payoutId!: string | null;

  @ManyToOne(() => PayoutEntity, { nullable: true })
  @JoinColumn({ name: 'payout_id', foreignKeyConstraintName: 'idempotency_keys_payout_id_fkey' })
  payout?: PayoutEntity;

  /** The batch the key created (POST /v1/payout-batches); null when it created a payout. By string: see PayoutEntity. */
  @Column('uuid', { name: 'batch_id', nullable: true })
  batchId!: string | null;

  @ManyToOne('PayoutBatchEntity', { nullable: true })
  @JoinColumn({ name: 'batch_id', foreignKeyConstraintName: 'idempotency_keys_batch_id_fkey' })
  batch?: unknown;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;
}
