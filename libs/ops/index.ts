export * from './application';
export * from './ops-api.module';
export * from './ops-metrics.module';
export * from './ops-thresholds';
