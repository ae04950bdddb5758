import { v7 as uuidv7 } from 'uuid';
import type { EntityManager } from 'typeorm';
import { DailyLimitReachedError, LiveAttemptExistsError } from '../application';
import type { AttemptChange, AttemptRecord, AttemptRows, NewAttempt, SendClaim } from '../application';
import { jsonb, toAttemptRecord, type AttemptRow } from './payout.rows';
import type { PiiCipher } from './pii-cipher';
import { sealRawAnswer } from './sealed-raw-answer';

const UNIQUE_VIOLATION = '23505';
const CHECK_VIOLATION = '23514';
const LIVE_ATTEMPT_INDEX = 'payout_attempts_one_live';
/** Raised by the provider_daily_usage_track trigger (migration 1796540000000). */
const DAILY_LIMIT = 'provider_daily_limit';

const violation = (error: unknown, code: string, constraint: string): boolean => {
  const cause = (error as { driverError?: { code?: string; constraint?: string } }).driverError ?? error;
  const found = cause as { code?: string; constraint?: string };
  return found.code === code && found.constraint === constraint;
};

/** What a failed insert of an attempt means: the database's refusals as their domain errors, anything else as is. */
export const attemptInsertError = (error: unknown, payoutId: string, provider: string): unknown => {
  if (violation(error, UNIQUE_VIOLATION, LIVE_ATTEMPT_INDEX)) return new LiveAttemptExistsError(payoutId);
  if (violation(error, CHECK_VIOLATION, DAILY_LIMIT)) return new DailyLimitReachedError(payoutId, provider);
  return error;
};

/**
 * payout_attempts. The database, not this code, refuses a second live attempt (payout_attempts_one_live) and an
 * attempt past its provider's daily limit (the provider_daily_usage_track trigger, which also keeps the usage). A
 * provider answer is written with its body sealed (sealed-raw-answer.ts) and read back as facts only.
 */
export class AttemptRepository implements AttemptRows {
  constructor(
    private readonly manager: EntityManager,
    private readonly cipher: PiiCipher,
  ) {}

  async insert(attempt: NewAttempt, now: Date): Promise<AttemptRecord> {
    try {
      const rows: AttemptRow[] = await this.manager.query(
        `INSERT INTO payout_attempts (id, payout_id, provider, reference, status, submitted_at, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
         RETURNING *`,
        [
          uuidv7(),
          attempt.payoutId,
          attempt.provider,
          attempt.reference,
          attempt.status ?? 'submitting',
          attempt.submittedAt ?? null,
          now,
        ],
      );
      return toAttemptRecord(rows[0]);
    } catch (error) {
      throw attemptInsertError(error, attempt.payoutId, attempt.provider);
    }
  }

  async update(attemptId: string, change: AttemptChange, now: Date): Promise<AttemptRecord> {
    // COALESCE keeps a column when the change leaves it out; `failure` can be cleared explicitly with null.
    const result: [AttemptRow[], number] = await this.manager.query(
      `UPDATE payout_attempts SET
         status = COALESCE($2, status),
         provider_id = COALESCE($3, provider_id),
         failure = CASE WHEN $4::boolean THEN $5::jsonb ELSE failure END,
         last_raw_answer = COALESCE($6::jsonb, last_raw_answer),
         submitted_at = COALESCE(submitted_at, $7),
         poll_count = poll_count + CASE WHEN $8::boolean THEN 1 ELSE 0 END,
         last_polled_at = CASE WHEN $8::boolean THEN $9 ELSE last_polled_at END,
         updated_at = $9
       WHERE id = $1
       RETURNING *`,
      [
        attemptId,
        change.status ?? null,
        change.providerId ?? null,
        change.failure !== undefined,
        jsonb(change.failure),
        jsonb(change.lastRawAnswer && sealRawAnswer(this.cipher, change.lastRawAnswer)),
        change.submittedAt ?? null,
        change.polled === true,
        now,
      ],
    );
    const row = result[0]?.[0];
    if (!row) throw new Error(`attempt ${attemptId} does not exist`);
    return toAttemptRecord(row);
  }

  async claimSend(attemptId: string, now: Date, retentionMs?: number): Promise<SendClaim> {
    const oldest = retentionMs === undefined ? null : new Date(now.getTime() - retentionMs);
    const claimed: [{ send_count: number }[], number] = await this.manager.query(
      `UPDATE payout_attempts SET
         send_count = send_count + 1,
         ambiguous_since = COALESCE(ambiguous_since, $2),
         last_sent_at = $2,
         updated_at = $2
       WHERE id = $1 AND status = 'submitting'
         AND ($3::timestamptz IS NULL OR ambiguous_since IS NULL OR ambiguous_since >= $3::timestamptz)
       RETURNING send_count`,
      [attemptId, now, oldest],
    );
    const row = claimed[0]?.[0];
    if (row) return { kind: 'claimed', sendNumber: row.send_count };
    const attempt = await this.find(attemptId);
    if (!attempt) throw new Error(`attempt ${attemptId} does not exist`);
    if (attempt.status === 'submitting' && attempt.ambiguousSince !== null)
      return { kind: 'retention_passed', firstSentAt: attempt.ambiguousSince };
    return { kind: 'settled' };
  }

  async releaseUnsentFirstClaim(attemptId: string, now: Date): Promise<boolean> {
    // Call 1 set ambiguous_since and last_sent_at (they were null before it): back to an attempt nothing was sent under.
    const released: [unknown[], number] = await this.manager.query(
      `UPDATE payout_attempts SET send_count = 0, ambiguous_since = NULL, last_sent_at = NULL, updated_at = $2
       WHERE id = $1 AND send_count = 1 AND status = 'submitting'
       RETURNING id`,
      [attemptId, now],
    );
    return released[0].length === 1;
  }

  find(attemptId: string): Promise<AttemptRecord | undefined> {
    return this.one('id = $1', [attemptId]);
  }

  findLive(payoutId: string): Promise<AttemptRecord | undefined> {
    return this.one(`payout_id = $1 AND status <> 'rejected'`, [payoutId]);
  }

  findByReference(reference: string): Promise<AttemptRecord | undefined> {
    return this.one('reference = $1', [reference]);
  }

  findByProviderId(provider: string, providerId: string): Promise<AttemptRecord | undefined> {
    return this.one('provider = $1 AND provider_id = $2', [provider, providerId]);
  }

  async listForPayout(payoutId: string): Promise<AttemptRecord[]> {
    const rows: AttemptRow[] = await this.manager.query(
      'SELECT * FROM payout_attempts WHERE payout_id = $1 ORDER BY created_at, id',
      [payoutId],
    );
    return rows.map(toAttemptRecord);
  }

  private async one(condition: string, params: unknown[]): Promise<AttemptRecord | undefined> {
    const rows: AttemptRow[] = await this.manager.query(
      `SELECT * FROM payout_attempts WHERE ${condition} ORDER BY created_at DESC, id DESC LIMIT 1`,
      params,
    );
    return rows[0] ? toAttemptRecord(rows[0]) : undefined;
  }
}
