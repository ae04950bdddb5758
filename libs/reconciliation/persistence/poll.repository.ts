import type { EntityManager } from 'typeorm';
import type { PayoutStatus } from '@libs/payouts/domain';
import { sqlStatusList } from '@libs/payouts';
import { POLLED_STATUSES } from '../application/poll-plan';
import type { AttemptKeys, ClaimedPayout, PollStore, ScheduleContext } from '../application/poll-store.port';

/**
 * The due-attempt poll, one statement: the oldest due payouts in a polled status (the partial index
 * `payouts_next_check_idx` on next_check_at reads only rows in flight, and stops at the LIMIT), locked with SKIP
 * LOCKED so several workers share the work, and leased (next_check_at = $3) in the same statement so the next run
 * does not take them again. The update finds them by primary key (ANY of the ids), so it reads nothing more. A
 * payout without a live attempt comes back with provider null: it is flagged, not lost.
 */
const POLLED_IN = `status IN (${sqlStatusList(POLLED_STATUSES)})`;

export const CLAIM_DUE_SQL = `
  WITH due AS (
    SELECT p.id
    FROM payouts p
    WHERE p.next_check_at <= $1 AND p.${POLLED_IN}
    ORDER BY p.next_check_at
    LIMIT $2
    FOR UPDATE SKIP LOCKED
  )
  UPDATE payouts p SET next_check_at = $3
  WHERE p.id = ANY (ARRAY(SELECT id FROM due))
  RETURNING p.id, p.status,
    (SELECT a.provider FROM payout_attempts a WHERE a.payout_id = p.id AND a.status <> 'rejected') AS provider`;

// The schedule restarts on every applied change and every webhook (not on the poller's own "no change" records).
const SCHEDULE_CONTEXT_SQL = `
  SELECT
    (SELECT max(e.created_at) FROM payout_events e
      WHERE e.payout_id = $1 AND (e.applied OR e.source LIKE 'webhook:%')) AS since,
    (SELECT e.evidence->>'providerStatus' FROM payout_events e
      WHERE e.payout_id = $1 AND e.source LIKE 'poll:%' AND e.evidence ? 'providerStatus'
      ORDER BY e.id DESC LIMIT 1) AS last_lookup_provider_status`;

/** PollStore on Postgres: reads the payout tables and the webhook inbox, writes only next_check_at and inbox retries. */
export class PollRepository implements PollStore {
  constructor(private readonly manager: EntityManager) {}

  async claimDue(now: Date, limit: number, leaseUntil: Date): Promise<ClaimedPayout[]> {
    const [rows]: [{ id: string; status: string; provider: string | null }[], number] = await this.manager.query(
      CLAIM_DUE_SQL,
      [now, limit, leaseUntil],
    );
    return rows.map((row) => ({ payoutId: row.id, status: row.status as PayoutStatus, provider: row.provider }));
  }

  async release(payoutIds: readonly string[], at: Date): Promise<void> {
    if (payoutIds.length === 0) return;
    await this.manager.query(
      `UPDATE payouts SET next_check_at = $2
       WHERE id = ANY($1::uuid[]) AND ${POLLED_IN}`,
      [payoutIds, at],
    );
  }

  async scheduleContext(payoutId: string): Promise<ScheduleContext | undefined> {
    const [row]: { since: Date | null; last_lookup_provider_status: string | null }[] = await this.manager.query(
      SCHEDULE_CONTEXT_SQL,
      [payoutId],
    );
    if (!row?.since) return undefined;
    return {
      since: row.since,
      ...(row.last_lookup_provider_status !== null
        ? { lastLookupProviderStatus: row.last_lookup_provider_status }
        : {}),
    };
  }

  async hasWebhook(attempt: AttemptKeys): Promise<boolean> {
    const [row]: { found: boolean }[] = await this.manager.query(
      `SELECT EXISTS (
         SELECT 1 FROM webhook_inbox WHERE provider = $1 AND (reference = $2 OR provider_id = $3)
       ) AS found`,
      [attempt.provider, attempt.reference, attempt.providerId],
    );
    return row?.found === true;
  }

  async wakeOrphans(attempt: AttemptKeys, now: Date): Promise<number> {
    const [, count]: [unknown[], number] = await this.manager.query(
      `UPDATE webhook_inbox SET next_attempt_at = $4
       WHERE status = 'orphan' AND provider = $1 AND (reference = $2 OR provider_id = $3)`,
      [attempt.provider, attempt.reference, attempt.providerId, now],
    );
    return count;
  }

  async hasInboxEvent(provider: string, dedupeKey: string): Promise<boolean> {
    const rows: unknown[] = await this.manager.query(
      'SELECT 1 FROM webhook_inbox WHERE provider = $1 AND dedupe_key = $2',
      [provider, dedupeKey],
    );
    return rows.length > 0;
  }
}
