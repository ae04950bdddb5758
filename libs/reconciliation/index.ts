export * from './application';
export * from './persistence/poll.repository';
export * from './persistence/redis-poll-budget';
export * from './reconciliation.config';
export * from './reconciliation.metrics';
export * from './reconciliation.processor';
export { ReconciliationApiModule } from './reconciliation-api.module';
export { ReconciliationJobsModule } from './reconciliation-jobs.module';
