export { BATCH_STATUSES } from './domain';
export type { BatchStatus } from './domain';
export { PayoutBatchEntity } from './persistence';
