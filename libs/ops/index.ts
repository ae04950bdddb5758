export { RetryFailedJob } from './application';
export { OpsApiModule } from './ops-api.module';
export { OpsMetricsModule } from './ops-metrics.module';
export { opsConfig } from './ops.config';
