export { PayoutEntity } from './payout.entity';
export { PayoutAttemptEntity } from './payout-attempt.entity';
export { PayoutEventEntity } from './payout-event.entity';
export { IdempotencyKeyEntity } from './idempotency-key.entity';
export { PiiCipher, PiiDecryptionError } from './pii-cipher';
export { sealedStoreProvider } from './sealed-store.provider';
export { openRawAnswer } from './sealed-raw-answer';
export type { RawAnswerColumn } from './sealed-raw-answer';
export { ProviderAnswerBodies } from './provider-answer-bodies';
export { entityManagerOf, TypeOrmPayoutStore, TypeOrmUnitOfWork } from './typeorm-payout-store';
export {
  PAYOUT_COLUMNS,
  sqlStatusList,
  toAttemptRecord,
  toPayoutEventRecord,
  toPayoutRecord,
  type AttemptRow,
  type PayoutEventRow,
  type PayoutRow,
} from './payout.rows';
export { newPayoutRecord, TypeOrmPayoutIntake } from './payout-intake';
export { newPayoutValues } from './payout.rows';
export { bigintTransformer } from './bigint.transformer';
export { DueScheduledPayouts } from './due-scheduled-payouts';
