import type { EntityManager } from 'typeorm';
import type { LeasedClaims } from '@libs/platform/async';

/**
 * The payouts awaiting approval past their deadline, oldest deadline first, in one statement: read through
 * `payouts_approval_due_idx`, locked with SKIP LOCKED so expirers share the work, and leased (next_check_at = the
 * lease's end) so the next run does not take them again while this one works. The deadline itself stays in
 * `approval.expiresAt`.
 */
const CLAIM_DUE_EXPIRIES_SQL = `
  WITH due AS (
    SELECT p.id
    FROM payouts p
    WHERE p.status = 'awaiting_approval' AND p.next_check_at <= $1
    ORDER BY p.next_check_at
    LIMIT $2
    FOR UPDATE SKIP LOCKED
  )
  UPDATE payouts p SET next_check_at = $3
  WHERE p.id = ANY (ARRAY(SELECT id FROM due))
  RETURNING p.id`;

/** LeasedClaims of payout ids for ExpireUnapprovedPayouts. */
export class DueApprovalExpiries implements LeasedClaims<string> {
  constructor(private readonly manager: EntityManager) {}

  async claimDue(now: Date, limit: number, leaseUntil: Date): Promise<string[]> {
    const [rows]: [{ id: string }[], number] = await this.manager.query(CLAIM_DUE_EXPIRIES_SQL, [
      now,
      limit,
      leaseUntil,
    ]);
    return rows.map((row) => row.id);
  }
}
