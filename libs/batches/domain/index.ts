export { BATCH_STATUSES, isBatchStatus, sqlBatchStatusList } from './batch-status';
export type { BatchStatus } from './batch-status';
export { BatchInvalidError } from './batch-errors';
export type { BatchItemError } from './batch-errors';
export { currencyOf, duplicateReferenceErrors, itemCountErrors } from './batch-checks';
export type { ItemFacts } from './batch-checks';
export { initialBatchStatus } from './initial-status';
export type { BatchToOpen } from './initial-status';
