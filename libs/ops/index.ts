export * from './application';
export * from './ops.module';
export * from './ops-metrics.module';
export * from './ops-thresholds';
