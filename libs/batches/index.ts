export { BATCH_STATUSES, BatchInvalidError, initialBatchStatus } from './domain';
export type { BatchItemError, BatchStatus } from './domain';
export { CreateBatch, ReadBatches, toBatchView } from './application';
export type { BatchRecord, BatchView } from './application';
export { PayoutBatchEntity, PostgresBatchIntake, PostgresBatchReads } from './persistence';
export { batchesConfig } from './batches.config';
export { BatchesApiModule } from './batches-api.module';
export { BATCH_INTAKE_PATH } from './http/batches.controller';
export { CSV_COLUMNS } from './http/csv/csv-items';
