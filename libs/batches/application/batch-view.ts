import { PAYOUT_STATUSES, toJsonAmount } from '@libs/payouts/domain';
import type { BatchCounts, BatchRecord } from './batch-record';

/** The batch object of programs.md; `counts` has every payout status (0 when no item is in it). */
export interface BatchView {
  id: string;
  status: string;
  reference: string | null;
  description: string | null;
  metadata: Record<string, string>;
  itemCount: number;
  /** Minor units as a decimal string. */
  totalAmount: string;
  currency: string;
  counts: Record<string, number>;
  /** Only when the batch has an approval record. */
  approval?: Record<string, unknown>;
  createdAt: string;
  completedAt: string | null;
}

export function toBatchView(batch: BatchRecord, counts: BatchCounts): BatchView {
  return {
    id: batch.id,
    status: batch.status,
    reference: batch.reference,
    description: batch.description,
    metadata: batch.metadata,
    itemCount: batch.itemCount,
    totalAmount: toJsonAmount(batch.totalAmount),
    currency: batch.currency,
    counts: Object.fromEntries(PAYOUT_STATUSES.map((status) => [status, counts[status] ?? 0])),
    ...(batch.approval !== null ? { approval: batch.approval } : {}),
    createdAt: batch.createdAt.toISOString(),
    completedAt: batch.completedAt?.toISOString() ?? null,
  };
}
