import type { PayoutRecord } from '@libs/payouts/application';
import type { MinorUnits } from '@libs/payouts/domain';
import type { BatchStatus } from '../domain';

/** A batch as stored (payout_batches). */
export interface BatchRecord {
  id: string;
  clientId: string;
  status: BatchStatus;
  reference: string | null;
  description: string | null;
  metadata: Record<string, string>;
  itemCount: number;
  /** Minor units of `currency`. */
  totalAmount: MinorUnits;
  currency: string;
  approval: Record<string, unknown> | null;
  createdAt: Date;
  updatedAt: Date;
  completedAt: Date | null;
}

/** How many of a batch's items are in each payout status (absent statuses: none). */
export type BatchCounts = Partial<Record<PayoutRecord['status'], number>>;

/** Who may see which batches: a client its own, `ops:read` every client's (as payouts). */
export interface BatchVisibility {
  clientId: string;
  seesAllClients: boolean;
  /** `payouts:approve`: also any client's batch awaiting approval, and its items (decision 0013). */
  seesAwaitingApproval?: boolean;
}
