export { BATCH_STATUSES } from './domain';
export type { BatchStatus } from './domain';
export { PayoutBatchEntity } from './persistence';
export { BatchLifecycleApiModule } from './batch-lifecycle-api.module';
export { CancelBatch } from './application';
