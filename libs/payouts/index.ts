export {
  bankCodeFromTurkishIban,
  DomainValidationError,
  minorUnitsProblem,
  validateBeneficiaryOrThrow,
} from './domain';
export type { MinorUnits, NormalizedFailure, PayoutSignal, PayoutStatus } from './domain';
export {
  ApprovalPolicyCache,
  CreatePayout,
  DecideApprovals,
  ExpireUnapprovedPayouts,
  ListAwaitingApproval,
  CLOCK,
  newPayoutOrThrow,
  statusChangedMessage,
  toPayoutView,
  decodeListCursorOrThrow,
  encodeListCursor,
  DISPATCH_PAYOUT_JOB,
  dispatchPayoutDeduplication,
  KNOWN_PROVIDERS,
  LiveAttemptExistsError,
  PAYOUT_ACCEPTANCE,
  PAYOUT_CONTRADICTION_JOB,
  PAYOUT_STATUS_CHANGED_JOB,
  PAYOUT_STORE,
  ReleaseScheduledPayouts,
  requestHash,
  TransitionPayout,
} from './application';
export type {
  CreatePayoutInput,
  CreatePayoutOptions,
  NewPayout,
  OutboxMessage,
  PayoutView,
  AttemptRecord,
  Decider,
  FeedPosition,
  PayoutAcceptance,
  PayoutRecord,
  PayoutStore,
  SendClaim,
  StoredRawAnswer,
  TransitionOptions,
} from './application';
export {
  bigintTransformer,
  ApprovalPolicyEntity,
  entityManagerOf,
  newPayoutRecord,
  newPayoutValues,
  policyFromJson,
  IdempotencyKeyEntity,
  PayoutApprovalEntity,
  LATE_FLIP_EVENT,
  openRawAnswer,
  PAYOUT_COLUMNS,
  PayoutAttemptEntity,
  PayoutEntity,
  PayoutEventEntity,
  PiiCipher,
  sealedStoreProvider,
  PiiDecryptionError,
  ProviderAnswerBodies,
  sqlStatusList,
  toAttemptRecord,
  toPayoutEventRecord,
  toPayoutRecord,
  DueWaitingPayouts,
  ApprovalPolicyRepository,
  AwaitingApprovalRepository,
  TypeOrmPayoutIntake,
  TypeOrmPayoutStore,
  TypeOrmUnitOfWork,
} from './persistence';
export type { ApprovalPolicyJson, AttemptRow, PayoutEventRow, PayoutRow, RawAnswerColumn } from './persistence';
export { DEVELOPMENT_ONLY_PII_KEY, payoutsConfig, resolvePiiKeys } from './payouts.config';
export { PayoutsModule } from './payouts.module';
export { createPayoutOptions, PayoutsApiModule } from './payouts-api.module';
export { PayoutsJobsModule } from './payouts-jobs.module';
export {
  EXPIRE_UNAPPROVED_PAYOUTS_JOB,
  PAYOUT_RELEASE_QUEUE,
  RELEASE_SCHEDULED_PAYOUTS_JOB,
} from './payout-release.processor';
export { signalOutcomeMetrics } from './payout-signal.metrics';
export { CreatePayoutDto, CustomerDto } from './http/dto/create-payout.dto';
export { IsMetadata, METADATA_LIMITS } from './http/dto/domain-checks';
export { IDEMPOTENCY_KEY_HEADER, IDEMPOTENCY_KEY_LENGTH, IdempotencyKey } from './http/idempotency-key.decorator';
export { replayComparableBody } from './http/replay-body';
export { ApprovalDto, PayoutDto } from './http/dto/payout.dto';
export { ProviderFilter } from './http/dto/payout-queries.dto';
