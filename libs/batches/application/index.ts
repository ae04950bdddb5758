export type { BatchCounts, BatchRecord, BatchVisibility } from './batch-record';
export { toBatchView } from './batch-view';
export type { BatchView } from './batch-view';
export { BATCH_INTAKE, BATCH_READS } from './batch-store.port';
export type {
  BatchIntake,
  BatchIntakeOutcome,
  BatchIntakeRequest,
  BatchListPosition,
  BatchReads,
  NewBatch,
  NewBatchItem,
  StoredAnswer,
} from './batch-store.port';
export { CreateBatch } from './create-batch';
export type {
  BatchHeader,
  BatchItemCandidate,
  CreateBatchCommand,
  CreateBatchOptions,
  CreateBatchResult,
} from './create-batch';
export {
  BATCH_ITEMS_LIMIT,
  BATCH_LIST_LIMIT,
  csvField,
  ITEMS_CSV_COLUMNS,
  itemsCsvRow,
  ReadBatches,
} from './read-batches';
export type { Page } from './read-batches';
export { BATCH_CANCELABLE_STATUSES, BATCH_CANCEL_REASON_MAX_LENGTH, CancelBatch } from './cancel-batch';
export type { BatchCancelRows, BatchLookup, CancelBatchResult } from './cancel-batch';
export { DecideBatchApproval } from './decide-batch-approval';
export type {
  BatchApprovalRows,
  BatchDecisionResult,
  BatchVoteWrite,
  DecideBatchApprovalOptions,
} from './decide-batch-approval';
