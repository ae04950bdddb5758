import type { EntityManager } from 'typeorm';
import type { BatchStatus } from '@libs/batches/domain';
import { PAYOUT_COLUMNS, toPayoutRecord, type PayoutRow } from '@libs/payouts';
import type { PayoutStatus } from '@libs/payouts/domain';
import type { BatchProgressRow, ClientPayoutRow, ListKey, OpsProgramsStore } from '../application';

/** The release time the scheduled list sorts by; ReadOpsPrograms' releaseTimeOf reads the same coalesce. */
const RELEASE_AT = 'coalesce(p.scheduled_for, p.next_check_at, p.created_at)';

interface ClientPayoutDbRow extends PayoutRow {
  client_name: string;
}

const toClientPayoutRow = (row: ClientPayoutDbRow): ClientPayoutRow => ({
  payout: toPayoutRecord(row),
  clientName: row.client_name,
});

interface BatchDbRow {
  id: string;
  client_id: string;
  client_name: string;
  status: BatchStatus;
  reference: string | null;
  item_count: number;
  total_amount: string;
  currency: string;
  created_at: Date;
  completed_at: Date | null;
  counts: Partial<Record<PayoutStatus, number>> | null;
}

/**
 * The console's program lists over Postgres: one statement each, nothing written. The scheduled list reads the
 * scheduled payouts through `payouts_scheduled_due_idx` (partial: only what still waits) and sorts that small set.
 * A batch's counts are a GROUP BY of its items by status through `payouts_batch_status_idx`, for the page's batches
 * only (they are never stored: nothing to keep in step with the items' transitions).
 */
export class OpsProgramsQueries implements OpsProgramsStore {
  constructor(private readonly manager: EntityManager) {}

  async listScheduled(limit: number, after?: ListKey): Promise<ClientPayoutRow[]> {
    const rows: ClientPayoutDbRow[] = await this.manager.query(
      `SELECT ${PAYOUT_COLUMNS}, c.name AS client_name
       FROM payouts p JOIN clients c ON c.id = p.client_id
       WHERE p.status = 'scheduled'
         AND ($2::timestamptz IS NULL OR (${RELEASE_AT}, p.id) > ($2::timestamptz, $3::uuid))
       ORDER BY ${RELEASE_AT}, p.id LIMIT $1`,
      [limit, after?.at ?? null, after?.id ?? null],
    );
    return rows.map(toClientPayoutRow);
  }

  async listBatches(limit: number, after?: ListKey): Promise<BatchProgressRow[]> {
    return this.batches(
      `SELECT b.* FROM payout_batches b
       WHERE $2::timestamptz IS NULL OR (b.created_at, b.id) < ($2::timestamptz, $3::uuid)
       ORDER BY b.created_at DESC, b.id DESC LIMIT $1`,
      'b.created_at DESC, b.id DESC',
      [limit, after?.at ?? null, after?.id ?? null],
    );
  }

  async listAwaitingApproval(limit: number, after?: ListKey): Promise<ClientPayoutRow[]> {
    const rows: ClientPayoutDbRow[] = await this.manager.query(
      `SELECT ${PAYOUT_COLUMNS}, c.name AS client_name
       FROM payouts p JOIN clients c ON c.id = p.client_id
       WHERE p.status = 'awaiting_approval' AND p.batch_id IS NULL
         AND ($2::timestamptz IS NULL OR (p.created_at, p.id) > ($2::timestamptz, $3::uuid))
       ORDER BY p.created_at, p.id LIMIT $1`,
      [limit, after?.at ?? null, after?.id ?? null],
    );
    return rows.map(toClientPayoutRow);
  }

  async listBatchesAwaitingApproval(limit: number, after?: ListKey): Promise<BatchProgressRow[]> {
    return this.batches(
      `SELECT b.* FROM payout_batches b
       WHERE b.status = 'awaiting_approval' AND NOT COALESCE(b.approval ? 'rejection', false)
         AND ($2::timestamptz IS NULL OR (b.created_at, b.id) > ($2::timestamptz, $3::uuid))
       ORDER BY b.created_at, b.id LIMIT $1`,
      'b.created_at, b.id',
      [limit, after?.at ?? null, after?.id ?? null],
    );
  }

  /** The page of batches `pageSql` selects, each with its client's name and its items counted by status. */
  private async batches(pageSql: string, order: string, params: unknown[]): Promise<BatchProgressRow[]> {
    const rows: BatchDbRow[] = await this.manager.query(
      `WITH page AS (${pageSql})
       SELECT b.id, b.client_id, c.name AS client_name, b.status, b.reference, b.item_count,
         b.total_amount::text AS total_amount, b.currency::text AS currency, b.created_at, b.completed_at, n.counts
       FROM page b
       JOIN clients c ON c.id = b.client_id
       CROSS JOIN LATERAL (
         SELECT jsonb_object_agg(s.status, s.count) AS counts
         FROM (SELECT p.status, count(*)::int AS count FROM payouts p WHERE p.batch_id = b.id GROUP BY p.status) s
       ) n
       ORDER BY ${order}`,
      params,
    );
    return rows.map((row) => ({
      id: row.id,
      clientId: row.client_id,
      clientName: row.client_name,
      status: row.status,
      reference: row.reference,
      itemCount: row.item_count,
      totalAmount: BigInt(row.total_amount),
      currency: row.currency,
      counts: row.counts ?? {},
      createdAt: row.created_at,
      completedAt: row.completed_at,
    }));
  }
}
