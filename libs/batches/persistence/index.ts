export { PayoutBatchEntity } from './payout-batch.entity';
export { PostgresBatchIntake } from './batch-intake';
export { PostgresBatchReads, toBatchRecord } from './batch-reads';
