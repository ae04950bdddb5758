export * from './application';
export * from './dispatch.config';
export * from './persistence';
export { DispatchApiModule } from './dispatch-api.module';
export { DispatchJobsModule } from './dispatch-jobs.module';
export { RESUBMIT_ATTEMPT_JOB, REAP_DISPATCHES_JOB } from './infrastructure/bullmq-dispatch-jobs';
export { dispatchLease } from './infrastructure/redis-dispatch-lease';
