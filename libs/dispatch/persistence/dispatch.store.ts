import type { EntityManager } from 'typeorm';
import type { AttemptRecord, PayoutRecord, PayoutStore, SendClaim, StoredRawAnswer } from '@libs/payouts';
import {
  ANSWERED_ATTEMPT_KEY,
  BALANCE_HOLD,
  type DispatchReads,
  type DispatchWrites,
  type StoredRouting,
} from '../application';

/**
 * Dispatch's reads (through the payout store where it has them) and its two writes that are not status changes:
 * the next check and waiting reason of a pending payout, and late evidence on an attempt. Neither touches status or
 * version, so neither competes with TransitionPayout's row lock for more than the statement.
 */
export class DispatchStore implements DispatchReads, DispatchWrites {
  constructor(
    private readonly manager: EntityManager,
    private readonly payouts: PayoutStore,
  ) {}

  findPayout(payoutId: string): Promise<PayoutRecord | undefined> {
    return this.payouts.payouts.find(payoutId);
  }

  findAttempt(attemptId: string): Promise<AttemptRecord | undefined> {
    return this.payouts.attempts.find(attemptId);
  }

  listAttempts(payoutId: string): Promise<AttemptRecord[]> {
    return this.payouts.attempts.listForPayout(payoutId);
  }

  async hasSubmitAnswer(payoutId: string, attemptId: string): Promise<boolean> {
    const rows: unknown[] = await this.manager.query(
      `SELECT 1 FROM payout_events
       WHERE payout_id = $1 AND source = 'dispatch' AND evidence->>'${ANSWERED_ATTEMPT_KEY}' = $2
       LIMIT 1`,
      [payoutId, attemptId],
    );
    return rows.length > 0;
  }

  async hasNationalId(payoutId: string): Promise<boolean> {
    const rows: { has_national_id: boolean }[] = await this.manager.query(
      'SELECT national_id_encrypted IS NOT NULL AS has_national_id FROM payouts WHERE id = $1',
      [payoutId],
    );
    return rows[0]?.has_national_id ?? false;
  }

  async reschedulePending(
    payoutId: string,
    nextCheckAt: Date,
    waiting: StoredRouting,
    hold?: { reason: typeof BALANCE_HOLD; now: Date },
  ): Promise<void> {
    await this.manager.query(
      `UPDATE payouts SET next_check_at = $2, routing = $3, hold_reason = $4::text,
         hold_since = CASE WHEN $4::text IS NULL THEN NULL ELSE coalesce(hold_since, $5) END
       WHERE id = $1 AND status = 'pending'`,
      [payoutId, nextCheckAt, JSON.stringify(waiting), hold?.reason ?? null, hold?.now ?? null],
    );
  }

  async releaseBalanceHolds(now: Date): Promise<number> {
    // Due now, a millisecond apart in created_at order (the newest at `now`): the reaper and the feeder take due
    // payouts by next_check_at.
    const [, count]: [unknown, number] = await this.manager.query(
      `UPDATE payouts p SET next_check_at = $1::timestamptz - (held.total - held.position) * interval '1 millisecond'
       FROM (
         SELECT id, row_number() OVER (ORDER BY created_at, id) AS position, count(*) OVER () AS total FROM payouts
         WHERE status = 'pending' AND hold_reason = '${BALANCE_HOLD}'
       ) held
       WHERE p.id = held.id AND p.status = 'pending'`,
      [now],
    );
    return count;
  }

  claimSend(attemptId: string, now: Date, retentionMs?: number): Promise<SendClaim> {
    return this.payouts.attempts.claimSend(attemptId, now, retentionMs);
  }

  async recordEvidence(
    attemptId: string,
    providerId: string | undefined,
    raw: StoredRawAnswer,
    now: Date,
  ): Promise<void> {
    await this.payouts.attempts.update(
      attemptId,
      { ...(providerId !== undefined ? { providerId } : {}), lastRawAnswer: raw },
      now,
    );
  }
}
