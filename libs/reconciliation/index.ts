export { ReadReconciliationRuns, RunReconciliation, StartReconciliationRun } from './application';
export type { RunItemRecord, RunRecord } from './application';
export { TypeOrmReconciliationRunStore } from './persistence/reconciliation-run.repository';
export { DAILY_RECONCILIATION_JOB } from './reconciliation-runs.processor';
export {
  isPolled,
  planNextCheck,
  PollDueAttempts,
  ReconcileAttempt,
  scheduleFor,
  SweepMissedWebhooks,
} from './application';
export type { PollMetrics } from './application';
export { CLAIM_DUE_SQL, PollRepository } from './persistence/poll.repository';
export { SharedPollBudget } from './persistence/redis-poll-budget';
export { reconciliationConfig } from './reconciliation.config';
export { ReconciliationApiModule } from './reconciliation-api.module';
export { ReconciliationJobsModule } from './reconciliation-jobs.module';
export {
  ReconciliationItemEntity,
  ReconciliationListedTransferEntity,
  ReconciliationRunEntity,
} from './persistence/reconciliation-run.entities';
