export { ATTEMPT_STATUSES } from './payout-record';
export type {
  AttemptRecord,
  AttemptStatus,
  OpenedRawAnswer,
  PayoutEventRecord,
  PayoutRecord,
  PayoutVisibility,
  RawAnswerFacts,
  RoutingRecord,
  StoredRawAnswer,
} from './payout-record';
export { CLOCK, DailyLimitReachedError, LiveAttemptExistsError, PAYOUT_STORE, UNIT_OF_WORK } from './payout-store.port';
export type {
  AttemptChange,
  AttemptRows,
  BeneficiaryForSubmission,
  BeneficiaryVault,
  FeedEntry,
  FeedPosition,
  IdempotencyKeyRows,
  IntakeOutcome,
  IntakeRequest,
  LockedPayoutRows,
  NewAttempt,
  NewPayout,
  NewPayoutEvent,
  OutboxRows,
  PayoutChange,
  PayoutEventLog,
  PayoutIntake,
  PayoutListQuery,
  PayoutRows,
  PayoutStore,
  PayoutTransitionRows,
  SendClaim,
  StoredResponse,
  TransactionHandle,
  TransactionRows,
  TransitionWrite,
  TransitionWritten,
  UnitOfWork,
} from './payout-store.port';
export type { OutboxMessage } from './outbox-message';
export {
  DISPATCH_PAYOUT_JOB,
  dispatchPayoutDeduplication,
  FIRST_CHECK_AFTER_MS,
  dispatchPayoutMessage,
  PAYOUT_CONTRADICTION_JOB,
  PAYOUT_STATUS_CHANGED_JOB,
  statusChangedMessage,
} from './payout-jobs';
export { toAttemptView, toPayoutEventView, toPayoutView } from './payout-view';
export type { AttemptView, PayoutEventView, PayoutView, PersonStatement } from './payout-view';
export { requestHash } from './request-hash';
export { decodeListCursorOrThrow, encodeListCursor } from './cursor';
export { PayoutChangedError, TransitionPayout } from './transition-payout';
export type {
  Decider,
  LockedPayout,
  PayoutFinalMetrics,
  SignalFor,
  TransitionOptions,
  TransitionResult,
  TransitionScope,
} from './transition-payout';
export { CreatePayout, newPayoutOrThrow } from './create-payout';
export type { CreatePayoutInput, CreatePayoutOptions } from './create-payout';
export { ReleaseScheduledPayouts } from './release-scheduled-payouts';
export type { ReleaseRun, ReleaseScheduledOptions } from './release-scheduled-payouts';
export { GetPayout } from './get-payout';
export type { PayoutExpansion } from './get-payout';
export { CANCEL_REASON_MAX_LENGTH, CancelPayout } from './cancel-payout';
export { LIST_LIMIT, ListPayouts } from './list-payouts';
export { FEED_LIMIT, ReadEventsFeed } from './read-events-feed';
export { KNOWN_PROVIDERS, PAYOUT_ACCEPTANCE } from './payout-acceptance.port';
export type { PayoutAcceptance, PayoutToAccept } from './payout-acceptance.port';
