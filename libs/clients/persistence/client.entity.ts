import { Column, CreateDateColumn, Entity, PrimaryColumn, Unique } from 'typeorm';

/** An internal service that calls the API. Its key is stored only as a SHA-256 hash (see domain/api-key.ts). */
@Entity({ name: 'clients' })
@Unique('clients_key_hash_unique', ['keyHash'])
export class ClientEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'clients_pkey' })
  id!: string;

  @Column('text')
  name!: string;

  @Column('text', { name: 'key_hash' })
  keyHash!: string;

  @Column('text', { array: true })
  scopes!: string[];

  @Column('text', { name: 'callback_url', nullable: true })
  callbackUrl!: string | null;

  /** The Standard Webhooks signing secret, sealed with the PII key (see libs/payouts/persistence/pii-cipher.ts). */
  @Column('text', { name: 'webhook_secret_encrypted', nullable: true })
  webhookSecretEncrypted!: string | null;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;
}
