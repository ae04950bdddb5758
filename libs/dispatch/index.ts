export {
  RecordProviderBalance,
  ANSWERED_ATTEMPT_KEY,
  ApplySubmitOutcome,
  claimedSend,
  DISPATCH_FAULT_POINTS,
  DISPATCH_FAULTS,
  DispatchPayout,
  NO_FAULTS,
  RoutePayout,
  SendAttempt,
  SettleRejectedAttempt,
} from './application';
export type { DispatchFaultPoint, DispatchJobs, FaultPoints, ResubmitJob } from './application';
export { dispatchConfig } from './dispatch.config';
export { BatchFeedQueries, DispatchStore, ReaperQueries } from './persistence';
export { DispatchApiModule } from './dispatch-api.module';
export { DispatchJobsModule } from './dispatch-jobs.module';
export { RESUBMIT_ATTEMPT_JOB, REAP_DISPATCHES_JOB } from './infrastructure/bullmq-dispatch-jobs';
export { dispatchLease } from './infrastructure/redis-dispatch-lease';
