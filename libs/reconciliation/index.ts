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
