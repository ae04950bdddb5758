import type { EntityManager } from 'typeorm';
import type { LeasedClaims } from '@libs/platform/async';

/** The statuses in which a payout waits for a time of ours (its release, its approval deadline), each with its index. */
export type WaitingStatus = 'scheduled' | 'awaiting_approval';

/**
 * The waiting payouts whose time has come (`next_check_at`: the release time of a scheduled payout, the approval
 * deadline of one awaiting approval), oldest first, in one statement: read through the status's partial index
 * (`payouts_scheduled_due_idx`, `payouts_approval_due_idx`; the status is written into the text, never a parameter,
 * so every plan can use it), locked with SKIP LOCKED so several workers share the work, and leased
 * (next_check_at = the lease's end) so the next run does not take them again while this one works. `scheduled_for`
 * and `approval.expiresAt` keep the times themselves; next_check_at is only when to look again.
 */
const claimDueSql = (status: WaitingStatus) => `
  WITH due AS (
    SELECT p.id
    FROM payouts p
    WHERE p.status = '${status}' AND p.next_check_at <= $1
    ORDER BY p.next_check_at
    LIMIT $2
    FOR UPDATE SKIP LOCKED
  )
  UPDATE payouts p SET next_check_at = $3
  WHERE p.id = ANY (ARRAY(SELECT id FROM due))
  RETURNING p.id`;

/** LeasedClaims of payout ids: ReleaseScheduledPayouts' (`scheduled`) and ExpireUnapprovedPayouts' (`awaiting_approval`). */
export class DueWaitingPayouts implements LeasedClaims<string> {
  private readonly sql: string;

  constructor(
    private readonly manager: EntityManager,
    status: WaitingStatus,
  ) {
    this.sql = claimDueSql(status);
  }

  async claimDue(now: Date, limit: number, leaseUntil: Date): Promise<string[]> {
    // TypeORM answers an UPDATE ... RETURNING with [rows, count].
    const [rows]: [{ id: string }[], number] = await this.manager.query(this.sql, [now, limit, leaseUntil]);
    return rows.map((row) => row.id);
  }
}
