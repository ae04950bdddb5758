import type { DataSource } from 'typeorm';
import { toJsonAmount, type MinorUnits } from '@libs/payouts/domain';
import type { BatchCancelRows, BatchSummary } from '../application/cancel-batch';

interface SummaryRow {
  id: string;
  status: string;
  reference: string | null;
  item_count: number;
  total_amount: string;
  currency: string;
  approval: Record<string, unknown> | null;
  created_at: Date;
  completed_at: Date | null;
  counts: Record<string, number> | null;
}

/** BatchCancelRows on Postgres; the counts are a GROUP BY over payouts_batch_status_idx. */
export class BatchCancelQueries implements BatchCancelRows {
  constructor(private readonly dataSource: DataSource) {}

  async summary(batchId: string, clientId: string): Promise<BatchSummary | undefined> {
    const rows: SummaryRow[] = await this.dataSource.query(
      `SELECT b.id, b.status, b.reference, b.item_count, b.total_amount::text AS total_amount,
         b.currency::text AS currency, b.approval, b.created_at, b.completed_at,
         (SELECT jsonb_object_agg(c.status, c.n) FROM (
            SELECT p.status, count(*)::int AS n FROM payouts p WHERE p.batch_id = b.id GROUP BY p.status
          ) c) AS counts
       FROM payout_batches b WHERE b.id = $1 AND b.client_id = $2`,
      [batchId, clientId],
    );
    const row = rows[0];
    if (!row) return undefined;
    return {
      id: row.id,
      status: row.status,
      reference: row.reference,
      itemCount: row.item_count,
      totalAmount: toJsonAmount(BigInt(row.total_amount) as MinorUnits),
      currency: row.currency,
      counts: row.counts ?? {},
      ...(row.approval ? { approval: row.approval } : {}),
      createdAt: row.created_at.toISOString(),
      completedAt: row.completed_at?.toISOString() ?? null,
    };
  }

  async itemsIn(batchId: string, statuses: readonly string[]): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM payouts WHERE batch_id = $1 AND status = ANY ($2::text[]) ORDER BY id`,
      [batchId, [...statuses]],
    );
    return rows.map((row) => row.id);
  }
}
