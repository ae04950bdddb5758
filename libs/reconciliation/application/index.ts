export { isPolled, planNextCheck, scheduleFor } from './poll-plan';
export type { PollMetrics } from './poll-store.port';
export { ReconcileAttempt } from './reconcile-attempt';
export type { ReconcileResult } from './reconcile-attempt';
export { PollDueAttempts } from './poll-due-attempts';
export { SweepMissedWebhooks } from './sweep-missed-webhooks';
export { flagPayoutForOps } from './flag-payout';
export {
  hasListing,
  ITEM_CSV_HEADER,
  ListingUnavailableError,
  ReadReconciliationRuns,
  ResumeStalledRuns,
  RunReconciliation,
  StartReconciliationRun,
} from './reconciliation-runs';
export type { ListingProviders, StartRunInput } from './reconciliation-runs';
export { RECONCILIATION_RUNS_QUEUE, RUN_RECONCILIATION_JOB, RunMovedOnError } from './reconciliation-run.port';
export type { ReconciliationRunStore, RunItemRecord, RunRecord } from './reconciliation-run.port';
