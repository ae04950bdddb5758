export { BATCH_STATUSES, isBatchStatus, sqlBatchStatusList } from './batch-status';
export type { BatchStatus } from './batch-status';
