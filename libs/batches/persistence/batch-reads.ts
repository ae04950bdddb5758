import type { DataSource } from 'typeorm';
import { PAYOUT_COLUMNS, toPayoutRecord, type PayoutRecord, type PayoutRow } from '@libs/payouts';
import type { MinorUnits } from '@libs/payouts/domain';
import type { BatchStatus } from '../domain';
import type { BatchCounts, BatchListPosition, BatchReads, BatchRecord, BatchVisibility } from '../application';

const BATCH_COLUMNS = `b.id, b.client_id, b.status, b.reference, b.description, b.metadata, b.item_count,
  b.total_amount, b.currency, b.approval, b.created_at, b.updated_at, b.completed_at`;

interface BatchRow {
  id: string;
  client_id: string;
  status: string;
  reference: string | null;
  description: string | null;
  metadata: Record<string, string>;
  item_count: number;
  total_amount: string;
  currency: string;
  approval: Record<string, unknown> | null;
  created_at: Date;
  updated_at: Date;
  completed_at: Date | null;
}

export const toBatchRecord = (row: BatchRow): BatchRecord => ({
  id: row.id,
  clientId: row.client_id,
  status: row.status as BatchStatus,
  reference: row.reference,
  description: row.description,
  metadata: row.metadata,
  itemCount: row.item_count,
  totalAmount: BigInt(row.total_amount) as MinorUnits,
  currency: row.currency,
  approval: row.approval,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  completedAt: row.completed_at,
});

/** The batch reads on Postgres. Counts are a GROUP BY over payouts_batch_status_idx, never a stored counter. */
export class PostgresBatchReads implements BatchReads {
  constructor(private readonly dataSource: DataSource) {}

  async find(id: string, visibility: BatchVisibility): Promise<BatchRecord | undefined> {
    const rows: BatchRow[] = await this.dataSource.query(
      `SELECT ${BATCH_COLUMNS} FROM payout_batches b
       WHERE b.id = $1 AND ($2::boolean OR b.client_id = $3 OR ($4::boolean AND b.status = 'awaiting_approval'))`,
      [id, visibility.seesAllClients, visibility.clientId, visibility.seesAwaitingApproval === true],
    );
    return rows[0] ? toBatchRecord(rows[0]) : undefined;
  }

  async counts(id: string): Promise<BatchCounts> {
    const rows: { status: PayoutRecord['status']; count: number }[] = await this.dataSource.query(
      `SELECT status, count(*)::int AS count FROM payouts WHERE batch_id = $1 GROUP BY status`,
      [id],
    );
    return Object.fromEntries(rows.map((row) => [row.status, row.count])) as BatchCounts;
  }

  async list(visibility: BatchVisibility, before: BatchListPosition | undefined, limit: number) {
    const params: unknown[] = [limit];
    const where: string[] = [];
    if (!visibility.seesAllClients) {
      params.push(visibility.clientId);
      where.push(`b.client_id = $${params.length}`);
    }
    if (before) {
      params.push(before.createdAt, before.id);
      where.push(`(b.created_at, b.id) < ($${params.length - 1}, $${params.length})`);
    }
    const rows: BatchRow[] = await this.dataSource.query(
      `SELECT ${BATCH_COLUMNS} FROM payout_batches b ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY b.created_at DESC, b.id DESC LIMIT $1`,
      params,
    );
    return rows.map(toBatchRecord);
  }

  async awaitingApproval(after: BatchListPosition | undefined, limit: number): Promise<BatchRecord[]> {
    // payout_batches_awaiting_approval_idx; a rejected batch whose items are being canceled is no longer in the queue.
    const rows: BatchRow[] = await this.dataSource.query(
      `SELECT ${BATCH_COLUMNS} FROM payout_batches b
       WHERE b.status = 'awaiting_approval' AND NOT COALESCE(b.approval ? 'rejection', false)
         AND ($2::timestamptz IS NULL OR (b.created_at, b.id) > ($2, $3::uuid))
       ORDER BY b.created_at, b.id LIMIT $1`,
      [limit, after?.createdAt ?? null, after?.id ?? null],
    );
    return rows.map(toBatchRecord);
  }

  async items(
    batchId: string,
    filter: { status?: PayoutRecord['status']; afterId?: string; limit: number },
  ): Promise<PayoutRecord[]> {
    const params: unknown[] = [batchId, filter.limit];
    const where = ['p.batch_id = $1'];
    if (filter.status !== undefined) {
      params.push(filter.status);
      where.push(`p.status = $${params.length}`);
    }
    if (filter.afterId !== undefined) {
      params.push(filter.afterId);
      where.push(`p.id > $${params.length}`);
    }
    const rows: PayoutRow[] = await this.dataSource.query(
      `SELECT ${PAYOUT_COLUMNS} FROM payouts p WHERE ${where.join(' AND ')} ORDER BY p.id LIMIT $2`,
      params,
    );
    return rows.map(toPayoutRecord);
  }
}
