export { BatchApprovalEntity, PayoutBatchEntity } from './payout-batch.entity';
export { BatchCancelQueries } from './batch-cancel.queries';
export { PostgresBatchIntake } from './batch-intake';
export { PostgresBatchReads, toBatchRecord } from './batch-reads';
