export { BALANCE_HOLD, DISPATCH_FAULT_POINTS, DISPATCH_FAULTS, NO_FAULTS } from './dispatch.ports';
export type {
  DispatchFaultPoint,
  DispatchJobs,
  DispatchLease,
  DispatchMetrics,
  DispatchOutcomeKind,
  DispatchReads,
  DispatchTiming,
  DispatchWrites,
  FaultPoints,
  GateResult,
  LeaseHandle,
  ResubmitJob,
  StoredRouting,
  SubmissionGate,
} from './dispatch.ports';
export { ANSWERED_ATTEMPT_KEY, isTransportFailure } from './submit-outcome';
export { RoutePayout } from './route-payout';
export { SettleRejectedAttempt } from './settle-rejected-attempt';
export { ApplySubmitOutcome } from './apply-submit-outcome';
export { SendAttempt } from './send-attempt';
export { claimedSend } from './send-claim';
export { DispatchPayout } from './dispatch-payout';
export { decideRail, railHold } from './rail-decision';
export type { BankCalendarSource, RailDecision } from './rail-decision';
export { ResubmitAttempt } from './resubmit-attempt';
export { ReapDispatches } from './reap-dispatches';
export type { ReaperRows, UnansweredAttempt } from './reap-dispatches';
export { FeedBatchItems } from './feed-batch-items';
export type { BatchDispatchJobs, BatchItemRows, FeedBatchItemsOptions } from './feed-batch-items';
export { RecordProviderBalance, RefreshProviderBalances } from './record-provider-balance';
export type { BalanceRecordResult } from './record-provider-balance';
