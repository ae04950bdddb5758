export { BATCH_CANCELABLE_STATUSES, BATCH_CANCEL_REASON_MAX_LENGTH, CancelBatch } from './cancel-batch';
export type { BatchCancelRows, BatchSummary, CancelBatchResult } from './cancel-batch';
