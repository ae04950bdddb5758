export { PayoutBatchEntity } from './payout-batch.entity';
