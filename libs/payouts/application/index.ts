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
export {
  CLOCK,
  creationStatusOf,
  DailyLimitReachedError,
  LiveAttemptExistsError,
  PAYOUT_STORE,
  UNIT_OF_WORK,
  VoteTakenError,
} from './payout-store.port';
export type {
  ApprovalVoteRow,
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
  MoneyMovementChange,
  NewAttempt,
  NewPayout,
  NewPayoutEvent,
  OutboxRows,
  PayoutChange,
  PayoutEventLog,
  PayoutIntake,
  PayoutListFilter,
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
export { EXPECTED_COMPLETION } from './expected-completion.port';
export type { ExpectedCompletion } from './expected-completion.port';
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
export type { ApprovalHoldOptions, CreatePayoutInput, CreatePayoutOptions } from './create-payout';
export { ApprovalPolicyCache } from './approval-policy-cache';
export { ReleaseScheduledPayouts } from './release-scheduled-payouts';
export type { ReleaseRun, ReleaseScheduledOptions } from './release-scheduled-payouts';
export { GetPayout } from './get-payout';
export type { PayoutExpansion } from './get-payout';
export { CANCEL_REASON_MAX_LENGTH, CancelPayout } from './cancel-payout';
export { LIST_LIMIT, ListPayouts } from './list-payouts';
export { EXPORT_COLUMNS, EXPORT_PAGE_SIZE, ExportPayouts, PAYOUT_EXPORT_ROWS } from './export-payouts';
export type { PayoutExportRow, PayoutExportRows } from './export-payouts';
export { FEED_LIMIT, ReadEventsFeed } from './read-events-feed';
export { KNOWN_PROVIDERS, PAYOUT_ACCEPTANCE } from './payout-acceptance.port';
export type { PayoutAcceptance, PayoutToAccept } from './payout-acceptance.port';
export {
  DecideApprovals,
  approvalReasonOrThrow,
  APPROVAL_REASON_MAX_LENGTH,
  batchItemDecision,
} from './decide-approvals';
export type { ApprovalDecision, Approver, DecisionOutcome, DecideApprovalsOptions } from './decide-approvals';
export { ManageApprovalPolicy, toApprovalPolicyView } from './manage-approval-policy';
export type { ApprovalPolicyView } from './manage-approval-policy';
export { APPROVALS_PAGE, ListAwaitingApproval } from './list-awaiting-approval';
export { ExpireUnapprovedPayouts } from './expire-unapproved-payouts';
export type { ExpireUnapprovedOptions, ExpiryRun } from './expire-unapproved-payouts';
export type { ApprovalPolicyRows, ApprovalPolicyVersion, AwaitingApprovalRows } from './approval-ports';
