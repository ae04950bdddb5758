import type { BatchStatus } from './batch-status';

/** What decides a new batch's status: the batch as a whole (one approval decision covers every item). */
export interface BatchToOpen {
  itemCount: number;
  /** Minor units of `currency`. */
  totalAmount: bigint;
  currency: string;
}

/**
 * The status a valid batch is created in. Today every batch is `open` at once: its items are `pending` (or
 * `scheduled` until their `scheduledFor`), as single payouts are. The seam for approvals: a batch whose total needs an
 * approval is `awaiting_approval` instead, and so are its items until the batch is approved or rejected.
 */
export function initialBatchStatus(_batch: BatchToOpen): Extract<BatchStatus, 'open' | 'awaiting_approval'> {
  return 'open';
}
