import type { BatchStatus } from '@libs/batches/domain';
import type { PayoutRecord } from '@libs/payouts/application';
import type { PayoutStatus } from '@libs/payouts/domain';
import type { ListKey } from './ops-cursor';

/** A payout with the name of the client that created it, for the console's program lists. */
export interface ClientPayoutRow {
  payout: PayoutRecord;
  clientName: string;
}

/** A batch with its items counted by their current status (a GROUP BY over payouts_batch_status_idx). */
export interface BatchProgressRow {
  id: string;
  clientId: string;
  clientName: string;
  status: BatchStatus;
  reference: string | null;
  itemCount: number;
  /** Minor units of `currency`: the items' sum (a batch total may exceed one payout's maximum). */
  totalAmount: bigint;
  currency: string;
  counts: Partial<Record<PayoutStatus, number>>;
  createdAt: Date;
  completedAt: Date | null;
}

/**
 * The console's reads for payout programs (programs.md "Ops page"): what waits for its release time, what waits for
 * an approver, how batches are doing. Every client's rows; nothing is written.
 */
export interface OpsProgramsStore {
  /** Payouts in `scheduled`, the earliest release (`scheduled_for`, id) first, after `after` when given. */
  listScheduled(limit: number, after?: ListKey): Promise<ClientPayoutRow[]>;
  /** Every client's batches, the newest (created_at, id) first, before `after` when given. */
  listBatches(limit: number, after?: ListKey): Promise<BatchProgressRow[]>;
  /**
   * Payouts in `awaiting_approval` that are not batch items (those are decided with their batch), the oldest
   * (created_at, id) first, after `after` when given: the approvers' queue, in the order GET /v1/approvals lists it.
   */
  listAwaitingApproval(limit: number, after?: ListKey): Promise<ClientPayoutRow[]>;
  /** Batches in `awaiting_approval`, the oldest (created_at, id) first, after `after` when given. */
  listBatchesAwaitingApproval(limit: number, after?: ListKey): Promise<BatchProgressRow[]>;
}
