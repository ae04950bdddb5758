import type { DataSource } from 'typeorm';
import type { BatchItemRows } from '../application';

/**
 * The open batches oldest first (payout_batches_open_idx), and for each its due pending items (one index range each
 * on payouts_batch_pending_due_idx, locked with SKIP LOCKED); numbered by their turn within their batch, the first
 * `limit` in turn order (then batch age) are leased, in one statement.
 */
const CLAIM_DUE_BATCH_ITEMS_SQL = `
  WITH open_batches AS (
    SELECT b.id, b.created_at FROM payout_batches b
    WHERE b.status = 'open'
    ORDER BY b.created_at, b.id
    LIMIT $4
  ), due AS (
    SELECT i.id, i.next_check_at, ob.id AS batch_id, ob.created_at AS batch_created_at
    FROM open_batches ob
    CROSS JOIN LATERAL (
      SELECT p.id, p.next_check_at FROM payouts p
      WHERE p.batch_id = ob.id AND p.status = 'pending' AND p.next_check_at <= $1
      ORDER BY p.next_check_at, p.id
      LIMIT $2
      FOR UPDATE SKIP LOCKED
    ) i
  ), chosen AS (
    SELECT id, row_number() OVER (PARTITION BY batch_id ORDER BY next_check_at, id) AS turn, batch_created_at, batch_id
    FROM due
    ORDER BY turn, batch_created_at, batch_id
    LIMIT $2
  )
  UPDATE payouts p SET next_check_at = $3
  FROM chosen
  WHERE p.id = chosen.id
  RETURNING p.id, chosen.turn, chosen.batch_created_at, chosen.batch_id`;

/** BatchItemRows on Postgres. */
export class BatchFeedQueries implements BatchItemRows {
  constructor(private readonly dataSource: DataSource) {}

  async claimDue(params: { now: Date; limit: number; leaseUntil: Date; maxBatches: number }): Promise<string[]> {
    const [rows]: [{ id: string; turn: string; batch_created_at: Date; batch_id: string }[], number] =
      await this.dataSource.query(CLAIM_DUE_BATCH_ITEMS_SQL, [
        params.now,
        params.limit,
        params.leaseUntil,
        params.maxBatches,
      ]);
    // RETURNING keeps no order: put them back in turn order, then oldest batch first.
    return rows
      .sort(
        (a, b) =>
          Number(a.turn) - Number(b.turn) ||
          a.batch_created_at.getTime() - b.batch_created_at.getTime() ||
          a.batch_id.localeCompare(b.batch_id),
      )
      .map((row) => row.id);
  }
}
