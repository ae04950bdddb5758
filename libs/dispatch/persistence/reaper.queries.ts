import type { DataSource } from 'typeorm';
import { ANSWERED_ATTEMPT_KEY, type ReaperRows, type UnansweredAttempt } from '../application';

/**
 * The reaper's two scans; each uses an index (payouts_next_check_idx, payouts_provider_status_idx). Pending batch items
 * are not the reaper's: the batch feeder finds them from the same rows and enqueues them behind single payouts
 * (decision 0012), where the reaper would add them un-prioritized, in front.
 */
export class ReaperQueries implements ReaperRows {
  constructor(private readonly dataSource: DataSource) {}

  claimDuePending(params: { now: Date; createdBefore: Date; pushTo: Date; limit: number }): Promise<string[]> {
    return this.dataSource.transaction(async (manager) => {
      const rows: { id: string }[] = await manager.query(
        `SELECT id FROM payouts
         WHERE status = 'pending' AND next_check_at <= $1 AND created_at <= $2 AND batch_id IS NULL
         ORDER BY next_check_at
         LIMIT $3
         FOR UPDATE SKIP LOCKED`,
        [params.now, params.createdBefore, params.limit],
      );
      const ids = rows.map((row) => row.id);
      if (ids.length > 0) {
        await manager.query('UPDATE payouts SET next_check_at = $2 WHERE id = ANY($1::uuid[])', [ids, params.pushTo]);
      }
      return ids;
    });
  }

  async unansweredAttempts(params: {
    createdBefore: Date;
    createdAfter: Date;
    providers: readonly string[];
    limit: number;
  }): Promise<UnansweredAttempt[]> {
    // `p.provider = ANY(...)` lets the planner use payouts_provider_status_idx: a submitting payout always has one.
    const rows: { payout_id: string; attempt_id: string; provider: string; created_at: Date }[] =
      await this.dataSource.query(
        `SELECT a.payout_id, a.id AS attempt_id, a.provider, a.created_at
         FROM payouts p JOIN payout_attempts a ON a.payout_id = p.id
         WHERE p.provider = ANY($1::text[]) AND p.status = 'submitting'
           AND a.status = 'submitting' AND a.created_at <= $2 AND a.created_at >= $3
           AND NOT EXISTS (
             SELECT 1 FROM payout_events e
             WHERE e.payout_id = a.payout_id AND e.source = 'dispatch'
               AND e.evidence->>'${ANSWERED_ATTEMPT_KEY}' = a.id::text
           )
         ORDER BY a.created_at
         LIMIT $4`,
        [[...params.providers], params.createdBefore, params.createdAfter, params.limit],
      );
    return rows.map((row) => ({
      payoutId: row.payout_id,
      attemptId: row.attempt_id,
      provider: row.provider,
      createdAt: row.created_at,
    }));
  }
}
