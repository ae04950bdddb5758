export { PayoutEntity } from './payout.entity';
export { PayoutAttemptEntity } from './payout-attempt.entity';
export { LATE_FLIP_EVENT, PayoutEventEntity } from './payout-event.entity';
export { IdempotencyKeyEntity } from './idempotency-key.entity';
export { ApprovalPolicyEntity, PayoutApprovalEntity } from './approval.entities';
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
export { policyFromJson } from './approval-policy.rows';
export type { ApprovalPolicyJson } from './approval-policy.rows';
export { bigintTransformer } from './bigint.transformer';
export { DueWaitingPayouts } from './due-waiting-payouts';
export type { WaitingStatus } from './due-waiting-payouts';
export { ApprovalPolicyRepository, AwaitingApprovalRepository } from './approval-policy.repository';
