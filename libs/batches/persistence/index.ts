export { PayoutBatchEntity } from './payout-batch.entity';
export { BatchCancelQueries } from './batch-cancel.queries';
