import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { PayoutAttemptEntity, PayoutEntity } from '@libs/payouts';

/**
 * Every authentic provider webhook as it arrived: the exact bytes, sealed (a signature can be checked again, a 64-bit
 * id read again, and the database alone reveals no IBAN) and the headers, once per (provider, dedupe key). The columns after `received_at` say what processing made
 * of it. Headers may hold signatures: stored for re-verification, never logged.
 */
@Entity({ name: 'webhook_inbox' })
@Unique('webhook_inbox_dedupe_unique', ['provider', 'dedupeKey'])
@Check(
  'webhook_inbox_status_check',
  "status IN ('received', 'processed', 'orphan', 'ignored', 'unparseable', 'contradiction', 'unconfirmed')",
)
@Check('webhook_inbox_attempts_check', 'attempts >= 0')
@Index('webhook_inbox_due_idx', ['nextAttemptAt'], { where: "status IN ('received', 'orphan')" })
@Index('webhook_inbox_payout_idx', ['payoutId'])
@Index('webhook_inbox_reference_idx', ['provider', 'reference'])
@Index('webhook_inbox_provider_id_idx', ['provider', 'providerId'])
export class WebhookInboxEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'webhook_inbox_pkey' })
  id!: string;

  @Column('text')
  provider!: string;

  /** The adapter's dedupe key: an event id, or our reference and the status. */
  @Column('text', { name: 'dedupe_key' })
  dedupeKey!: string;

  @Column('text')
  status!: string;

  /** Only rows stored before bodies were sealed; the provider-body retention job seals or purges them. */
  @Column('bytea', { name: 'raw_body', nullable: true })
  rawBody!: Buffer | null;

  /** The exact bytes, sealed with the PII key (purpose `provider.webhook`); null once purged after the retention. */
  @Column('text', { name: 'raw_body_sealed', nullable: true })
  rawBodySealed!: string | null;

  @Column('timestamptz', { name: 'raw_body_purged_at', nullable: true })
  rawBodyPurgedAt!: Date | null;

  /** Lower-cased names; credentials of our own API (authorization, cookie) are not kept. */
  @Column('jsonb')
  headers!: Record<string, string>;

  @Column('text', { name: 'remote_address', nullable: true })
  remoteAddress!: string | null;

  @Column('timestamptz', { name: 'received_at' })
  receivedAt!: Date;

  /** Our attempt reference when the body carries it. */
  @Column('text', { nullable: true })
  reference!: string | null;

  /** The provider's id of the transfer, exactly as written (some providers' ids exceed 2^53). */
  @Column('text', { name: 'provider_id', nullable: true })
  providerId!: string | null;

  /** What the body says, in our words (`succeeded`, `returned`, ...). */
  @Column('text', { name: 'signal_status', nullable: true })
  signalStatus!: string | null;

  @Column('text', { name: 'provider_status', nullable: true })
  providerStatus!: string | null;

  @Column('uuid', { name: 'payout_id', nullable: true })
  payoutId!: string | null;

  @ManyToOne(() => PayoutEntity, { nullable: true })
  @JoinColumn({ name: 'payout_id', foreignKeyConstraintName: 'webhook_inbox_payout_id_fkey' })
  payout?: PayoutEntity;

  @Column('uuid', { name: 'attempt_id', nullable: true })
  attemptId!: string | null;

  @ManyToOne(() => PayoutAttemptEntity, { nullable: true })
  @JoinColumn({ name: 'attempt_id', foreignKeyConstraintName: 'webhook_inbox_attempt_id_fkey' })
  attempt?: PayoutAttemptEntity;

  /** The state machine's word for what the event did (applied, duplicate, stale, contradiction, ...). */
  @Column('text', { nullable: true })
  decision!: string | null;

  @Column('text', { nullable: true })
  detail!: string | null;

  /** What the confirming (or contradicting) lookup said: status words and ids, never the raw body. */
  @Column('jsonb', { name: 'lookup_evidence', nullable: true })
  lookupEvidence!: Record<string, unknown> | null;

  /** Processing tries so far. */
  @Column('integer', { default: 0 })
  attempts!: number;

  /** When the sweeper should try the row again; null once nothing more will be tried. */
  @Column('timestamptz', { name: 'next_attempt_at', nullable: true })
  nextAttemptAt!: Date | null;

  @Column('text', { name: 'last_error', nullable: true })
  lastError!: string | null;

  @Column('timestamptz', { name: 'processed_at', nullable: true })
  processedAt!: Date | null;
}
