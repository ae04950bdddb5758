import type { EntityManager } from 'typeorm';
import type { LeasedClaims } from '@libs/platform/async';

/**
 * The due scheduled payouts, oldest release first, in one statement: read through `payouts_scheduled_due_idx`
 * (next_check_at of scheduled payouts only), locked with SKIP LOCKED so releasers share the work, and leased
 * (next_check_at = the lease's end) so the next run does not take them again while this one works. `scheduled_for`
 * keeps the release time the client asked for; next_check_at is only when to look again.
 */
const CLAIM_DUE_SCHEDULED_SQL = `
  WITH due AS (
    SELECT p.id
    FROM payouts p
    WHERE p.status = 'scheduled' AND p.next_check_at <= $1
    ORDER BY p.next_check_at
    LIMIT $2
    FOR UPDATE SKIP LOCKED
  )
  UPDATE payouts p SET next_check_at = $3
  WHERE p.id = ANY (ARRAY(SELECT id FROM due))
  RETURNING p.id`;

/** LeasedClaims of payout ids for ReleaseScheduledPayouts. */
export class DueScheduledPayouts implements LeasedClaims<string> {
  constructor(private readonly manager: EntityManager) {}

  async claimDue(now: Date, limit: number, leaseUntil: Date): Promise<string[]> {
    // TypeORM answers an UPDATE ... RETURNING with [rows, count].
    const [rows]: [{ id: string }[], number] = await this.manager.query(CLAIM_DUE_SCHEDULED_SQL, [
      now,
      limit,
      leaseUntil,
    ]);
    return rows.map((row) => row.id);
  }
}
