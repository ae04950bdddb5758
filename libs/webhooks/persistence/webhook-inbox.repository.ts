import type { EntityManager } from 'typeorm';
import { PiiDecryptionError, type PiiCipher } from '@libs/payouts';
import type { InboxOutcome, InboxRow, InboxStore, InsertResult, NewInboxRow } from '../application/inbox-store.port';
import type { InboxStatus } from '../domain/inbox-status';

interface InboxDbRow {
  id: string;
  provider: string;
  dedupe_key: string;
  status: string;
  raw_body: Buffer | null;
  raw_body_sealed: string | null;
  raw_body_purged_at: Date | null;
  headers: Record<string, string>;
  remote_address: string | null;
  received_at: Date;
  reference: string | null;
  provider_id: string | null;
  signal_status: string | null;
  provider_status: string | null;
  payout_id: string | null;
  attempt_id: string | null;
  decision: string | null;
  detail: string | null;
  lookup_evidence: Record<string, unknown> | null;
  attempts: number;
  next_attempt_at: Date | null;
  last_error: string | null;
  processed_at: Date | null;
}

/** Purpose bound into every sealed webhook body (pii-cipher.ts). */
export const WEBHOOK_BODY_PURPOSE = 'provider.webhook';

/** The exact bytes that arrived, opened; or why they cannot be (the row is kept and retried, never misread). */
function openBody(cipher: PiiCipher, row: InboxDbRow): Pick<InboxRow, 'rawBody' | 'bodyUnavailable'> {
  if (row.raw_body_sealed !== null) {
    try {
      return { rawBody: cipher.openBytes(row.raw_body_sealed, WEBHOOK_BODY_PURPOSE) };
    } catch (error) {
      if (!(error instanceof PiiDecryptionError)) throw error;
      return { rawBody: Buffer.alloc(0), bodyUnavailable: error.message };
    }
  }
  // Stored before bodies were sealed: the retention job seals it on its next run.
  if (row.raw_body !== null) return { rawBody: row.raw_body };
  return { rawBody: Buffer.alloc(0), bodyUnavailable: 'the body was purged after PROVIDER_BODY_RETENTION' };
}

const toRow = (row: InboxDbRow, cipher: PiiCipher): InboxRow => ({
  id: String(row.id),
  provider: row.provider,
  dedupeKey: row.dedupe_key,
  status: row.status as InboxStatus,
  ...openBody(cipher, row),
  headers: row.headers,
  remoteAddress: row.remote_address,
  receivedAt: row.received_at,
  reference: row.reference,
  providerId: row.provider_id,
  signalStatus: row.signal_status,
  providerStatus: row.provider_status,
  payoutId: row.payout_id,
  attemptId: row.attempt_id,
  decision: row.decision,
  detail: row.detail,
  lookupEvidence: row.lookup_evidence,
  attempts: row.attempts,
  nextAttemptAt: row.next_attempt_at,
  lastError: row.last_error,
  processedAt: row.processed_at,
});

// One statement, one implicit transaction: committed (and flushed) before the api answers. No outbox row and so no
// NOTIFY: workers find `received` rows through webhook_inbox_due_idx (claimDue), so a duplicate writes nothing.
const INSERT_SQL = `
  INSERT INTO webhook_inbox (provider, dedupe_key, status, raw_body_sealed, headers, remote_address, received_at,
    reference, provider_id, signal_status, provider_status, detail, next_attempt_at, processed_at)
  VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9, $10, $11, $12, $13, $14)
  ON CONFLICT (provider, dedupe_key) DO NOTHING
  RETURNING id::text AS id`;

/**
 * The webhook inbox on Postgres. Rows are claimed with a lease (next_attempt_at) so workers never share one. Bodies
 * are written sealed with the PII key and opened only for processing.
 */
export class WebhookInboxRepository implements InboxStore {
  constructor(
    private readonly manager: EntityManager,
    private readonly cipher: PiiCipher,
  ) {}

  async insertIfNew(row: NewInboxRow): Promise<InsertResult> {
    const rows: { id: string }[] = await this.manager.query(INSERT_SQL, [
      row.provider,
      row.dedupeKey,
      row.status,
      this.cipher.sealBytes(row.rawBody, WEBHOOK_BODY_PURPOSE),
      JSON.stringify(row.headers),
      row.remoteAddress,
      row.receivedAt,
      row.reference,
      row.providerId,
      row.signalStatus,
      row.providerStatus,
      row.detail,
      row.nextAttemptAt,
      row.status === 'received' ? null : row.receivedAt,
    ]);
    return rows[0] ? { inserted: true, id: rows[0].id } : { inserted: false };
  }

  async claim(id: string, now: Date, leaseUntil: Date): Promise<InboxRow | undefined> {
    const [rows]: [InboxDbRow[], number] = await this.manager.query(
      `UPDATE webhook_inbox SET next_attempt_at = $3, attempts = attempts + 1
       WHERE id = $1 AND status IN ('received', 'orphan') AND next_attempt_at <= $2
       RETURNING *`,
      [id, now, leaseUntil],
    );
    return rows[0] ? toRow(rows[0], this.cipher) : undefined;
  }

  async claimDue(now: Date, limit: number, leaseUntil: Date): Promise<InboxRow[]> {
    const [rows]: [InboxDbRow[], number] = await this.manager.query(
      `UPDATE webhook_inbox SET next_attempt_at = $3, attempts = attempts + 1
       WHERE id IN (
         SELECT id FROM webhook_inbox
         WHERE status IN ('received', 'orphan') AND next_attempt_at <= $1
         ORDER BY next_attempt_at LIMIT $2
         FOR UPDATE SKIP LOCKED
       )
       RETURNING *`,
      [now, limit, leaseUntil],
    );
    return rows.map((row) => toRow(row, this.cipher));
  }

  async record(id: string, outcome: InboxOutcome): Promise<void> {
    await this.manager.query(
      `UPDATE webhook_inbox SET
         status = $2,
         payout_id = COALESCE($3, payout_id),
         attempt_id = COALESCE($4, attempt_id),
         decision = COALESCE($5, decision),
         detail = COALESCE($6, detail),
         lookup_evidence = COALESCE($7::jsonb, lookup_evidence),
         next_attempt_at = $8,
         last_error = CASE WHEN $9::boolean THEN $10 ELSE last_error END,
         processed_at = COALESCE($11, processed_at)
       WHERE id = $1`,
      [
        id,
        outcome.status,
        outcome.payoutId ?? null,
        outcome.attemptId ?? null,
        outcome.decision ?? null,
        outcome.detail ?? null,
        outcome.lookupEvidence === undefined ? null : JSON.stringify(outcome.lookupEvidence),
        outcome.nextAttemptAt,
        outcome.lastError !== undefined,
        outcome.lastError ?? null,
        outcome.processedAt ?? null,
      ],
    );
  }

  async countOrphans(): Promise<number> {
    const [row]: { count: number }[] = await this.manager.query(
      `SELECT count(*)::int AS count FROM webhook_inbox WHERE status = 'orphan'`,
    );
    return row?.count ?? 0;
  }
}
